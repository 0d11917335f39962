//! List resources (Terraform 1.14+, `list` blocks of `terraform query`):
//! one per resource type that has an identity, under the same name. A
//! list finds the objects the export would adopt (`admin::listing`) and
//! answers each with its identity, a display name and, when asked
//! (`include_resource = true`), its full state read by import, which
//! `-generate-config-out` turns into configuration.
//!
//! Filters: `project_id`, `group_id` and `user_id`, for the types whose
//! identity has that part as an attribute of their own (not a project's
//! own ID). Each is optional; set ones must all match.

use futures::stream::{self, StreamExt, TryStreamExt};

use super::Provider;
use crate::admin::inventory::CONCURRENCY;
use crate::admin::listing;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::Resource;
use crate::resources::validators::identifier;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

/// The filters list resources may have, and what each keeps.
const FILTERS: [(&str, &str); 3] = [
    (
        "project_id",
        "Only objects in this project (`proj_...`); organization-level objects are left out.",
    ),
    ("group_id", "Only objects of this group (`group_...`)."),
    ("user_id", "Only objects of this user (`user-...`)."),
];

/// One object a list found.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub identity: Value,
    pub display_name: String,
    /// The full state, when the list asked for it.
    pub state: Option<Value>,
}

/// The filters of `resource`'s list: its identity's parts that are
/// attributes of its own, but not its own ID under the official name (a
/// project's `project_id` is no filter of the project list).
fn filters(resource: &dyn Resource) -> Vec<(&'static str, &'static str)> {
    let Some(identity) = resource.identity() else {
        return Vec::new();
    };
    let schema = resource.schema();
    let own_id = |name: &str| {
        schema
            .spellings
            .iter()
            .any(|s| s.ours == "id" && s.official == name)
    };
    FILTERS
        .into_iter()
        .filter(|(name, _)| {
            identity.parts.iter().any(|p| p.name == *name)
                && schema.attribute(name).is_some()
                && !own_id(name)
        })
        .collect()
}

/// The list resource schema of `resource`.
pub fn list_schema(resource: &dyn Resource) -> Schema {
    let description = Box::leak(
        format!(
            "Finds the organization's `{}` objects for `terraform query`, {}. Each result \
             carries the object's identity; with `include_resource = true` also its full \
             state, from which `-generate-config-out` writes configuration that plans as \
             imports only.",
            resource.type_name(),
            match crate::admin::types::ResourceType::parse(resource.type_name()) {
                Ok(ty) if ty.off_by_default().is_some() => format!(
                    "every one there is, as `openai-admin export --with {ty}` would adopt them \
                     (the export writes this type only when asked)"
                ),
                Ok(_) => "as `openai-admin export` would adopt them".to_owned(),
                Err(_) => {
                    "every one there is (`openai-admin export` does not write this type)".to_owned()
                }
            }
        )
        .into_boxed_str(),
    );
    Schema::new(
        description,
        filters(resource)
            .into_iter()
            .map(|(name, doc)| {
                Attribute::optional(name, Type::String, doc).validate_with(identifier())
            })
            .collect(),
    )
}

impl Provider {
    /// Whether list resources are served (this provider's, not a test
    /// double's built from parts).
    fn serves_lists(&self) -> bool {
        self.list_resources
    }

    /// The list resource schemas, by type name.
    pub fn list_resource_schemas(&self) -> Vec<(&'static str, &Schema)> {
        if !self.serves_lists() {
            return Vec::new();
        }
        self.list_schemas
            .iter()
            .map(|(name, schema)| (*name, schema))
            .collect()
    }

    fn list_schema(&self, type_name: &str) -> Result<&Schema, Diagnostics> {
        self.list_schemas
            .get(type_name)
            .filter(|_| self.serves_lists())
            .ok_or_else(|| {
                Diagnostics::from_error(
                    "Unknown list resource",
                    format!("This provider has no list resource {type_name:?}."),
                )
            })
    }

    pub fn list_config_type(&self, type_name: &str) -> Result<Type, Diagnostics> {
        Ok(self.list_schema(type_name)?.value_type())
    }

    pub fn validate_list_resource_config(&self, type_name: &str, config: &Value) -> Diagnostics {
        match self.list_schema(type_name) {
            Ok(schema) => schema.validate(config),
            Err(diags) => diags,
        }
    }

    /// The objects a list finds, at most `limit` (0: no limit), with their
    /// state when `include_resource`.
    pub async fn list_resource(
        &self,
        type_name: &str,
        config: &Value,
        include_resource: bool,
        limit: i64,
    ) -> Result<Vec<Listed>, Diagnostics> {
        let schema = self.list_schema(type_name)?;
        let resource = self.resource(type_name)?;
        let identity = resource.identity().ok_or_else(|| {
            Diagnostics::from_error(
                "Unknown list resource",
                format!("{type_name} has no identity to list by."),
            )
        })?;
        let wanted: Vec<(&str, &str)> = schema
            .attributes
            .iter()
            .filter_map(|a| config.get_str(a.name).map(|v| (a.name, v)))
            .collect();
        let project_id = config.get_str("project_id");
        let client = self.client()?;
        let found = listing::find(&client, resource.type_name(), project_id)
            .await
            .map_err(|e| {
                let mut diags = Diagnostics::new();
                let path = project_id.map(|_| AttributePath::attribute("project_id"));
                let summary = format!("Cannot list {type_name}");
                match path {
                    Some(path) if matches!(e, crate::admin::inventory::ReadError::Selection(_)) => {
                        diags.error_at(path, summary, e.to_string())
                    }
                    _ => diags.error(summary, e.to_string()),
                }
                diags
            })?;
        let mut listed: Vec<(Value, String, String)> = found
            .into_iter()
            .filter_map(|f| {
                let (value, id) = f
                    .ids
                    .into_iter()
                    .find_map(|id| Some((identity.of_import_id(&id)?, id)))?;
                let keep = wanted
                    .iter()
                    .all(|(name, v)| value.get_str(name) == Some(v));
                keep.then_some((value, f.display_name, id))
            })
            .collect();
        if limit > 0 {
            listed.truncate(limit as usize);
        }
        if !include_resource {
            return Ok(listed
                .into_iter()
                .map(|(identity, display_name, _)| Listed {
                    identity,
                    display_name,
                    state: None,
                })
                .collect());
        }
        stream::iter(listed)
            .map(|(identity, display_name, key)| async move {
                let state = self.import_by_identity(type_name, &key).await?;
                Ok::<_, Diagnostics>(Listed {
                    identity,
                    display_name,
                    state: Some(state),
                })
            })
            .buffered(CONCURRENCY)
            .try_collect()
            .await
    }
}
