//! The routes of every declared type (`fake::collections`): one generic
//! handler per operation, each told its [`Declaration`], registered behind
//! the same `/v1` middleware as every other route.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{MethodRouter, get};

use super::{ApiResult, AppState, Ids, created, json_body, list_params, ok, page};
use crate::fake::collections::settings::Setting;
use crate::fake::collections::{Declaration, Shown};
use crate::fake::query::QueryPairs;
use crate::fake::state::Shared;
use std::sync::Arc;

type Methods = MethodRouter<Arc<Shared>>;

/// The collection route (list, create) and the item route (retrieve,
/// update, delete) of a declaration, with the methods it declares.
pub fn routes(decl: &'static Declaration) -> [(&'static str, Option<Methods>); 2] {
    let mut list: Option<Methods> = None;
    if decl.listable {
        list = Some(get(move |s: AppState, ids: Ids, q: QueryPairs| {
            list_objects(decl, s, ids, q)
        }));
    }
    if decl.create.is_some() {
        let create = move |s: AppState, ids: Ids, body: Bytes| create_object(decl, s, ids, body);
        list = Some(match list {
            Some(m) => m.post(create),
            None => axum::routing::post(create),
        });
    }
    let mut item = get(move |s: AppState, ids: Ids, q: QueryPairs| get_object(decl, s, ids, q));
    if decl.update.is_some() {
        item =
            item.post(move |s: AppState, ids: Ids, body: Bytes| update_object(decl, s, ids, body));
    }
    if decl.deleted_object.is_some() {
        item = item.delete(move |s: AppState, ids: Ids| delete_object(decl, s, ids));
    }
    [(decl.path, list), (decl.item_path, Some(item))]
}

fn parent<'a>(decl: &Declaration, ids: &'a Ids) -> Option<&'a str> {
    decl.parent
        .param()
        .and_then(|p| ids.0.get(p))
        .map(String::as_str)
}

async fn list_objects(
    decl: &'static Declaration,
    State(shared): AppState,
    ids: Ids,
    query: QueryPairs,
) -> ApiResult {
    let params = list_params(&query, &decl.list)?;
    let objects = shared
        .store()
        .collection_list(decl, parent(decl, &ids), &query)?;
    page(&shared, objects, &params)
}

async fn get_object(
    decl: &'static Declaration,
    State(shared): AppState,
    ids: Ids,
    query: QueryPairs,
) -> ApiResult {
    let id = ids.get(decl.item_param)?;
    let object = shared
        .store()
        .collection_get(decl, parent(decl, &ids), id)?;
    Ok(ok(decl.shown(object, Shown::Retrieved(&query))))
}

async fn create_object(
    decl: &'static Declaration,
    State(shared): AppState,
    ids: Ids,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body)?;
    let object = shared
        .store()
        .collection_create(decl, parent(decl, &ids), &body)?;
    Ok(created(&shared, object))
}

async fn update_object(
    decl: &'static Declaration,
    State(shared): AppState,
    ids: Ids,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body)?;
    let id = ids.get(decl.item_param)?;
    let object = shared
        .store()
        .collection_update(decl, parent(decl, &ids), id, &body)?;
    Ok(ok(object))
}

async fn delete_object(decl: &'static Declaration, State(shared): AppState, ids: Ids) -> ApiResult {
    let id = ids.get(decl.item_param)?;
    let deleted = shared
        .store()
        .collection_delete(decl, parent(decl, &ids), id)?;
    Ok(ok(deleted))
}

/// `POST .../service_accounts/{service_account_id}/api_keys`: an action on
/// a service account, not a collection of its own (the keys are listed
/// among the project's).
pub async fn create_service_account_key(
    State(shared): AppState,
    ids: Ids,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body)?;
    let key = shared.store().create_service_account_key(
        ids.get("project_id")?,
        ids.get("service_account_id")?,
        &body,
    )?;
    Ok(created(&shared, key))
}

/// The route of a setting (`fake::collections::settings`): `GET`, `POST`
/// and, where it has one, `DELETE`.
pub fn setting_route(setting: &'static Setting) -> (&'static str, Methods) {
    let owner = move |ids: &Ids| setting.parent.param().and_then(|p| ids.0.get(p)).cloned();
    let mut methods = get(move |State(shared): AppState, ids: Ids| async move {
        let value = shared
            .store()
            .setting_get(setting, owner(&ids).as_deref())?;
        ApiResult::Ok(ok(value))
    })
    .post(
        move |State(shared): AppState, ids: Ids, body: Bytes| async move {
            let body = json_body(&body)?;
            let value = shared
                .store()
                .setting_post(setting, owner(&ids).as_deref(), &body)?;
            ApiResult::Ok(ok(value))
        },
    );
    if setting.deleted_object.is_some() {
        methods = methods.delete(move |State(shared): AppState, ids: Ids| async move {
            let deleted = shared
                .store()
                .setting_delete(setting, owner(&ids).as_deref())?;
            ApiResult::Ok(ok(deleted))
        });
    }
    (setting.path, methods)
}

/// `GET /organization/projects/{project_id}/certificates`.
pub async fn list_project_certificates(
    State(shared): AppState,
    ids: Ids,
    query: QueryPairs,
) -> ApiResult {
    let params = list_params(
        &query,
        &crate::fake::collections::certificates::CERTIFICATES.list,
    )?;
    let listed = shared
        .store()
        .project_certificates(ids.get("project_id")?)?;
    page(&shared, listed, &params)
}

/// `POST .../certificates/activate` and `deactivate`, at the organization
/// or in the project of the path.
pub fn toggle_certificates(
    active: bool,
) -> impl Fn(AppState, Ids, Bytes) -> std::pin::Pin<Box<dyn Future<Output = ApiResult> + Send>>
+ Clone
+ Send
+ Sync
+ 'static {
    move |State(shared): AppState, ids: Ids, body: Bytes| {
        Box::pin(async move {
            let body = json_body(&body)?;
            let project = ids.0.get("project_id").map(String::as_str);
            let answer = shared.store().toggle_certificates(project, &body, active)?;
            Ok(ok(answer))
        })
    }
}
