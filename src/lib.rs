//! terraform-provider-openai: a Terraform provider for OpenAI's role-based
//! access control, speaking the Terraform plugin protocol (tfplugin6) itself.
//!
//! Data flows one way: Terraform -> [`plugin`] -> [`provider`] ->
//! [`resources`] -> [`api`] -> HTTP. [`fake`] is a local stand-in for the
//! Admin API, for tests, the demo and users trying configurations.

pub mod admin;
pub mod api;
pub mod data_sources;
pub mod diagnostics;
pub mod docs;
pub mod fake;
pub mod logging;
pub mod plugin;
pub mod provider;
pub mod resources;
pub mod schema;
pub mod value;
