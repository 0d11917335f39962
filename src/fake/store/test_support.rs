//! Shorthands for the store's unit tests.

use super::{Principal, Rules, Scope, Store};
use crate::fake::errors::ApiError;
use crate::fake::requests::{AssignRole, CreateRole};
use crate::fake::wire::{RoleAssignmentObject, RoleObject};

pub const ALPHA: Scope = Scope::Project("proj_alpha");
pub const BETA: Scope = Scope::Project("proj_beta");
/// The archived fixture project.
pub const LEGACY: Scope = Scope::Project("proj_legacy");

pub fn store() -> Store {
    Store::new(Rules::default())
}

pub fn create(s: &mut Store, scope: Scope, name: &str, perms: &[&str]) -> RoleObject {
    s.create_role(
        scope,
        CreateRole {
            role_name: name.into(),
            permissions: perms.iter().map(|p| p.to_string()).collect(),
            description: None,
        },
    )
    .unwrap()
}

pub fn g(id: &str) -> Principal<'_> {
    Principal::group(id)
}

pub fn u(id: &str) -> Principal<'_> {
    Principal::user(id)
}

pub fn assign(
    s: &mut Store,
    scope: Scope,
    principal: Principal,
    role: &str,
) -> Result<RoleAssignmentObject, ApiError> {
    s.assign(
        scope,
        principal,
        AssignRole {
            role_id: role.into(),
        },
    )
    .map(|(o, _)| o)
}

/// `(status, code)` of an error, for compact assertions.
pub fn status_code(err: &ApiError) -> (u16, Option<&str>) {
    (err.status, err.code.as_deref())
}
