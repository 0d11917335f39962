//! `openai_project_user`: a user of the organization given access to one
//! project, as `owner` or `member`.
//!
//! The API has no ID for the membership: it is the pair (project, user).
//! Reads use one list of the project's users per operation, however many
//! users of that project the configuration manages.

use std::sync::Arc;

use async_trait::async_trait;

use super::cache::ListCache;
use super::confirm::retrieve_after_pause;
use super::errors::{api_error, is_already_exists};
use super::{Resource, confirm_gone, import_id, required_str, validators};
use crate::api::{AddProjectUserRequest, AdminClient, ApiError, ProjectUser};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_user";

const DESCRIPTION: &str = "Gives a user of the organization access to one project, as \
    `owner` or `member`. The user must already be a member of the organization (invite \
    them first); look users up by email with the `openai_user` data source.\n\n\
    This resource is what `openai_user_role_assignment` needs before it can give the \
    user a project role: reference `openai_project_user.x.user_id` there (or use \
    `depends_on`) so the membership exists first. Removing the user from the project \
    (destroying this resource) also removes every project role the user had in it.\n\n\
    Import with `<project_id>/<user_id>`.";

/// The project roles the API accepts for a user.
const ROLES: [&str; 2] = ["owner", "member"];

/// How many times a create is attempted when the API's answer leaves it
/// unclear whether the user was added (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

pub struct ProjectUserResource {
    schema: Schema,
    /// The users of each project, for this operation.
    users: ListCache<String, ProjectUser>,
}

impl Default for ProjectUserResource {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectUserResource {
    pub fn new() -> Self {
        ProjectUserResource {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed("id", Type::String, "`<project_id>/<user_id>`.")
                        .use_state_for_unknown(),
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "ID of the project (`proj_...`), e.g. `openai_project.x.id`. \
                         Changing it replaces the resource: the user leaves this project \
                         and joins the other one.",
                    )
                    .requires_replace()
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::required(
                        "user_id",
                        Type::String,
                        "ID of a user of the organization (`user-...`), e.g. \
                         `data.openai_user.x.id`. Changing it replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required(
                        "role",
                        Type::String,
                        "The user's role in the project: `owner` or `member`. Updated in \
                         place. A role changed outside Terraform shows up in the next plan \
                         and is set back by the apply.",
                    )
                    .validate_with(one_of_roles()),
                    Attribute::computed("email", Type::String, "Email address of the user.")
                        .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block()),
            users: ListCache::default(),
        }
    }
}

fn one_of_roles() -> Validator {
    Arc::new(|value: &Value| {
        let role = value.as_str().unwrap_or_default();
        if ROLES.contains(&role) {
            Ok(())
        } else {
            Err(format!(
                "{role:?} is not a project user role: use \"owner\" or \"member\" (for \
                 finer-grained access, give the user a project role with \
                 openai_user_role_assignment)"
            ))
        }
    })
}

/// Which membership a state or plan describes.
struct Key {
    project_id: String,
    user_id: String,
}

impl Key {
    fn of(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Key {
            project_id: required_str(value, "project_id")?.to_owned(),
            user_id: required_str(value, "user_id")?.to_owned(),
        })
    }

    fn parse(id: &str) -> Result<Self, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["project_id", "user_id"]])?;
        Ok(Key {
            project_id: parts[0].to_owned(),
            user_id: parts[1].to_owned(),
        })
    }

    fn id(&self) -> String {
        format!("{}/{}", self.project_id, self.user_id)
    }

    fn describe(&self) -> String {
        format!("user {} of project {}", self.user_id, self.project_id)
    }

    fn state(&self, user: &ProjectUser) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set("project_id", Value::string(&self.project_id));
        state.set("user_id", Value::string(&self.user_id));
        state.set("role", Value::string(&user.role));
        state.set("email", Value::opt_string(user.email.as_deref()));
        state
    }
}

/// True for "the project is archived" answers: an archived project has no
/// users and refuses every change below it.
fn is_project_archived(error: &ApiError) -> bool {
    error.code.as_deref() == Some("project_archived")
}

