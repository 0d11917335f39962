//! Typed async client for the OpenAI Admin API: roles and role assignments
//! to groups and users at project and organization level, and who belongs
//! where (groups and their members, projects and their groups and users).
//!
//! [`AdminClient`] handles authentication, percent-encoded paths, complete
//! pagination, retries with backoff, per-endpoint pacing learned from
//! 429s (`pacer.rs`) and an optional overall request rate limit, both
//! shared by all its clones, and a stop signal; every
//! failure is an [`ApiError`] whose `Display` is written for a Terraform
//! diagnostic. The API key never appears in errors, logs or
//! `Debug` output.

mod api_keys;
mod assignments;
mod audit_logs;
mod client;
mod config;
mod endpoint;
mod error;
mod group_users;
mod groups;
mod identity_types;
pub mod json_path;
mod limiter;
mod objects;
mod own_key;
mod pacer;
mod pagination;
pub(crate) mod path;
pub mod predefined;
mod project_access;
mod projects;
mod proxy;
pub(crate) mod redact;
mod retry;
mod roles;
mod run_lists;
mod server_wait;
mod stats;
mod stop;
mod types;
mod unreachable;
mod users;

#[cfg(test)]
pub(crate) mod test_support;

pub use api_keys::{
    AdminApiKey, AdminKeyOwner, CreatedKey, KeyOwner, OwnerDetails, ProjectApiKey, Secret,
};
pub use audit_logs::{
    AuditActor, AuditApiKey, AuditDetails, AuditLogEvent, AuditLogFilter, AuditProject,
    AuditServiceAccount, AuditSession, AuditUser,
};
pub use client::AdminClient;
pub use config::ClientConfig;
pub use error::{ApiError, ApiErrorDetails, ErrorKind};
pub use identity_types::{
    AddProjectUserRequest, GroupUser, GroupUserAssignment, Project, ProjectGroup, ProjectUser,
};
pub use objects::ApiObject;
pub use pagination::{Cursor, ListSpec};
pub use path::percent_decode;
pub use proxy::is_loopback;
pub(crate) use run_lists::Flights;
pub use run_lists::{Route, RunLists};
pub use stats::ClientStats;
pub use types::{
    AssignedRole, AssignmentSource, CreateRoleRequest, Group, GroupRoleAssignment, ListPage,
    Principal, Role, RoleAssignment, UpdateRoleRequest, User, UserRoleAssignment,
};
pub use unreachable::{ProxyNote, Unreachable, UnreachableCause};
