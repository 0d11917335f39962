//! The `/v1` Admin API routes: every documented operation of the subset the
//! provider uses, each wrapped by the same middleware (latency, auth, rate
//! limit, faults, logging). Handlers live by domain: [`roles`] (roles and
//! role assignments), [`identity`] (groups, members, projects, project
//! access, users).

mod audit;
mod collections;
mod identity;
mod roles;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Router, middleware};
use serde::Serialize;
use serde_json::Value;

use super::control;
use super::errors::ApiError;
use super::middleware::{RouteCtx, unknown_route, v1_layer};
use super::pagination::{ListParams, ListSpec, paginate};
use super::query::QueryPairs;
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
    use identity::*;
    use roles::*;
    let routes = [
        // Roles.
        api(
            "/v1/projects/{project_id}/roles",
            get(list_roles).post(create_role),
        ),
        api(
            "/v1/projects/{project_id}/roles/{role_id}",
            get(get_role).post(update_role).delete(delete_role),
        ),
        api("/v1/organization/roles", get(list_roles).post(create_role)),
        api(
            "/v1/organization/roles/{role_id}",
            get(get_role).post(update_role).delete(delete_role),
        ),
        // Groups and their members.
        api(
            "/v1/organization/groups",
            get(list_groups).post(create_group),
        ),
        api(
            "/v1/organization/groups/{group_id}",
            get(get_group).post(rename_group).delete(delete_group),
        ),
        api(
            "/v1/organization/groups/{group_id}/users",
            get(list_group_users).post(add_group_user),
        ),
        api(
            "/v1/organization/groups/{group_id}/users/{user_id}",
            get(get_group_user).delete(remove_group_user),
        ),
        // Projects and who has access to them.
        api(
            "/v1/organization/projects",
            get(list_projects).post(create_project),
        ),
        api(
            "/v1/organization/projects/{project_id}",
            get(get_project).post(update_project),
        ),
        api(
            "/v1/organization/projects/{project_id}/archive",
            post(archive_project),
        ),
        api(
            "/v1/organization/projects/{project_id}/groups",
            get(list_project_groups).post(add_project_group),
        ),
        api(
            "/v1/organization/projects/{project_id}/groups/{group_id}",
            get(get_project_group).delete(remove_project_group),
        ),
        api(
            "/v1/organization/projects/{project_id}/users",
            get(list_project_users).post(add_project_user),
        ),
        api(
            "/v1/organization/projects/{project_id}/users/{user_id}",
            get(get_project_user)
                .post(update_project_user)
                .delete(remove_project_user),
        ),
        // Users.
        api("/v1/organization/users", get(list_users)),
        // The audit log.
        api("/v1/organization/audit_logs", get(audit::list_audit_logs)),
        api(
            "/v1/organization/users/{user_id}",
            get(get_user).post(modify_user).delete(delete_user),
        ),
    ];
    // The declared types (invites, service accounts, keys, ...).
    let declared = super::collections::DECLARATIONS
        .iter()
        .flat_map(|decl| collections::routes(decl))
        .filter_map(|(path, methods)| methods.map(|m| api(path, m)))
        .chain([
            api(
                "/v1/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys",
                post(collections::create_service_account_key),
            ),
            api(
                "/v1/organization/projects/{project_id}/certificates",
                get(collections::list_project_certificates),
            ),
        ])
        .chain(certificate_toggles().map(|(path, methods)| api(path, methods)))
        .chain(
            super::collections::settings::SETTINGS
                .iter()
                .map(|setting| collections::setting_route(setting))
                .map(|(path, methods)| api(path, methods)),
        );
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
            api(org_one, get(get_assignment).delete(unassign)),
        ]
    });
    let mut app = Router::new();
    for (path, methods) in routes.into_iter().chain(assignment_routes).chain(declared) {
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

/// Activation and deactivation, at the organization and in a project.
fn certificate_toggles() -> [(&'static str, MethodRouter<Arc<Shared>>); 4] {
    let on = collections::toggle_certificates(true);
    let off = collections::toggle_certificates(false);
    [
        ("/v1/organization/certificates/activate", post(on.clone())),
        (
            "/v1/organization/certificates/deactivate",
            post(off.clone()),
        ),
        (
            "/v1/organization/projects/{project_id}/certificates/activate",
            post(on),
        ),
        (
            "/v1/organization/projects/{project_id}/certificates/deactivate",
            post(off),
        ),
    ]
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

fn ok<T: Serialize>(value: T) -> Response {
    Json(value).into_response()
}

/// What a successful create answers: 200, or the configured create status.
fn created<T: Serialize>(shared: &Shared, value: T) -> Response {
    let status = StatusCode::from_u16(shared.config.create_status)
        .ok()
        .filter(StatusCode::is_success)
        .unwrap_or(StatusCode::OK);
    (status, Json(value)).into_response()
}

/// The list parameters of a request, by the list's documented rules.
fn list_params(query: &QueryPairs, spec: &ListSpec) -> Result<ListParams, ApiError> {
    ListParams::parse(query, spec)
}

/// One page of `items`, which are in creation order.
fn page<T: HasId + Serialize>(shared: &Shared, items: Vec<T>, params: &ListParams) -> ApiResult {
    Ok(ok(paginate(items, params, shared.config.page_size)?))
}