/// The diagnostic of a failed add, saying which input is wrong and how to
/// fix it.
fn create_error(key: &Key, error: &ApiError) -> Diagnostics {
    let code = error.code.as_deref().unwrap_or_default();
    let message = error.message.to_ascii_lowercase();
    let mut diags = Diagnostics::new();
    if is_already_exists(error) {
        diags.error_at(
            AttributePath::attribute("user_id"),
            "User already in the project",
            format!(
                "{error}\n\nThe user {} is already a member of project {}, outside this \
                 configuration. Terraform does not adopt it silently; to manage it here, \
                 import it:\n  terraform import <resource address> {}",
                key.user_id,
                key.project_id,
                key.id()
            ),
        );
    } else if code == "user_not_found" || message.contains("member of this organization") {
        diags.error_at(
            AttributePath::attribute("user_id"),
            "User is not in the organization",
            format!(
                "{error}\n\nThe user {} is not a member of the organization, and only \
                 members of the organization can join a project. Invite the user to the \
                 organization first (Organization settings > Members), or check user_id: \
                 the openai_user data source looks users up by email.",
                key.user_id
            ),
        );
    } else if code == "project_not_found" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project not found",
            format!(
                "{error}\n\nThe organization has no project {}: check project_id.",
                key.project_id
            ),
        );
    } else if is_project_archived(error) {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project is archived",
            format!(
                "{error}\n\nProject {} is archived: it cannot get new users.",
                key.project_id
            ),
        );
    } else {
        return api_error(&format!("add {}", key.describe()), error);
    }
    diags
}

impl ProjectUserResource {
    /// The project's users, from this operation's cache; `None` when the
    /// project is gone or archived (it has no users then).
    async fn project_users(
        &self,
        client: &AdminClient,
        project_id: &str,
    ) -> Result<Option<Arc<Vec<ProjectUser>>>, Diagnostics> {
        let key = project_id.to_owned();
        match self
            .users
            .get(&key, || client.list_project_users(project_id))
            .await
        {
            Ok(users) => Ok(Some(users)),
            Err(e) if e.is_not_found() || is_project_archived(&e) => Ok(None),
            Err(e) => Err(api_error(
                &format!("list the users of project {project_id}"),
                &e,
            )),
        }
    }

    /// One membership by retrieve; `None` on 404.
    async fn retrieve(
        &self,
        client: &AdminClient,
        key: &Key,
    ) -> Result<Option<ProjectUser>, Diagnostics> {
        match client.get_project_user(&key.project_id, &key.user_id).await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.is_not_found() || is_project_archived(&e) => Ok(None),
            Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
        }
    }

    /// The membership: from the project's list when it is there, else from
    /// one retrieve after the usual pause.
    async fn find(
        &self,
        client: &AdminClient,
        key: &Key,
    ) -> Result<Option<ProjectUser>, Diagnostics> {
        let Some(users) = self.project_users(client, &key.project_id).await? else {
            return Ok(None);
        };
        if let Some(user) = users.iter().find(|u| u.id == key.user_id) {
            return Ok(Some(user.clone()));
        }
        let retrieve = || client.get_project_user(&key.project_id, &key.user_id);
        match retrieve_after_pause(retrieve).await {
            Ok(user) => Ok(user),
            Err(e) if is_project_archived(&e) => Ok(None),
            Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
        }
    }

    /// Runs a write; whatever its outcome, the project's cached user list
    /// may be stale.
    async fn write<T>(
        &self,
        key: &Key,
        write: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        let result = write.await;
        self.users.invalidate(&key.project_id);
        result
    }

    async fn set_role(
        &self,
        client: &AdminClient,
        key: &Key,
        role: &str,
    ) -> Result<ProjectUser, Diagnostics> {
        let update = client.update_project_user(&key.project_id, &key.user_id, role);
        self.write(key, update)
            .await
            .map_err(|e| api_error(&format!("change the role of {}", key.describe()), &e))
    }

    /// The state of a membership found after an unclear add: the add did
    /// happen, with the role asked for unless something changed it since.
    async fn adopt_own(
        &self,
        client: &AdminClient,
        key: &Key,
        user: ProjectUser,
        role: &str,
    ) -> Result<Value, Diagnostics> {
        let user = if user.role == role {
            user
        } else {
            self.set_role(client, key, role).await?
        };
        Ok(key.state(&user))
    }
}

