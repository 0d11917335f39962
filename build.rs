//! Generates the gRPC code for the Terraform plugin protocol and go-plugin's
//! side services. `protox` parses the .proto files in pure Rust, so no
//! system `protoc` is needed.

/// Only the `provider` feature serves the protocol (fuzz/ builds without it).
#[cfg(not(feature = "provider"))]
fn main() {}

#[cfg(feature = "provider")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = [
        "proto/tfplugin6.proto",
        "proto/grpc_controller.proto",
        "proto/grpc_stdio.proto",
    ];
    for proto in protos {
        println!("cargo:rerun-if-changed={proto}");
    }
    let descriptors = protox::compile(protos, ["proto"])?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
