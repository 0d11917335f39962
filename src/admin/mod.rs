//! `openai-admin`: reads an organization's access control through the same
//! [`AdminClient`](crate::api::AdminClient) as the provider (same
//! environment, retries and rate limiting; only GET requests) and writes it
//! out:
//! - [`export`]: a Terraform configuration that adopts the organization
//!   with import blocks and an empty plan;
//! - [`snapshot`]: a [`Fixture`](crate::fake::fixture::Fixture) that the
//!   bundled fake loads, to rehearse changes on a copy;
//! - [`access`]: who holds which permissions where, and through what, as
//!   a report (also read by the `openai_effective_access` data source).
//!
//! Data flows one way: [`cli`] -> [`commands`] -> [`inventory`] (the API)
//! -> [`export`], [`snapshot`] or [`access`] -> [`output`] (files, written
//! at once).

pub mod access;
pub mod changed_since;
pub mod cli;
pub mod commands;
pub mod config;
pub mod export;
pub mod hcl;
pub mod inventory;
pub mod listing;
pub mod naming;
pub mod output;
pub mod snapshot;
#[cfg(test)]
mod test_support;
pub mod types;
