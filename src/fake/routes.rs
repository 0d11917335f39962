//! Axum handlers for the `/v1` Admin API routes.
//!
//! Organization and project routes share handlers: the presence of a
//! `{project_id}` path parameter is what selects the scope, and a
//! `{group_id}` or `{user_id}` parameter the principal of an assignment.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use axum::{Router, middleware};
use serde::Serialize;
use serde_json::Value;

use super::control;
use super::errors::ApiError;
use super::middleware::{RouteCtx, unknown_route, v1_layer};
use super::pagination::{ListParams, paginate};
use super::requests::{AssignRole, CreateRole, UpdateRole};
use super::state::Shared;
use super::store::{Kind, Principal, Scope};
use super::wire::HasId;

type AppState = State<Arc<Shared>>;
type ApiResult = Result<Response, ApiError>;

/// Builds the whole app: `/v1` API, `/__fake` control endpoints, 404 fallback.
pub fn router(shared: Arc<Shared>) -> Router {
    let api = |path: &'static str, methods: MethodRouter<Arc<Shared>>| {
        let ctx = RouteCtx {
            shared: shared.clone(),
            route: path.trim_start_matches("/v1"),
        };
        // The fallback is added before the layer so wrong methods are
        // authenticated, faulted and logged like any request on this path.
        let methods = methods
            .fallback(wrong_method)
            .layer(middleware::from_fn_with_state(ctx, v1_layer));
        (path, methods)
    };
    let routes = [
        api(
            "/v1/projects/{project_id}/roles",
            get(list_roles).post(create_role),
        ),
        api(
            "/v1/projects/{project_id}/roles/{role_id}",
            post(update_role).delete(delete_role),
        ),
        api("/v1/organization/roles", get(list_roles).post(create_role)),
        api(
            "/v1/organization/roles/{role_id}",
            post(update_role).delete(delete_role),
        ),
        api("/v1/organization/groups", get(list_groups)),
        api("/v1/projects/{project_id}/groups", get(list_groups)),
        // The public OpenAPI description lists a project's groups here.
        api(
            "/v1/organization/projects/{project_id}/groups",
            get(list_groups),
        ),
        api("/v1/organization/users", get(list_users)),
    ];
    // Groups and users get the same four assignment routes.
    let assignment_routes = [
        (
            "/v1/projects/{project_id}/groups/{group_id}/roles",
            "/v1/projects/{project_id}/groups/{group_id}/roles/{role_id}",
            "/v1/organization/groups/{group_id}/roles",
            "/v1/organization/groups/{group_id}/roles/{role_id}",
        ),
        (
            "/v1/projects/{project_id}/users/{user_id}/roles",
            "/v1/projects/{project_id}/users/{user_id}/roles/{role_id}",
            "/v1/organization/users/{user_id}/roles",
            "/v1/organization/users/{user_id}/roles/{role_id}",
        ),
    ]
    .into_iter()
    .flat_map(|(project_list, project_one, org_list, org_one)| {
        [
            api(project_list, get(list_assignments).post(assign)),
            api(project_one, get(get_assignment).delete(unassign)),
            api(org_list, get(list_assignments).post(assign)),
            // No documented GET of one organization assignment, so none here.
            api(org_one, delete(unassign)),
        ]
    });
    let mut app = Router::new();
    for (path, methods) in routes.into_iter().chain(assignment_routes) {
        app = app.route(path, methods);
    }
    app.merge(control::router())
        .fallback(unknown_route)
        .with_state(shared)
}

/// The real API answers a wrong method like an unknown URL.
async fn wrong_method(method: Method, uri: Uri) -> ApiError {
    ApiError::unknown_url(method.as_str(), uri.path())
}

/// The path parameters a route may carry.
struct Ids(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        use axum::extract::rejection::RawPathParamsRejection as R;
        match RawPathParams::from_request_parts(parts, state).await {
            Ok(params) => Ok(Ids(params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect())),
            // Routes without parameters (organization lists).
            Err(R::MissingPathParams(_)) => Ok(Ids(HashMap::new())),
            Err(e) => Err(ApiError::bad_request(format!("Invalid path: {e}"))),
        }
    }
}

