//! Acceptance tests: every user-visible behaviour, driven through the real
//! `terraform` CLI against the bundled fake Admin API.

#![allow(dead_code)]

mod access;
mod assignment;
mod consistency_identity;
mod data_sources;
mod drift_attribution;
mod drift_changes;
mod export;
mod fake_binary;
mod functions;
mod group;
mod group_members;
mod group_user;
mod identity_data_sources;
mod key_api;
mod key_safety;
mod keys;
mod list_query;
mod migration;
mod misconfiguration;
mod newest_cli;
mod official_attributes;
mod official_examples;
mod organization_role;
mod partial_state;
mod people;
mod policies_objects;
mod policies_settings;
mod project;
mod project_group;
mod project_group_roles;
mod project_role;
mod project_user;
mod provider;
mod refresh_cost;
mod refresh_scenario;
mod resilience;
mod resource_identity;
mod support;
mod user_role_assignment;
