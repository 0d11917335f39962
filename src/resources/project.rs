//! `openai_project`: a project of the organization.
//!
//! The API cannot delete a project, only archive it, and an archived
//! project cannot be used, changed or brought back. So destroy archives,
//! and a project archived outside Terraform counts as gone: the refresh
//! removes it from the state with a warning that says so, and the next plan
//! creates a new one.

use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::retrieve_after_pause;
use super::errors::api_error;
use super::unclear_create::{Created, UnclearCreate, Wording};
use super::{Applied, Failure, Refreshed, Resource, import_id, lists, required_str, validators};
use crate::api::{AdminClient, Project};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project";

const DESCRIPTION: &str = "A project of the OpenAI organization. Projects hold API keys, \
    service accounts, project users, project groups and project roles.\n\n\
    **The API has no delete: destroying this resource archives the project.** An archived \
    project keeps its ID and history but can no longer be used or changed, and it cannot \
    be unarchived. A project archived outside Terraform (in the dashboard, by another tool) \
    is reported as gone by the next refresh, with a warning that says it was archived, and \
    the next apply creates a new project in its place.\n\n\
    Project names need not be unique. Import with `<project_id>`; an archived project \
    cannot be imported.";

/// Why `geography` is in the schema: the official provider has it, and its
/// configurations get a plan-time error saying why instead of "unsupported
/// argument".
const GEOGRAPHY_DESCRIPTION: &str = "The official provider's `geography`, refused at plan \
    time: the Admin API has no such project setting (create-project and modify-project \
    document no such field, and projects are never returned with one), so it could be neither \
    set nor checked. A project's data residency is chosen at creation with the API's \
    create-only `residency` field, which this provider does not set. Always null in the state.";

/// The official provider sends `geography` in the create-project and
/// modify-project bodies, but the API description documents no such field
/// (only `residency`, at creation), and it never reads the value back.
const GEOGRAPHY_REFUSED: &str = "the Admin API has no `geography` setting for projects: \
    create-project and modify-project document no such field, so this provider cannot set \
    it, read it back or detect changes to it. OpenAI's official provider sends it in the \
    request body and stores the configured value without reading it back, so its state \
    can claim a geography the API never applied. A project's data residency is chosen when \
    the project is created (the API's `residency` field, e.g. `US_STORAGE_PROCESSING`) and \
    cannot be changed afterwards; this provider does not set it. Remove `geography`.";

pub struct ProjectResource {
    schema: Schema,
    /// Project names need not be unique: after an unclear create answer,
    /// only a new active project named as planned that no other create
    /// claimed is ours.
    creates: UnclearCreate<Project>,
}

impl Default for ProjectResource {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectResource {
    pub fn new() -> Self {
        ProjectResource {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed(
                        "id",
                        Type::String,
                        "ID of the project (`proj_...`); use it as `project_id` of project \
                         roles, users, groups and role assignments.",
                    )
                    .use_state_for_unknown(),
                    Attribute::required(
                        "name",
                        Type::String,
                        "Name of the project, shown in the dashboard and in reports. Need \
                         not be unique. Updated in place.",
                    )
                    .validate_with(non_blank()),
                    Attribute::computed(
                        "status",
                        Type::String,
                        "`active` for every project in the state: a project archived \
                         outside Terraform is removed from the state instead.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the project was created (Unix seconds).",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "project_id",
                        Type::String,
                        "The project's ID, the same as `id`, under the official provider's \
                         name.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "archived_at",
                        Type::Number,
                        "When the project was archived (Unix seconds): always null in the \
                         state, which holds only active projects (destroy archives, and a \
                         project archived outside Terraform leaves the state). Kept for the \
                         official provider's configurations that refer to it.",
                    )
                    .use_state_for_unknown(),
                    Attribute::optional(
                        "external_key_id",
                        Type::String,
                        "ID of the external (customer-managed encryption) key associated \
                         with the project, as the official provider names it. Set, it is sent \
                         at creation and changed in place, and a key changed outside \
                         Terraform shows up as a diff. Left unset, the project's key is not \
                         managed: the state shows whatever key the API reports (null when \
                         none) and nothing is sent, so removing the attribute never detaches \
                         a key (detach it in the dashboard).",
                    )
                    .also_computed()
                    .use_state_for_unknown()
                    .validate_with(non_blank()),
                    Attribute::optional("geography", Type::String, GEOGRAPHY_DESCRIPTION)
                        .validate_with(validators::refused(GEOGRAPHY_REFUSED)),
                ],
            )
            .with_block(timeouts::block())
            .with_official_spelling("id", "project_id", false),
            creates: UnclearCreate::new(Wording {
                noun: "project",
                list_action: "list the organization's projects",
                discard_others: "archive the others in the dashboard (the API cannot \
                                 delete projects)",
            }),
        }
    }
}

/// A name that is not empty or only whitespace (the API documents no
/// maximum length).
fn non_blank() -> Validator {
    Arc::new(|value: &Value| {
        if value.as_str().unwrap_or_default().trim().is_empty() {
            Err("must not be empty or only whitespace".into())
        } else {
            Ok(())
        }
    })
}