impl Ids {
    fn scope(&self) -> Scope<'_> {
        Scope::from_option(self.0.get("project_id").map(String::as_str))
    }

    /// The group or user an assignment route names.
    fn principal(&self) -> Result<Principal<'_>, ApiError> {
        [Kind::Group, Kind::User]
            .into_iter()
            .find_map(|kind| {
                self.0.get(kind.names().param).map(|id| Principal {
                    kind,
                    id: id.as_str(),
                })
            })
            .ok_or_else(|| ApiError::not_found("Missing path parameter 'group_id' or 'user_id'."))
    }

    fn get(&self, key: &str) -> Result<&str, ApiError> {
        self.0
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| ApiError::not_found(format!("Missing path parameter '{key}'.")))
    }
}

fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::malformed_json())
}

fn list_params(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<ListParams, ApiError> {
    let Query(q) =
        query.map_err(|e| ApiError::bad_request(format!("Invalid query string: {e}")))?;
    ListParams::parse(&q)
}

fn ok<T: Serialize>(value: T) -> Response {
    Json(value).into_response()
}

fn created<T: Serialize>(shared: &Shared, value: T) -> Response {
    let status = StatusCode::from_u16(shared.config.create_status)
        .ok()
        .filter(StatusCode::is_success)
        .unwrap_or(StatusCode::OK);
    (status, Json(value)).into_response()
}

fn page<T: HasId + Serialize>(shared: &Shared, items: Vec<T>, params: &ListParams) -> ApiResult {
    Ok(ok(paginate(items, params, shared.config.page_size)?))
}

async fn list_roles(
    State(shared): AppState,
    ids: Ids,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let params = list_params(query)?;
    let roles = shared.store().list_roles(ids.scope())?;
    page(&shared, roles, &params)
}

async fn create_role(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = CreateRole::parse(&json_body(&body)?)?;
    let role = shared.store().create_role(ids.scope(), req)?;
    Ok(created(&shared, role))
}

async fn update_role(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = UpdateRole::parse(&json_body(&body)?)?;
    let role = shared
        .store()
        .update_role(ids.scope(), ids.get("role_id")?, req)?;
    Ok(ok(role))
}

async fn delete_role(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared
        .store()
        .delete_role(ids.scope(), ids.get("role_id")?)?;
    Ok(ok(deleted))
}

async fn list_groups(
    State(shared): AppState,
    ids: Ids,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let params = list_params(query)?;
    let groups = shared.store().list_groups(ids.scope())?;
    page(&shared, groups, &params)
}

async fn list_users(
    State(shared): AppState,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let params = list_params(query)?;
    let users = shared.store().list_users();
    page(&shared, users, &params)
}

async fn assign(State(shared): AppState, ids: Ids, body: Bytes) -> ApiResult {
    let req = AssignRole::parse(&json_body(&body)?)?;
    let (out, is_new) = shared.store().assign(ids.scope(), ids.principal()?, req)?;
    Ok(if is_new {
        created(&shared, out)
    } else {
        ok(out)
    })
}

async fn list_assignments(
    State(shared): AppState,
    ids: Ids,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let params = list_params(query)?;
    let items = shared
        .store()
        .list_assignments(ids.scope(), ids.principal()?)?;
    page(&shared, items, &params)
}

async fn get_assignment(State(shared): AppState, ids: Ids) -> ApiResult {
    let item = shared
        .store()
        .get_assignment(ids.scope(), ids.principal()?, ids.get("role_id")?)?;
    Ok(ok(item))
}

async fn unassign(State(shared): AppState, ids: Ids) -> ApiResult {
    let deleted = shared
        .store()
        .unassign(ids.scope(), ids.principal()?, ids.get("role_id")?)?;
    Ok(ok(deleted))
}
