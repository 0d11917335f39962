//! Handlers of the group, member, project, project-access and user routes.

use axum::body::Bytes;
use axum::extract::State;

use super::{ApiResult, AppState, Ids, created, json_body, list_params, ok, page};
use crate::fake::pagination::ListSpec;
use crate::fake::query::QueryPairs;
use crate::fake::requests::{
    AddGroupUser, AddProjectGroup, AddProjectUser, CreateProject, GroupName, UpdateProject,
    UpdateProjectUser,
};

// ----- groups ---------------------------------------------------------------

pub async fn list_groups(State(shared): AppState, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::GROUPS)?;
    let groups = shared.store().list_groups();
    page(&shared, groups, &params)
}

pub async fn get_group(State(shared): AppState, ids: Ids) -> ApiResult {
    let group = shared.store().get_group(ids.get("group_id")?)?;
    Ok(ok(group))
}

pub async fn create_group(State(shared): AppState, body: Bytes) -> ApiResult {
    let req = GroupName::parse(&json_body(&body)?)?;
    let group = shared.store().create_group(&req.name)?;
    Ok(created(&shared, group))
}

pub async fn rename_group(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = GroupName::parse(&json_body(&body)?)?;
    let group = shared
        .store()
        .rename_group(ids.get("group_id")?, &req.name)?;
    Ok(ok(group))
}

pub async fn delete_group(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared.store().delete_group(ids.get("group_id")?)?;
    Ok(ok(deleted))
}

// ----- group members --------------------------------------------------------

pub async fn list_group_users(State(shared): AppState, ids: Ids, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::GROUP_USERS)?;
    let users = shared.store().list_group_users(ids.get("group_id")?)?;
    page(&shared, users, &params)
}

pub async fn get_group_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let user = shared
        .store()
        .get_group_user(ids.get("group_id")?, ids.get("user_id")?)?;
    Ok(ok(user))
}

pub async fn add_group_user(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = AddGroupUser::parse(&json_body(&body)?)?;
    let added = shared
        .store()
        .add_group_user(ids.get("group_id")?, &req.user_id)?;
    Ok(created(&shared, added))
}

pub async fn remove_group_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let removed = shared
        .store()
        .remove_group_user(ids.get("group_id")?, ids.get("user_id")?)?;
    Ok(ok(removed))
}

// ----- projects -------------------------------------------------------------

pub async fn list_projects(State(shared): AppState, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::PROJECTS)?;
    let include_archived = query.bool("include_archived", false)?;
    let projects = shared.store().list_projects(include_archived);
    page(&shared, projects, &params)
}

pub async fn get_project(State(shared): AppState, ids: Ids) -> ApiResult {
    let project = shared.store().get_project(ids.get("project_id")?)?;
    Ok(ok(project))
}

pub async fn create_project(State(shared): AppState, body: Bytes) -> ApiResult {
    let req = CreateProject::parse(&json_body(&body)?)?;
    let project = shared.store().create_project(req)?;
    Ok(created(&shared, project))
}

pub async fn update_project(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = UpdateProject::parse(&json_body(&body)?)?;
    let project = shared.store().update_project(ids.get("project_id")?, req)?;
    Ok(ok(project))
}

/// Takes no body.
pub async fn archive_project(State(shared): AppState, ids: Ids) -> ApiResult {
    let project = shared.store().archive_project(ids.get("project_id")?)?;
    Ok(ok(project))
}

// ----- project groups -------------------------------------------------------

pub async fn list_project_groups(
    State(shared): AppState,
    ids: Ids,
    query: QueryPairs,
) -> ApiResult {
    let params = list_params(&query, &ListSpec::PROJECT_GROUPS)?;
    let groups = shared.store().list_project_groups(ids.get("project_id")?)?;
    page(&shared, groups, &params)
}

pub async fn get_project_group(State(shared): AppState, ids: Ids, query: QueryPairs) -> ApiResult {
    let group = shared.store().get_project_group(
        ids.get("project_id")?,
        ids.get("group_id")?,
        query.get("group_type"),
    )?;
    Ok(ok(group))
}

pub async fn add_project_group(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = AddProjectGroup::parse(&json_body(&body)?)?;
    let group = shared
        .store()
        .add_project_group(ids.get("project_id")?, req)?;
    Ok(created(&shared, group))
}

pub async fn remove_project_group(State(shared): AppState, ids: Ids) -> ApiResult {
    let removed = shared
        .store()
        .remove_project_group(ids.get("project_id")?, ids.get("group_id")?)?;
    Ok(ok(removed))
}

// ----- project users --------------------------------------------------------

pub async fn list_project_users(State(shared): AppState, ids: Ids, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::PROJECT_USERS)?;
    let users = shared.store().list_project_users(ids.get("project_id")?)?;
    page(&shared, users, &params)
}

pub async fn get_project_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let user = shared
        .store()
        .get_project_user(ids.get("project_id")?, ids.get("user_id")?)?;
    Ok(ok(user))
}

pub async fn add_project_user(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = AddProjectUser::parse(&json_body(&body)?)?;
    let user = shared
        .store()
        .add_project_user(ids.get("project_id")?, req)?;
    Ok(created(&shared, user))
}

pub async fn update_project_user(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = UpdateProjectUser::parse(&json_body(&body)?)?;
    let user =
        shared
            .store()
            .update_project_user(ids.get("project_id")?, ids.get("user_id")?, req)?;
    Ok(ok(user))
}

pub async fn remove_project_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let removed = shared
        .store()
        .remove_project_user(ids.get("project_id")?, ids.get("user_id")?)?;
    Ok(ok(removed))
}

// ----- users ----------------------------------------------------------------

/// `emails` filters by address; it may repeat (`emails=a&emails=b`), and the
/// bracketed spelling `emails[]=a` is accepted too.
pub async fn list_users(State(shared): AppState, query: QueryPairs) -> ApiResult {
    let params = list_params(&query, &ListSpec::USERS)?;
    let users = shared
        .store()
        .list_users(&query.all(&["emails", "emails[]"]));
    page(&shared, users, &params)
}

pub async fn get_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let user = shared.store().get_user(ids.get("user_id")?)?;
    Ok(ok(user))
}

pub async fn modify_user(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let user = shared.store().modify_user(ids.get("user_id")?, &body)?;
    Ok(ok(user))
}

/// Removes the user with their memberships, role assignments and keys.
pub async fn delete_user(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared.store().delete_user(ids.get("user_id")?)?;
    Ok(ok(deleted))
}
