//! What a report shows first: the owners, and the broadest grants (the
//! roles that give the most permissions to the most people).

use std::collections::{BTreeMap, BTreeSet};

use super::{Access, Holder, ScopeRef, Source};

/// How many broadest grants a summary lists.
pub const BROADEST: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub users: usize,
    pub projects: usize,
    pub grants: usize,
    /// Owners of the organization.
    pub organization_owners: Vec<Holder>,
    /// Per project (by name), who holds its owner role, however.
    pub project_owners: Vec<(ScopeRef, Vec<Holder>)>,
    /// One role in one scope through one kind of source, with how many
    /// people hold it so; most permissions first, then most holders.
    pub broadest: Vec<Broad>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broad {
    pub scope: ScopeRef,
    pub role_id: String,
    pub role_name: String,
    pub through: String,
    pub permissions: usize,
    pub holders: usize,
}

impl Access {
    pub fn summary(&self) -> Summary {
        let organization_owners = self
            .grants
            .iter()
            .filter(|g| g.source == Source::OrganizationOwner)
            .map(|g| g.holder.clone())
            .collect::<Vec<_>>();
        let mut project_owners = Vec::new();
        for project in &self.projects {
            let owners: BTreeSet<(String, Holder)> = self
                .grants
                .iter()
                .filter(|g| &g.scope == project && g.role_id == "role-api-project-owner")
                .map(|g| (g.holder.name.clone(), g.holder.clone()))
                .collect();
            project_owners.push((
                project.clone(),
                owners.into_iter().map(|(_, h)| h).collect(),
            ));
        }
        type Key = (ScopeRef, String, String, String);
        let mut groups: BTreeMap<Key, (usize, BTreeSet<String>)> = BTreeMap::new();
        for g in &self.grants {
            let key = (
                g.scope.clone(),
                g.role_id.clone(),
                g.role_name.clone(),
                g.source.describe(),
            );
            let entry = groups.entry(key).or_default();
            entry.0 = g.permissions.len();
            entry.1.insert(g.holder.id.clone());
        }
        let mut broadest: Vec<Broad> = groups
            .into_iter()
            .map(
                |((scope, role_id, role_name, through), (permissions, holders))| Broad {
                    scope,
                    role_id,
                    role_name,
                    through,
                    permissions,
                    holders: holders.len(),
                },
            )
            .collect();
        broadest.sort_by(|a, b| {
            (b.permissions, b.holders)
                .cmp(&(a.permissions, a.holders))
                .then_with(|| (&a.scope, &a.role_id).cmp(&(&b.scope, &b.role_id)))
        });
        broadest.truncate(BROADEST);
        Summary {
            users: self.users.len(),
            projects: self.projects.len(),
            grants: self.grants.len(),
            organization_owners,
            project_owners,
            broadest,
        }
    }
}
