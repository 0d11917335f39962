//! Acceptance tests: every user-visible behaviour, driven through the real
//! `terraform` CLI against the bundled fake Admin API.

#![allow(dead_code)]

mod assignment;
mod data_sources;
mod organization_role;
mod project_group_roles;
mod project_role;
mod provider;
mod resilience;
mod support;
mod user_role_assignment;
