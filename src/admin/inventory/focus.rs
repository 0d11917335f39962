//! Reading for one user: what one person holds needs that person's own
//! assignment lists and those of the groups they are in, not everyone's.
//! Every group's members are still read (they say which groups those are),
//! and the lists every read makes; but the organization roles of other
//! users, the roles of groups the user is not in (organization-wide and in
//! each project) and the roles of other project users are not.

use std::collections::BTreeSet;

use crate::api::User;

/// The user whose access is read, as a query names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    UserId(String),
    /// Compared without regard to case.
    Email(String),
}

impl Focus {
    /// The listed user this names, if any.
    pub(super) fn resolve(&self, users: &[User]) -> Option<String> {
        users
            .iter()
            .find(|u| match self {
                Focus::UserId(id) => &u.id == id,
                Focus::Email(email) => u
                    .email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email)),
            })
            .map(|u| u.id.clone())
    }
}

/// Whose lists a read reads: everyone's, or one user's (`None` when the
/// focus names nobody the organization has: nobody's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) enum Whose {
    #[default]
    Everyone,
    One {
        user: Option<String>,
        /// The groups the user is a member of.
        groups: BTreeSet<String>,
    },
}

impl Whose {
    pub fn user(&self, user_id: &str) -> bool {
        match self {
            Whose::Everyone => true,
            Whose::One { user, .. } => user.as_deref() == Some(user_id),
        }
    }

    pub fn group(&self, group_id: &str) -> bool {
        match self {
            Whose::Everyone => true,
            Whose::One { groups, .. } => groups.contains(group_id),
        }
    }
}
