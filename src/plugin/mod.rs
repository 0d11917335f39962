//! The Terraform plugin protocol layer: generated code, conversions, the
//! go-plugin handshake, TLS and the gRPC server.

mod conn;
mod convert;
pub mod handshake;
mod server;
mod service;
mod side_services;
pub mod tls;

pub use server::{ServeOptions, serve};

/// Generated from the vendored .proto files by build.rs.
pub mod proto {
    #![allow(clippy::all, clippy::pedantic, missing_docs)]

    pub mod tfplugin6 {
        tonic::include_proto!("tfplugin6");
    }

    pub mod plugin {
        tonic::include_proto!("plugin");
    }
}
