//! Effective access: who holds which permissions where, and through what.
//!
//! Built from the same [`Inventory`] the export reads, with the same rule
//! for inherited assignments ([`Inventory::inherited_from`]): a user holds
//! a role in a scope (the organization, or one project) through
//! - a direct assignment of the role to the user;
//! - a group's assignment, when the user is a member of the group;
//! - a project group's join role (the role the group holds in the project
//!   that the export adopts as its join role, see [`join_role`]);
//! - the project user role (`owner` or `member` of the project: the
//!   predefined project role of that name);
//! - the organization user role: `owner` holds every permission in the
//!   organization and so in every project; another role holds the
//!   predefined organization role of that name, when the API lists one.
//!
//! Used by the `openai_effective_access` data source (one user, or one
//! permission) and by `openai-admin access` (the whole organization).
//! Building is pure; [`read_plan`] names the lists it needs.
//!
//! [`join_role`]: crate::admin::export::join_role

mod grants;
pub mod html;
pub mod query;
pub mod render;
pub mod summary;

pub use grants::{Grant, Holder, ScopeRef, Source, build};

use std::collections::{BTreeMap, BTreeSet};

use crate::admin::inventory::{Inventory, ReadPlan};

/// The lists effective access needs: everything but the declared types
/// and archived projects' contents (archived projects grant nothing: the
/// API refuses every request below them). `project_ids` narrows the
/// project lists to those projects; organization-wide lists are always
/// read, because organization roles hold in every project.
pub fn read_plan(project_ids: Option<BTreeSet<String>>) -> ReadPlan {
    ReadPlan {
        archived_contents: false,
        project_ids,
        project_roles: true,
        group_members: true,
        scim_members: true,
        // Every group's members are read already.
        source_members: false,
        org_group_roles: true,
        org_user_roles: true,
        project_groups: true,
        project_users: true,
        project_user_roles: true,
        declared: BTreeSet::new(),
        settings: BTreeSet::new(),
        retrieve: false,
        project_views: false,
    }
}

/// The organization's effective access, ready to render or query.
#[derive(Clone, Debug, PartialEq)]
pub struct Access {
    /// Sorted: organization first, then projects by name; within a scope
    /// by user, then role.
    pub grants: Vec<Grant>,
    /// Every active project read, by name (those with no grant too).
    pub projects: Vec<ScopeRef>,
    /// Groups whose members could not be read: their grants reach nobody
    /// listed, which a report must say.
    pub unread_groups: Vec<String>,
    /// Every user of the organization, by name.
    pub users: Vec<Holder>,
    /// The names of the groups each user is a member of, by user ID.
    pub memberships: BTreeMap<String, BTreeSet<String>>,
}

impl Access {
    pub fn of(inventory: &Inventory) -> Access {
        build(inventory)
    }
}

#[cfg(test)]
mod tests;
