//! Where a certificate is active: at the organization (`active`) and in
//! projects (`active_project_ids`). Activation is its own call (an upload
//! is inactive), the lists say where a certificate is active, and the API
//! refuses to delete one that is active anywhere: so apply, refresh and
//! destroy each come here.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::json;

use super::certificate::CERTIFICATES;
use super::route::Located;
use super::route::Part::{self, Fixed, Param};
use crate::api::{AdminClient, ApiObject};
use crate::diagnostics::Diagnostics;
use crate::resources::errors::api_error;
use crate::resources::lists;
use crate::value::Value;

const ORGANIZATION: &[Part] = &[Fixed("organization"), Fixed("certificates")];
const PROJECT: &[Part] = &[
    Fixed("organization"),
    Fixed("projects"),
    Param("project_id"),
    Fixed("certificates"),
];

/// A scope a certificate is activated in.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Organization,
    Project(&'a str),
}

impl Scope<'_> {
    fn located(&self) -> Located<'static> {
        match self {
            Scope::Organization => Located {
                parts: ORGANIZATION,
                values: Vec::new(),
            },
            Scope::Project(id) => Located {
                parts: PROJECT,
                values: vec![("project_id", (*id).to_owned())],
            },
        }
    }

    fn words(&self) -> String {
        match self {
            Scope::Organization => "at the organization".into(),
            Scope::Project(id) => format!("in project {id}"),
        }
    }
}

/// `POST .../certificates/activate` (or `deactivate`) with this one
/// certificate. The API does both idempotently, so a repeat is safe.
async fn toggle(
    client: &AdminClient,
    scope: Scope<'_>,
    id: &str,
    active: bool,
) -> Result<(), Diagnostics> {
    let action = if active { "activate" } else { "deactivate" };
    let path = scope.located().item(&Method::POST, "action", action)?;
    client
        .update_object(&path, &json!({ "certificate_ids": [id] }))
        .await
        .map_err(|e| api_error(&format!("{action} certificate {id} {}", scope.words()), &e))?;
    log::info!("{action}d certificate {id} {}", scope.words());
    Ok(())
}

/// Whether `id` is active in `scope`, from the scope's list (the run's
/// cache unless `fresh`); a project that is gone has none active.
async fn is_active(
    client: &AdminClient,
    scope: Scope<'_>,
    id: &str,
    fresh: bool,
) -> Result<bool, Diagnostics> {
    let located = scope.located();
    let path = located.collection(&Method::GET)?;
    let action = format!("list the certificates {}", scope.words());
    match lists::objects(client, located.route(), &path, CERTIFICATES, fresh).await {
        Ok(listed) => Ok(listed
            .iter()
            .any(|c| c.id() == id && c.field("active").as_bool() == Some(true))),
        Err(e) if e.is_not_found() && matches!(scope, Scope::Project(_)) => Ok(false),
        Err(e) => Err(api_error(&action, &e)),
    }
}

fn projects(value: &Value) -> Option<BTreeSet<String>> {
    match value {
        Value::Set(items) | Value::List(items) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    }
}

fn id_of(state: &Value) -> &str {
    state.get_str("id").unwrap_or_default()
}

/// Makes the activation what `planned` says, from what `prior` recorded
/// (an upload is inactive everywhere), and records it in `state`.
pub(super) async fn apply(
    client: &AdminClient,
    prior: &Value,
    planned: &Value,
    mut state: Value,
) -> Result<Value, Diagnostics> {
    let id = id_of(&state).to_owned();
    let had = prior.get("active").as_bool().unwrap_or(false);
    let active = match planned.get("active").as_bool() {
        Some(want) => {
            if want != had {
                toggle(client, Scope::Organization, &id, want).await?;
            }
            want
        }
        // Left out: as it is (inactive after an upload).
        None => had,
    };
    state.set("active", Value::Bool(active));
    let had = projects(prior.get("active_project_ids")).unwrap_or_default();
    let want = projects(planned.get("active_project_ids"));
    for project in want.iter().flatten().filter(|p| !had.contains(*p)) {
        toggle(client, Scope::Project(project), &id, true).await?;
    }
    // A project taken out of the set (or the set left out) is deactivated
    // there: this resource activated it.
    let keep = want.clone().unwrap_or_default();
    for project in had.iter().filter(|p| !keep.contains(*p)) {
        toggle(client, Scope::Project(project), &id, false).await?;
    }
    state.set(
        "active_project_ids",
        planned.get("active_project_ids").clone(),
    );
    Ok(state)
}

/// The activation as the API has it now: `active` at the organization (the
/// organization's list says, and a listed `object` carries it), and which
/// of the recorded projects still have it active.
pub(super) async fn read(
    client: &AdminClient,
    object: &ApiObject,
    mut state: Value,
) -> Result<Value, Diagnostics> {
    let id = object.id().to_owned();
    let active = match object.field("active").as_bool() {
        Some(active) => active,
        None => is_active(client, Scope::Organization, &id, false).await?,
    };
    state.set("active", Value::Bool(active));
    if let Some(recorded) = projects(state.get("active_project_ids")) {
        let mut still = Vec::new();
        for project in recorded {
            if is_active(client, Scope::Project(&project), &id, false).await? {
                still.push(project);
            }
        }
        state.set("active_project_ids", Value::string_set(still));
    }
    Ok(state)
}

/// Before the delete: deactivates the certificate where the state has it
/// active, so that the API accepts the delete.
pub(super) async fn deactivate_all(client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
    let id = id_of(state);
    if state.get("active").as_bool() == Some(true) {
        toggle(client, Scope::Organization, id, false).await?;
    }
    for project in projects(state.get("active_project_ids")).unwrap_or_default() {
        match toggle(client, Scope::Project(&project), id, false).await {
            Ok(()) => {}
            // A deleted project has nothing active any more.
            Err(_) if !is_active(client, Scope::Project(&project), id, true).await? => {}
            Err(diags) => return Err(diags),
        }
    }
    Ok(())
}