#[async_trait]
impl Resource for ProjectUserResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let role = required_str(planned, "role")?;
        let request = AddProjectUserRequest {
            user_id: Some(key.user_id.clone()),
            email: None,
            role: role.to_owned(),
        };
        let mut unclear = None;
        for _ in 0..CREATE_ATTEMPTS {
            let add = client.add_project_user(&key.project_id, &request);
            match self.write(&key, add).await {
                Ok(user) => {
                    log::info!("added {} as {role}", key.describe());
                    return Ok(key.state(&user));
                }
                // The user may have been added: look before adding again,
                // so the retry does not fail on our own membership.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!("adding {} may have failed ({e}); checking", key.describe());
                    if let Some(user) = self.retrieve(client, &key).await? {
                        return self.adopt_own(client, &key, user, role).await;
                    }
                    unclear = Some(e);
                }
                // "Already in the project" right after an unclear attempt is
                // that attempt, made visible late by eventual consistency.
                Err(e) if is_already_exists(&e) && unclear.is_some() => {
                    return match confirm_gone(|| self.retrieve(client, &key)).await? {
                        Some(user) => self.adopt_own(client, &key, user, role).await,
                        None => Err(create_error(&key, &e)),
                    };
                }
                Err(e) => return Err(create_error(&key, &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(create_error(&key, &e))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state)?;
        Ok(self.find(client, &key).await?.map(|user| key.state(&user)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let role = required_str(planned, "role")?;
        let user = self.set_role(client, &key, role).await?;
        log::info!("{} is now {role}", key.describe());
        Ok(key.state(&user))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state)?;
        let remove = client.remove_project_user(&key.project_id, &key.user_id);
        match self.write(&key, remove).await {
            Ok(()) => {
                log::info!("removed {}", key.describe());
                Ok(())
            }
            // An archived project has no users.
            Err(e) if e.is_not_found() || is_project_archived(&e) => {
                log::info!("{} was already gone ({e})", key.describe());
                Ok(())
            }
            Err(e) => Err(api_error(&format!("remove {}", key.describe()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = Key::parse(id)?;
        match self.find(client, &key).await? {
            Some(user) => Ok(key.state(&user)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent project user",
                format!(
                    "The user {} is not a member of project {} (or the project does not \
                     exist or is archived).",
                    key.user_id, key.project_id
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn error(kind: ErrorKind, code: &str, message: &str) -> ApiError {
        let mut error = ApiError::new(kind, "POST", "/x", message);
        error.code = Some(code.into());
        error
    }

    fn key() -> Key {
        Key::parse("proj_a/user_b").unwrap()
    }

    #[test]
    fn ids_round_trip_and_bad_ones_show_the_format() {
        let key = key();
        assert_eq!(
            (key.project_id.as_str(), key.user_id.as_str()),
            ("proj_a", "user_b")
        );
        assert_eq!(key.id(), "proj_a/user_b");
        for bad in ["proj_a", "proj_a/", "proj_a/user_b/x", "/user_b"] {
            let diags = Key::parse(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains("\"<project_id>/<user_id>\""),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn roles_are_validated() {
        let check = one_of_roles();
        assert!(check(&Value::string("owner")).is_ok());
        assert!(check(&Value::string("member")).is_ok());
        let err = check(&Value::string("reader")).unwrap_err();
        assert!(
            err.contains("\"reader\" is not a project user role"),
            "{err}"
        );
        assert!(check(&Value::string("Owner")).is_err());
    }

    #[test]
    fn create_errors_say_what_to_fix() {
        let unknown = create_error(
            &key(),
            &error(
                ErrorKind::NotFound,
                "user_not_found",
                "User with id 'user_b' is not a member of this organization.",
            ),
        );
        assert_eq!(unknown.0[0].summary, "User is not in the organization");
        assert_eq!(
            unknown.0[0].attribute,
            Some(AttributePath::attribute("user_id"))
        );
        let already = create_error(
            &key(),
            &error(
                ErrorKind::InvalidRequest,
                "user_already_in_project",
                "already",
            ),
        );
        assert_eq!(already.0[0].summary, "User already in the project");
        assert!(
            already.0[0]
                .detail
                .contains("terraform import <resource address> proj_a/user_b")
        );
        let project = create_error(
            &key(),
            &error(ErrorKind::NotFound, "project_not_found", "no project"),
        );
        assert_eq!(
            project.0[0].attribute,
            Some(AttributePath::attribute("project_id"))
        );
    }

    #[test]
    fn state_uses_the_api_role_and_email() {
        let user = ProjectUser {
            id: "user_b".into(),
            name: "Bob".into(),
            email: Some("bob@example.com".into()),
            role: "member".into(),
            added_at: Some(1),
        };
        let state = key().state(&user);
        assert_eq!(state.get_str("id"), Some("proj_a/user_b"));
        assert_eq!(state.get_str("role"), Some("member"));
        assert_eq!(state.get_str("email"), Some("bob@example.com"));
    }
}
