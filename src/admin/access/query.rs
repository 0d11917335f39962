//! The questions the `openai_effective_access` data source answers: what
//! one user holds, or who holds one permission; in one project (with the
//! organization-wide grants, which hold there too) or everywhere.

use std::collections::{BTreeMap, BTreeSet};

use super::{Access, Grant, Holder, ScopeRef};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    UserId(String),
    /// Compared without regard to case.
    Email(String),
    Permission(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub subject: Subject,
    /// Only this project (and the organization).
    pub project_id: Option<String>,
}

/// A user who holds something in the answer, and the groups they are in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolderEntry {
    pub holder: Holder,
    pub groups: BTreeSet<String>,
}

/// What the grants of the answer add up to in one scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeTotal {
    pub scope: ScopeRef,
    pub roles: BTreeSet<String>,
    pub permissions: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub grants: Vec<Grant>,
    /// Sorted by name, then ID.
    pub holders: Vec<HolderEntry>,
    /// The organization first, then projects in the grants' order.
    pub scopes: Vec<ScopeTotal>,
}

/// Why a query has no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    NoSuchUser(String),
    NoSuchProject(String),
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::NoSuchUser(who) => write!(f, "the organization has no user {who}"),
            QueryError::NoSuchProject(id) => {
                write!(f, "the organization has no active project {id:?}")
            }
        }
    }
}

impl Access {
    pub fn answer(&self, query: &Query) -> Result<Answer, QueryError> {
        if let Some(id) = &query.project_id
            && !self
                .projects
                .iter()
                .any(|p| p.project_id.as_ref() == Some(id))
        {
            return Err(QueryError::NoSuchProject(id.clone()));
        }
        let user_id = match &query.subject {
            Subject::UserId(id) => Some(
                self.users
                    .iter()
                    .find(|u| &u.id == id)
                    .map(|u| u.id.clone())
                    .ok_or_else(|| QueryError::NoSuchUser(format!("with ID {id:?}")))?,
            ),
            Subject::Email(email) => Some(
                self.users
                    .iter()
                    .find(|u| {
                        u.email
                            .as_deref()
                            .is_some_and(|e| e.eq_ignore_ascii_case(email))
                    })
                    .map(|u| u.id.clone())
                    .ok_or_else(|| QueryError::NoSuchUser(format!("with email {email:?}")))?,
            ),
            Subject::Permission(_) => None,
        };
        let in_scope = |g: &&Grant| match (&query.project_id, &g.scope.project_id) {
            (None, _) | (Some(_), None) => true,
            (Some(wanted), Some(project)) => wanted == project,
        };
        let matches = |g: &&Grant| match (&query.subject, &user_id) {
            (Subject::Permission(p), _) => g.holds(p),
            (_, Some(id)) => &g.holder.id == id,
            (_, None) => false,
        };
        let grants: Vec<Grant> = self
            .grants
            .iter()
            .filter(in_scope)
            .filter(matches)
            .cloned()
            .collect();
        Ok(Answer {
            holders: self.holders(&grants),
            scopes: totals(&grants),
            grants,
        })
    }

    fn holders(&self, grants: &[Grant]) -> Vec<HolderEntry> {
        let unique: BTreeSet<(&str, &str)> = grants
            .iter()
            .map(|g| (g.holder.name.as_str(), g.holder.id.as_str()))
            .collect();
        unique
            .into_iter()
            .map(|(_, id)| {
                let holder = grants
                    .iter()
                    .find(|g| g.holder.id == id)
                    .map(|g| g.holder.clone())
                    .expect("a holder of a grant");
                HolderEntry {
                    groups: self.memberships.get(id).cloned().unwrap_or_default(),
                    holder,
                }
            })
            .collect()
    }
}

fn totals(grants: &[Grant]) -> Vec<ScopeTotal> {
    let mut order: Vec<ScopeRef> = Vec::new();
    let mut by_scope: BTreeMap<ScopeRef, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for g in grants {
        if !order.contains(&g.scope) {
            order.push(g.scope.clone());
        }
        let (roles, permissions) = by_scope.entry(g.scope.clone()).or_default();
        roles.insert(g.role_id.clone());
        permissions.extend(g.permissions.iter().cloned());
    }
    order
        .into_iter()
        .map(|scope| {
            let (roles, permissions) = by_scope.remove(&scope).unwrap_or_default();
            ScopeTotal {
                scope,
                roles,
                permissions,
            }
        })
        .collect()
}