fn state_of(project: &Project) -> Value {
    let mut state = Value::Object(Default::default());
    state.set("id", Value::string(&project.id));
    state.set("name", Value::string(&project.name));
    state.set("status", Value::string(&project.status));
    state.set("created_at", Value::Number(project.created_at as f64));
    state.set("archived_at", Value::opt_number(project.archived_at));
    state.set(
        "external_key_id",
        Value::opt_string(project.external_key_id.clone()),
    );
    // The API holds no geography (see GEOGRAPHY_REFUSED), whatever an
    // official provider's state said.
    state.set("geography", Value::Null);
    state
}

/// The state of a project just created or updated with `external_key_id`
/// sent; an answer holding another key fails the apply, with the state
/// saying what the API holds, rather than Terraform's "inconsistent
/// result" about a value the API never took.
fn key_applied(project: &Project, external_key_id: Option<&str>) -> Result<Applied, Failure> {
    let state = state_of(project);
    match external_key_id {
        Some(sent) if project.external_key_id.as_deref() != Some(sent) => {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("external_key_id"),
                "The API did not associate the external key",
                format!(
                    "Project {} was sent external_key_id {sent:?}, but the API answered with \
                     {}. Check that the key exists and is usable by the organization; the \
                     state holds what the API reports.",
                    project.id,
                    match &project.external_key_id {
                        Some(key) => format!("{key:?}"),
                        None => "no key".to_owned(),
                    }
                ),
            );
            Err(Failure::made(state, diags))
        }
        _ => Ok(state.into()),
    }
}

impl Created for Project {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> &str {
        &self.name
    }

    /// An archived project cannot be what a create just made.
    fn is_live(&self) -> bool {
        !self.is_archived()
    }
}

/// The warning of a refresh that found the project archived.
fn archived_warning(project: &Project) -> Diagnostics {
    let mut diags = Diagnostics::new();
    diags.warning(
        format!("{TYPE_NAME} {} was archived", project.id),
        format!(
            "The project {} ({:?}) was archived outside Terraform. An archived project \
             cannot be used, changed or unarchived, so Terraform removed it from the state \
             and will plan to create a new project in its place. To stop managing it \
             instead, remove the resource from the configuration.",
            project.id, project.name
        ),
    );
    diags
}

/// The warning of a refresh that found no project with the state's ID.
fn missing_warning(project_id: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    diags.warning(
        format!("{TYPE_NAME} {project_id} no longer exists"),
        format!(
            "The API does not know the project {project_id} (404): it does not exist or \
             belongs to another organization than the admin key's. Terraform removed it \
             from the state and will plan to create a new project."
        ),
    );
    diags
}

/// What a lookup of one project found.
enum Found {
    Active(Project),
    Archived(Project),
    Missing,
}

impl Found {
    fn of(project: Option<Project>) -> Found {
        match project {
            Some(p) if p.is_archived() => Found::Archived(p),
            Some(p) => Found::Active(p),
            None => Found::Missing,
        }
    }
}

impl ProjectResource {
    /// Every project, from the run's cache.
    async fn all(&self, client: &AdminClient) -> Result<Arc<Vec<Project>>, Diagnostics> {
        lists::projects(client, true, false)
            .await
            .map_err(|e| api_error("list the organization's projects", &e))
    }

    /// A project by ID: from the list when it is there, else from one
    /// retrieve after the usual pause (archived projects answer it too).
    async fn find(&self, client: &AdminClient, project_id: &str) -> Result<Found, Diagnostics> {
        let projects = self.all(client).await?;
        if let Some(project) = projects.iter().find(|p| p.id == project_id) {
            return Ok(Found::of(Some(project.clone())));
        }
        let project = retrieve_after_pause(|| client.get_project(project_id))
            .await
            .map_err(|e| api_error(&format!("read project {project_id}"), &e))?;
        Ok(Found::of(project))
    }
}

