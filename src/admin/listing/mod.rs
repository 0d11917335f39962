//! The objects of one resource type in the organization, for the list
//! resources of `terraform query` (see `provider::list`). The types the
//! export writes are found exactly as the export finds them (the same
//! inventory read, the same rules for what can be adopted with an empty
//! plan); the few it never writes are listed from the same inventory here.

mod policies;

use std::collections::BTreeSet;

use crate::admin::export::{self, ExportOptions};
use crate::admin::inventory::{self, Inventory, ReadError, ReadPlan};
use crate::admin::types::{ResourceType, TypeFilter};
use crate::api::{AdminClient, ApiError};

/// One object found: the IDs that name it (its import ID, then its key),
/// and a name for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub ids: Vec<String>,
    pub display_name: String,
}

/// Resource types the export never writes, listed here from the inventory.
const LISTED_HERE: &[&str] = &[
    "openai_organization_user",
    "openai_group_members",
    "openai_project_group_roles",
    "openai_project_api_key",
];

/// Whether objects of `type_name` can be listed.
pub fn lists(type_name: &str) -> bool {
    LISTED_HERE.contains(&type_name)
        || policies::lists(type_name)
        || ResourceType::parse(type_name).is_ok()
}

/// Every object of `type_name` (only those in `project_id`, and
/// organization-level ones are then left out, when it is set).
pub async fn find(
    client: &AdminClient,
    type_name: &'static str,
    project_id: Option<&str>,
) -> Result<Vec<Found>, ReadError> {
    if policies::lists(type_name) {
        return policies::find(client, type_name, project_id).await;
    }
    let project_ids = project_id.map(|p| BTreeSet::from([p.to_owned()]));
    if let Ok(ty) = ResourceType::parse(type_name) {
        // A project group's join role is its own, not a role assignment
        // too, as in the export: two resources must not manage one role.
        let mut types = vec![ty.type_name().to_owned()];
        if ty == ResourceType::GroupRoleAssignment {
            types.push(ResourceType::ProjectGroup.type_name().to_owned());
        }
        let options = ExportOptions {
            types: TypeFilter::new(&types, &[], &[]).map_err(ReadError::Selection)?,
            project_ids,
            changed: None,
        };
        let inventory = read(client, &options.read_plan()).await?;
        return Ok(export::adoptable(&inventory, &options)
            .into_iter()
            .filter(|a| a.ty == ty)
            .map(|a| Found {
                ids: vec![a.import_id, a.key],
                display_name: a.name,
            })
            .collect());
    }
    let plan = ReadPlan {
        project_ids,
        project_groups: type_name == "openai_project_group_roles",
        ..ReadPlan::default()
    };
    let inventory = read(client, &plan).await?;
    // The active projects asked for (archived ones cannot be managed).
    let active = || {
        inventory
            .projects
            .iter()
            .filter(|p| !p.is_archived() && project_id.is_none_or(|id| id == p.project.id))
    };
    let mut found = Vec::new();
    match type_name {
        "openai_organization_user" => {
            for entry in &inventory.users {
                let user = &entry.user;
                found.push(Found {
                    ids: vec![user.id.clone()],
                    display_name: user.email.clone().unwrap_or_else(|| user.name.clone()),
                });
            }
        }
        "openai_group_members" => {
            // A SCIM-managed group's members belong to its identity provider.
            for entry in inventory.groups.iter().filter(|g| !g.group.scim_managed) {
                found.push(Found {
                    ids: vec![entry.group.id.clone()],
                    display_name: entry.group.name.clone(),
                });
            }
        }
        "openai_project_group_roles" => {
            for project in active() {
                for group in project.contents.iter().flat_map(|c| &c.groups) {
                    found.push(Found {
                        ids: vec![format!("{}/{}", project.project.id, group.access.group_id)],
                        display_name: format!(
                            "{} in {}",
                            group.access.group_name, project.project.name
                        ),
                    });
                }
            }
        }
        "openai_project_api_key" => {
            for project in active() {
                let keys = client
                    .list_project_api_keys(&project.project.id)
                    .await
                    .map_err(|error| api_error("project API keys", error))?;
                for key in keys {
                    found.push(Found {
                        ids: vec![format!("{}/{}", project.project.id, key.id)],
                        display_name: format!(
                            "{} ({}) in {}",
                            key.name.as_deref().unwrap_or("unnamed key"),
                            key.redacted_value,
                            project.project.name
                        ),
                    });
                }
            }
        }
        _ => {
            return Err(ReadError::Selection(format!(
                "{type_name} has no list resource"
            )));
        }
    }
    Ok(found)
}

async fn read(client: &AdminClient, plan: &ReadPlan) -> Result<Inventory, ReadError> {
    inventory::read(client, plan, &|line| log::debug!("listing: {line}")).await
}

fn api_error(what: &str, error: ApiError) -> ReadError {
    ReadError::Api {
        what: what.to_owned(),
        error,
    }
}
