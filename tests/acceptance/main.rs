//! Acceptance tests: every user-visible behaviour, driven through the real
//! `terraform` CLI against the bundled fake Admin API.

#![allow(dead_code)]

mod assignment;
mod project_role;
mod provider;
mod resilience;
mod support;
