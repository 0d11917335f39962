//! terraform-provider-openai: a Terraform provider for OpenAI's role-based
//! access control, speaking the Terraform plugin protocol (tfplugin6) itself.
//!
//! Data flows one way: Terraform -> [`plugin`] -> [`provider`] ->
//! [`resources`] -> [`api`] -> HTTP. [`fake`] is a local stand-in for the
//! Admin API, for tests, the demo and users trying configurations.

// Without the `provider` feature (only fuzz/ builds that way) the crate is
// just its parsers of untrusted input: values, import IDs, API error bodies.
#[cfg(feature = "provider")]
pub mod admin;
#[cfg(feature = "provider")]
pub mod api;
#[cfg(feature = "provider")]
pub mod certificates;
#[cfg(feature = "provider")]
pub mod data_sources;
pub mod diagnostics;
#[cfg(feature = "provider")]
pub mod docs;
#[cfg(feature = "provider")]
pub mod ephemeral;
#[cfg(feature = "provider")]
pub mod fake;
#[cfg(feature = "provider")]
pub mod functions;
#[cfg(feature = "provider")]
pub mod logging;
#[cfg(feature = "provider")]
pub mod permissions;
#[cfg(feature = "provider")]
pub mod plugin;
#[cfg(feature = "provider")]
pub mod provider;
#[cfg(feature = "provider")]
pub mod resources;
pub mod schema;
pub mod spellings;
pub mod value;

/// The API error type alone (its body parsing is fuzzed).
#[cfg(not(feature = "provider"))]
pub mod api {
    mod error;
    // Its log-line helpers are only used by the provider.
    #[allow(dead_code)]
    mod redact;
    mod unreachable;

    pub use error::{ApiError, ApiErrorDetails, ErrorKind};
    pub use unreachable::{ProxyNote, Unreachable, UnreachableCause};
}

/// The import-ID parser alone (fuzzed).
#[cfg(not(feature = "provider"))]
pub mod resources {
    pub mod import_id;
}
