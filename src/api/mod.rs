//! Typed async client for the OpenAI Admin API: custom roles and role
//! assignments to groups and users, at project and organization level.
//!
//! [`AdminClient`] handles authentication, percent-encoded paths, complete
//! pagination, retries with backoff, a rate-limit cooldown and an optional
//! request rate limit shared by all its clones, and a stop signal; every
//! failure is an [`ApiError`] whose `Display` is written for a Terraform
//! diagnostic. The API key never appears in errors, logs or
//! `Debug` output.

mod assignments;
mod client;
mod config;
mod cooldown;
mod error;
mod groups;
mod limiter;
mod pagination;
mod path;
mod retry;
mod roles;
mod stats;
mod stop;
mod types;
mod users;

#[cfg(test)]
mod test_support;

pub use client::AdminClient;
pub use config::ClientConfig;
pub use error::{ApiError, ApiErrorDetails, ErrorKind};
pub use stats::ClientStats;
pub use types::{
    AssignedRole, AssignmentSource, CreateRoleRequest, Group, GroupRoleAssignment, ListPage,
    Principal, Role, RoleAssignment, UpdateRoleRequest, User, UserRoleAssignment,
};
