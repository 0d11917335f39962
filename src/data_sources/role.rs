//! `openai_project_role` and `openai_organization_role`: one role, custom
//! or predefined, looked up by name or ID.

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, Lookup, Searched, api_error, exactly_one_spelled, select};
use crate::api::{AdminClient, Role};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Project,
    Organization,
}

pub struct RoleDataSource {
    scope: Scope,
    schema: Schema,
    /// Role lists being fetched, by project ("" for the organization).
    lists: ListCache<String, Role>,
}

/// The attributes a role lookup fills in (both scopes).
fn role_attributes(resource_type: &'static str) -> Vec<Attribute> {
    vec![
        Attribute::computed(
            "description",
            Type::String,
            "Description of the role (null when it has none).",
        ),
        Attribute::computed(
            "permissions",
            Type::set_of(Type::String),
            "Permissions the role grants.",
        ),
        Attribute::computed("resource_type", Type::String, resource_type),
        Attribute::computed(
            "predefined_role",
            Type::Bool,
            "Whether the role is predefined and managed by OpenAI.",
        ),
    ]
}

/// The official provider's spellings of `name` and `id` (its role data
/// sources read `role_name` and look up by `role_id`), so that its
/// configurations run unchanged; declared as spellings by both scopes.
fn official_spellings() -> [Attribute; 2] {
    [
        Attribute::optional(
            "role_name",
            Type::String,
            "The official provider's spelling of `name` (OpenAI's `openai/openai` calls it \
             `role_name`). Set at most one of `name` and `role_name`; both hold the name \
             after the read.",
        )
        .validate_with(validators::text(256))
        .also_computed(),
        Attribute::optional(
            "role_id",
            Type::String,
            "The official provider's spelling of `id` (OpenAI's `openai/openai` looks roles \
             up by `role_id`), so that its configurations run unchanged. Set at most one of \
             `id` and `role_id`; both hold the ID after the read.",
        )
        .validate_with(validators::identifier())
        .also_computed(),
    ]
}

impl RoleDataSource {
    pub fn project() -> Self {
        let mut attributes = vec![
            Attribute::required(
                "project_id",
                Type::String,
                "ID of the project whose roles are searched (`proj_...`).",
            )
            .validate_with(validators::prefixed_identifier("proj_")),
            Attribute::optional(
                "name",
                Type::String,
                "Exact (case-sensitive) name of the role, e.g. `member`. Set exactly one of \
                 `name` and `id` (or of their official spellings `role_name` and \
                 `role_id`).",
            )
            .validate_with(validators::text(256))
            .also_computed(),
            Attribute::optional(
                "id",
                Type::String,
                "ID of the role. Set exactly one of `name` and `id`; when looking up by \
                 `name`, read it from here and use it as `role_id` of an \
                 `openai_group_role_assignment`. A predefined role's short alias such as \
                 `role-api-project-member` matches too.",
            )
            .validate_with(validators::identifier())
            .also_computed(),
        ];
        attributes.extend(official_spellings());
        attributes.extend(role_attributes("`api.project`."));
        RoleDataSource {
            scope: Scope::Project,
            schema: Schema::new(
                "Looks up one role of an OpenAI project, custom or predefined (owner, \
                 member, viewer), by name or ID. Use it to refer to roles this \
                 configuration does not manage, e.g. in `openai_group_role_assignment`.",
                attributes,
            )
            .with_official_spelling("name", "role_name", false)
            .with_official_spelling("id", "role_id", false),
            lists: ListCache::in_flight_only(),
        }
    }

    pub fn organization() -> Self {
        let mut attributes = vec![
            Attribute::optional(
                "name",
                Type::String,
                "Exact (case-sensitive) name of the role, e.g. `viewer`. Set exactly one of \
                 `name` and `id` (or of their official spellings `role_name` and \
                 `role_id`).",
            )
            .validate_with(validators::text(256))
            .also_computed(),
            Attribute::optional(
                "id",
                Type::String,
                "ID of the role. Set exactly one of `name` and `id`; when looking up by \
                 `name`, read it from here and use it as `role_id` of an \
                 organization-level `openai_group_role_assignment`.",
            )
            .validate_with(validators::identifier())
            .also_computed(),
        ];
        attributes.extend(official_spellings());
        attributes.extend(role_attributes("`api.organization`."));
        RoleDataSource {
            scope: Scope::Organization,
            schema: Schema::new(
                "Looks up one organization role, custom or predefined (owner, member, \
                 viewer), by name or ID. Use it to refer to roles this configuration does \
                 not manage, e.g. in an organization-level `openai_group_role_assignment`.",
                attributes,
            )
            .with_official_spelling("name", "role_name", false)
            .with_official_spelling("id", "role_id", false),
            lists: ListCache::in_flight_only(),
        }
    }
}

