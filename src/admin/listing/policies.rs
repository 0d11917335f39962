//! The objects of the policy types and of `openai_admin_api_key`, for
//! their list resources: the settings of the organization and of each
//! active project (every one a project has, rate limits included: a list
//! shows what exists, the export decides what is worth writing), spend
//! alerts and certificates from the same inventory reads as the export's
//! declared types, admin keys from their list (never a key's value).

use std::collections::BTreeSet;

use super::{Found, api_error, read};
use crate::admin::inventory::{Inventory, ReadError, ReadPlan};
use crate::api::{AdminClient, ApiObject};
use crate::resources::declared;

/// Listed here beyond the settings types.
pub(super) const OBJECTS: &[&str] = &[
    "openai_organization_spend_alert",
    "openai_project_spend_alert",
    "openai_certificate",
    "openai_admin_api_key",
];

/// Whether `type_name` is listed here.
pub(super) fn lists(type_name: &str) -> bool {
    OBJECTS.contains(&type_name) || declared::settings::setting(type_name).is_some()
}

/// Every object of `type_name` (only in `project_id`, when it is set).
pub(super) async fn find(
    client: &AdminClient,
    type_name: &'static str,
    project_id: Option<&str>,
) -> Result<Vec<Found>, ReadError> {
    if type_name == "openai_admin_api_key" {
        let keys = client
            .list_admin_api_keys()
            .await
            .map_err(|error| api_error("admin API keys", error))?;
        return Ok(keys
            .into_iter()
            .map(|key| Found {
                display_name: format!(
                    "{} ({})",
                    key.name.as_deref().unwrap_or("unnamed key"),
                    key.redacted_value
                ),
                ids: vec![key.id],
            })
            .collect());
    }
    let setting = declared::settings::setting(type_name);
    let plan = ReadPlan {
        project_ids: project_id.map(|p| BTreeSet::from([p.to_owned()])),
        settings: setting.iter().map(|s| s.type_name).collect(),
        declared: setting.is_none().then_some(type_name).into_iter().collect(),
        ..ReadPlan::default()
    };
    let inventory = read(client, &plan).await?;
    let objects = match setting {
        Some(_) => inventory.settings.get(type_name),
        None => inventory.declared.get(type_name),
    };
    let project_name = |object: &ApiObject| project_name(&inventory, object);
    Ok(objects
        .into_iter()
        .flatten()
        .map(|object| match setting {
            Some(setting) => {
                let id = setting.import_id_of(object);
                let what = match setting.list_spec() {
                    Some(_) => format!(" {} ({})", object.id(), object.str("model").unwrap_or("?")),
                    None => String::new(),
                };
                Found {
                    ids: vec![id],
                    display_name: format!("{}{what}{}", setting.noun, project_name(object)),
                }
            }
            None => {
                let id = match object.str("project_id") {
                    Some(project) => format!("{project}/{}", object.id()),
                    None => object.id().to_owned(),
                };
                let what = match object.field("threshold_amount").as_i64() {
                    Some(cents) => format!("spend alert at {cents} cents"),
                    None => object.str("name").unwrap_or(object.id()).to_owned(),
                };
                Found {
                    ids: vec![id],
                    display_name: format!("{what}{}", project_name(object)),
                }
            }
        })
        .collect())
}

/// ` of <project name>` for a project's object, else ` of the organization`.
fn project_name(inventory: &Inventory, object: &ApiObject) -> String {
    match object.str("project_id") {
        Some(id) => {
            let name = inventory
                .projects
                .iter()
                .find(|p| p.project.id == id)
                .map_or(id, |p| p.project.name.as_str());
            format!(" of {name}")
        }
        None => " of the organization".to_owned(),
    }
}