#[async_trait]
impl Resource for ProjectResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec!["project_id"]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let name = required_str(planned, "name")?;
        // Unknown when the configuration leaves it to the API.
        let external_key_id = planned.get_str("external_key_id");
        let project = self
            .creates
            .create(
                name,
                "create project",
                || client.create_project_with_key(name, external_key_id),
                || client.list_projects(true),
            )
            .await?;
        log::info!("created project {} ({name:?})", project.id);
        key_applied(&project, external_key_id)
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        Ok(self.refresh(client, state).await?.into_state())
    }

    async fn refresh(&self, client: &AdminClient, state: &Value) -> Result<Refreshed, Diagnostics> {
        let project_id = required_str(state, "id")?;
        Ok(match self.find(client, project_id).await? {
            Found::Active(project) => Refreshed::Found(state_of(&project)),
            Found::Archived(project) => Refreshed::Gone(Some(archived_warning(&project))),
            Found::Missing => Refreshed::Gone(Some(missing_warning(project_id))),
        })
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let project_id = required_str(prior, "id")?;
        let name = required_str(planned, "name")?;
        // Sent only when the configuration changes it: an unmanaged key (or
        // an unchanged one) is left alone.
        let external_key_id = planned
            .get_str("external_key_id")
            .filter(|key| prior.get_str("external_key_id") != Some(*key));
        // The whole desired state is sent, so repeating it is safe.
        let project = client
            .update_project_with_key(project_id, name, external_key_id)
            .await
            .map_err(|e| api_error(&format!("update project {project_id}"), &e))?;
        key_applied(&project, external_key_id)
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let project_id = required_str(state, "id")?;
        match client.archive_project(project_id).await {
            Ok(_) => {
                log::info!("archived project {project_id} (the API cannot delete projects)");
                Ok(())
            }
            Err(e) if e.is_not_found() => {
                log::info!("project {project_id} no longer exists");
                Ok(())
            }
            Err(e) => Err(api_error(&format!("archive project {project_id}"), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["project_id"]])?;
        let project_id = parts[0];
        match self.find(client, project_id).await? {
            Found::Active(project) => Ok(state_of(&project)),
            Found::Archived(project) => {
                let mut diags = Diagnostics::new();
                diags.error_at(
                    AttributePath::attribute("id"),
                    "Cannot import an archived project",
                    format!(
                        "The project {project_id} ({:?}) is archived: it cannot be used, \
                         changed or unarchived, so there is nothing to manage. Import an \
                         active project, or let Terraform create a new one.",
                        project.name
                    ),
                );
                Err(diags)
            }
            Found::Missing => Err(Diagnostics::from_error(
                "Cannot import non-existent project",
                format!(
                    "The API does not know the project {project_id}: check the ID (the \
                     admin key's organization has no such project)."
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(status: &str, archived_at: Option<i64>) -> Project {
        Project {
            id: "proj_1".into(),
            name: "Gamma".into(),
            created_at: 1_711_471_533,
            archived_at,
            status: status.into(),
            external_key_id: Some("ekm_1".into()),
        }
    }

    #[test]
    fn state_has_every_attribute() {
        let state = state_of(&project("active", None));
        assert_eq!(state.get_str("id"), Some("proj_1"));
        assert_eq!(state.get_str("name"), Some("Gamma"));
        assert_eq!(state.get_str("status"), Some("active"));
        assert_eq!(state.get("created_at"), &Value::Number(1_711_471_533.0));
        assert!(state.get("archived_at").is_null());
        assert_eq!(state.get_str("external_key_id"), Some("ekm_1"));
        assert!(state.get("geography").is_null());
        let Value::Object(attrs) = &state else {
            panic!("an object")
        };
        assert!(attrs.contains_key("geography"), "recorded, as null");
    }

    #[test]
    fn gone_warnings_say_why() {
        let archived = archived_warning(&project("archived", Some(5)));
        assert_eq!(archived.0[0].summary, "openai_project proj_1 was archived");
        assert!(archived.0[0].detail.contains("archived outside Terraform"));
        assert!(!archived.has_errors());
        let missing = missing_warning("proj_x");
        assert!(missing.0[0].summary.contains("no longer exists"));
    }

    #[test]
    fn geography_is_refused_at_plan_time_naming_why() {
        let schema = ProjectResource::new().schema;
        let mut config = Value::Object(Default::default());
        config.set("name", Value::string("Gamma"));
        assert!(schema.validate(&config).is_empty());
        config.set("geography", Value::string("US"));
        let diags = schema.validate(&config);
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert_eq!(diags.0[0].summary, "Invalid value for geography");
        assert_eq!(
            diags.0[0].attribute,
            Some(AttributePath::attribute("geography"))
        );
        assert!(diags.0[0].detail.contains("no `geography` setting"));
        assert!(diags.0[0].detail.contains("residency"));
    }

    #[test]
    fn a_blank_external_key_is_refused_at_plan_time() {
        let schema = ProjectResource::new().schema;
        let mut config = Value::Object(Default::default());
        config.set("name", Value::string("Gamma"));
        config.set("external_key_id", Value::string("ekm_1"));
        assert!(schema.validate(&config).is_empty());
        config.set("external_key_id", Value::string(" "));
        let diags = schema.validate(&config);
        assert_eq!(
            diags.0[0].attribute,
            Some(AttributePath::attribute("external_key_id"))
        );
    }

    #[test]
    fn an_answer_without_the_sent_key_fails_with_the_state_the_api_holds() {
        let with_key = project("active", None);
        assert!(key_applied(&with_key, Some("ekm_1")).is_ok());
        assert!(key_applied(&with_key, None).is_ok(), "nothing sent");
        let failure = key_applied(&with_key, Some("ekm_2")).unwrap_err();
        let made = failure.made.expect("the project exists");
        assert_eq!(made.get_str("external_key_id"), Some("ekm_1"));
        assert_eq!(
            failure.diags.0[0].attribute,
            Some(AttributePath::attribute("external_key_id"))
        );
        assert!(failure.diags.0[0].detail.contains("\"ekm_1\""));
    }

    #[test]
    fn names_must_not_be_blank() {
        let check = non_blank();
        assert!(check(&Value::string("Gamma")).is_ok());
        assert!(check(&Value::string("  ")).is_err());
        assert!(check(&Value::string("")).is_err());
    }
}