/// Does a role's ID answer for the configured one? Predefined project roles
/// are listed as `<alias>__api-project__<project>` but may be written as
/// the alias.
pub(super) fn same_role(configured: &str, listed: &str) -> bool {
    listed == configured || listed.split("__").next() == Some(configured)
}

/// The roles of a project, or of the organization when `project_id` is
/// `None`, all pages. A 404 for a project says which attribute is wrong.
pub(super) async fn list_roles(
    client: &AdminClient,
    lists: &ListCache<String, Role>,
    project_id: Option<&str>,
) -> Result<std::sync::Arc<Vec<Role>>, Diagnostics> {
    let key = project_id.unwrap_or_default().to_owned();
    let fetched = lists
        .get(&key, || async {
            match project_id {
                Some(p) => client.list_project_roles(p).await,
                None => client.list_org_roles().await,
            }
        })
        .await;
    match (fetched, project_id) {
        (Ok(roles), _) => Ok(roles),
        (Err(e), Some(p)) if e.is_not_found() => {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("project_id"),
                "Project not found",
                format!(
                    "{e}\n\nThe OpenAI API has no project {p:?} (or the admin key belongs to \
                     another organization)."
                ),
            );
            Err(diags)
        }
        (Err(e), Some(p)) => Err(api_error(&format!("list the roles of project {p}"), &e)),
        (Err(e), None) => Err(api_error("list the organization's roles", &e)),
    }
}

#[async_trait]
impl DataSource for RoleDataSource {
    fn type_name(&self) -> &'static str {
        match self.scope {
            Scope::Project => "openai_project_role",
            Scope::Organization => "openai_organization_role",
        }
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        exactly_one_spelled(config, &self.schema.spellings, "name", "id")
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let lookup = Lookup::of(config)?;
        let project_id = match self.scope {
            Scope::Project => Some(config.get_str("project_id").ok_or_else(|| {
                Diagnostics::from_error(
                    "Missing project_id",
                    "project_id must be known before the read; this is a provider bug.",
                )
            })?),
            Scope::Organization => None,
        };
        let roles = list_roles(client, &self.lists, project_id).await?;
        let scope = match project_id {
            Some(p) => format!("of project {p}"),
            None => "of the organization".to_owned(),
        };
        let searched = Searched {
            kind: match self.scope {
                Scope::Project => "project role",
                Scope::Organization => "organization role",
            },
            scope: &scope,
        };
        let role = select(
            &roles,
            &lookup,
            &searched,
            |r| &r.id,
            |r| &r.name,
            same_role,
        )?;
        let mut state = config.clone();
        // Looked up by ID: keep the ID as written (it may be an alias).
        if let Lookup::ByName(_) = lookup {
            state.set("id", Value::string(&role.id));
        }
        state.set("name", Value::string(&role.name));
        state.set(
            "description",
            Value::opt_string(role.description.as_deref()),
        );
        state.set(
            "permissions",
            Value::string_set(role.permissions.iter().cloned()),
        );
        state.set("resource_type", Value::string(&role.resource_type));
        state.set("predefined_role", Value::Bool(role.predefined_role));
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_match_scoped_ids() {
        assert!(same_role("role_1", "role_1"));
        assert!(same_role(
            "role-api-project-member",
            "role-api-project-member__api-project__proj_alpha"
        ));
        assert!(!same_role("role-api-project", "role-api-project-member"));
    }

    #[test]
    fn schemas_declare_the_lookup_attributes() {
        let project = RoleDataSource::project();
        assert_eq!(project.type_name(), "openai_project_role");
        assert!(project.schema().attribute("project_id").is_some());
        let org = RoleDataSource::organization();
        assert_eq!(org.type_name(), "openai_organization_role");
        assert!(org.schema().attribute("project_id").is_none());
        for ds in [&project, &org] {
            for name in [
                "name",
                "id",
                "description",
                "permissions",
                "predefined_role",
            ] {
                assert!(ds.schema().attribute(name).is_some(), "{name}");
            }
        }
    }
}
