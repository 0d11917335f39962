//! `openai_project`: one project of the organization, by name or ID.

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, Lookup, Searched, api_error, exactly_one_spelled, select};
use crate::api::{AdminClient, Project};
use crate::diagnostics::Diagnostics;
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub struct ProjectDataSource {
    schema: Schema,
    /// Project lists being fetched, by "archived ones included".
    lists: ListCache<bool, Project>,
}

impl Default for ProjectDataSource {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectDataSource {
    pub fn new() -> Self {
        ProjectDataSource {
            schema: Schema::new(
                "Looks up one project of the OpenAI organization by name or ID. Use it to \
                 refer to a project this configuration does not manage, for instance to \
                 give a group access to it. By name, only active projects are searched; by \
                 ID, archived ones are found too (see `status`).",
                vec![
                    Attribute::optional(
                        "name",
                        Type::String,
                        "Exact (case-sensitive) name of an active project. Set exactly one \
                         of `name` and `id`. Project names need not be unique: when several \
                         active projects have this name, the lookup fails and lists their \
                         IDs; look the one you mean up by `id` then.",
                    )
                    .validate_with(validators::text(1024))
                    .also_computed(),
                    Attribute::optional(
                        "id",
                        Type::String,
                        "ID of the project (`proj_...`). Set exactly one of `name` and \
                         `id` (or `project_id`); when looking up by `name`, read the ID from \
                         here.",
                    )
                    .validate_with(validators::prefixed_identifier("proj_"))
                    .also_computed(),
                    Attribute::optional(
                        "project_id",
                        Type::String,
                        "The official provider's spelling of `id` (OpenAI's `openai/openai` \
                         looks projects up by `project_id`), so that its configurations run \
                         unchanged. Set at most one of `id` and `project_id`; both hold the \
                         ID after the read.",
                    )
                    .validate_with(validators::prefixed_identifier("proj_"))
                    .also_computed(),
                    Attribute::computed(
                        "status",
                        Type::String,
                        "`active`, or `archived` for an archived project found by ID.",
                    ),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the project was created (Unix seconds).",
                    ),
                    Attribute::computed(
                        "archived_at",
                        Type::Number,
                        "When the project was archived (Unix seconds); null for an active \
                         project.",
                    ),
                    Attribute::computed(
                        "external_key_id",
                        Type::String,
                        "The external (customer-managed encryption) key associated with the \
                         project; null when it has none.",
                    ),
                ],
            )
            .with_official_spelling("id", "project_id", false),
            lists: ListCache::in_flight_only(),
        }
    }
}

#[async_trait]
impl DataSource for ProjectDataSource {
    fn type_name(&self) -> &'static str {
        "openai_project"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        exactly_one_spelled(config, &self.schema.spellings, "name", "id")
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let lookup = Lookup::of(config)?;
        // An ID names one project for good, archived or not; a name is
        // meant for the projects in use.
        let include_archived = matches!(lookup, Lookup::ById(_));
        let projects = self
            .lists
            .get(&include_archived, || client.list_projects(include_archived))
            .await
            .map_err(|e| api_error("list the organization's projects", &e))?;
        let searched = Searched {
            kind: "project",
            scope: if include_archived {
                "of the organization"
            } else {
                "of the organization (active ones)"
            },
        };
        let project = select(
            &projects,
            &lookup,
            &searched,
            |p| &p.id,
            |p| &p.name,
            |a, b| a == b,
        )?;
        let mut state = config.clone();
        state.set("id", Value::string(&project.id));
        state.set("name", Value::string(&project.name));
        state.set("status", Value::string(&project.status));
        state.set("created_at", Value::Number(project.created_at as f64));
        state.set("archived_at", Value::opt_number(project.archived_at));
        state.set(
            "external_key_id",
            Value::opt_string(project.external_key_id.as_deref()),
        );
        Ok(state)
    }
}
