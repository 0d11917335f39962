//! Handlers of the role and role-assignment routes.
//!
//! Organization and project routes share handlers: the presence of a
//! `{project_id}` path parameter is what selects the scope, and a
//! `{group_id}` or `{user_id}` parameter the principal of an assignment.

use axum::body::Bytes;
use axum::extract::State;

use super::{ApiResult, AppState, Ids, created, json_body, list_params, ok, page};
use crate::fake::pagination::ListSpec;
use crate::fake::query::QueryPairs;
use crate::fake::requests::{AssignRole, CreateRole, UpdateRole};

pub async fn list_roles(State(shared): AppState, ids: Ids, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::ROLES)?;
    let roles = shared.store().list_roles(ids.scope())?;
    page(&shared, roles, &params)
}

pub async fn get_role(State(shared): AppState, ids: Ids) -> ApiResult {
    let role = shared.store().get_role(ids.scope(), ids.get("role_id")?)?;
    Ok(ok(role))
}

pub async fn create_role(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = CreateRole::parse(&json_body(&body)?)?;
    let role = shared.store().create_role(ids.scope(), req)?;
    Ok(created(&shared, role))
}

pub async fn update_role(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = UpdateRole::parse(&json_body(&body)?)?;
    let role = shared
        .store()
        .update_role(ids.scope(), ids.get("role_id")?, req)?;
    Ok(ok(role))
}

pub async fn delete_role(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared
        .store()
        .delete_role(ids.scope(), ids.get("role_id")?)?;
    Ok(ok(deleted))
}

pub async fn assign(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = AssignRole::parse(&json_body(&body)?)?;
    let (out, is_new) = shared.store().assign(ids.scope(), ids.principal()?, req)?;
    Ok(if is_new {
        created(&shared, out)
    } else {
        ok(out)
    })
}

pub async fn list_assignments(State(shared): AppState, ids: Ids, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::ROLE_ASSIGNMENTS)?;
    let items = shared
        .store()
        .list_assignments(ids.scope(), ids.principal()?)?;
    page(&shared, items, &params)
}

pub async fn get_assignment(State(shared): AppState, ids: Ids) -> ApiResult {
    let item = shared
        .store()
        .get_assignment(ids.scope(), ids.principal()?, ids.get("role_id")?)?;
    Ok(ok(item))
}

pub async fn unassign(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared
        .store()
        .unassign(ids.scope(), ids.principal()?, ids.get("role_id")?)?;
    Ok(ok(deleted))
}
