//! `openai_project_user`: a user of the organization given access to one
//! project, as `owner` or `member`.
//!
//! The API has no ID for the membership: it is the pair (project, user).
//! Reads use one list of the project's users per operation, however many
//! users of that project the configuration manages.

use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::retrieve_after_pause;
use super::errors::{api_error, is_already_exists};
use super::import_id::{PairKey, PairKind};
use super::unclear_create::{Identity, Made, create_or_recover};
use super::{Applied, Failure, Resource, lists, required_str, validators};
use crate::api::{AddProjectUserRequest, AdminClient, ApiError, ProjectUser, User};
use crate::data_sources::user::with_email;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_user";

const DESCRIPTION: &str = "Gives a user of the organization access to one project, as \
    `owner` or `member`. The user must already be a member of the organization (invite \
    them first). Name the user by `user_id` or, as the official provider allows, by \
    `email`.\n\n\
    This resource is what `openai_user_role_assignment` needs before it can give the \
    user a project role: reference `openai_project_user.x.user_id` there (or use \
    `depends_on`) so the membership exists first. Removing the user from the project \
    (destroying this resource) also removes every project role the user had in it.\n\n\
    Import with `<project_id>/<user_id>`.";

/// The project roles the API accepts for a user.
const ROLES: [&str; 2] = ["owner", "member"];

pub struct ProjectUserResource {
    schema: Schema,
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
                    Attribute::optional(
                        "user_id",
                        Type::String,
                        "ID of a user of the organization (`user_...`), e.g. \
                         `data.openai_user.x.id`. Set exactly one of `user_id` and `email`; \
                         the state holds both. Changing it replaces the resource.",
                    )
                    .also_computed()
                    .use_state_for_unknown()
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
                    Attribute::optional(
                        "email",
                        Type::String,
                        "Email address of the user. Set it instead of `user_id` (as the \
                         official provider allows) to name the user by email: the provider \
                         looks the member of the organization up by it (ignoring case) \
                         when it adds them. Changing it replaces the resource. Read from \
                         the API when `user_id` is set; write it as the organization lists \
                         it, or an import followed by a differently-cased email plans a \
                         replacement.",
                    )
                    .also_computed()
                    .alternative()
                    .use_state_for_unknown()
                    .requires_replace()
                    .validate_with(email_address()),
                    Attribute::computed(
                        "name",
                        Type::String,
                        "Name of the user (null when the API has none). Each refresh \
                         reads it again.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "added_at",
                        Type::Number,
                        "When the user was added to the project (Unix seconds).",
                    )
                    .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block()),
        }
    }
}

/// One `@` with something on both sides and no whitespace: enough to catch
/// a user ID or a name written where an email belongs. (Stricter than the
/// `openai_user` data source's lookup check, which only wants an `@`.)
fn email_address() -> Validator {
    Arc::new(|value: &Value| {
        let email = value.as_str().unwrap_or_default();
        let well_formed = email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
            && email.matches('@').count() == 1
            && !email.chars().any(char::is_whitespace);
        if well_formed {
            Ok(())
        } else {
            Err(format!(
                "{email:?} is not an email address (set user_id to name the user by ID)"
            ))
        }
    })
}

/// Exactly one of `user_id` and `email` names the user (skipped while
/// either is unknown).
fn one_user(config: &Value) -> Diagnostics {
    let (user_id, email) = (config.get("user_id"), config.get("email"));
    let mut diags = Diagnostics::new();
    if !user_id.is_wholly_known() || !email.is_wholly_known() {
        return diags;
    }
    match (user_id.is_null(), email.is_null()) {
        (false, false) => diags.error_at(
            AttributePath::attribute("email"),
            "Conflicting user_id and email",
            "user_id and email both name the user; set only one of them.",
        ),
        (true, true) => diags.error_at(
            AttributePath::attribute("user_id"),
            "Missing user_id or email",
            "Name the user by user_id (e.g. data.openai_user.x.id) or by email.",
        ),
        _ => {}
    }
    diags
}

/// `planned` with `user_id` filled in from the organization's member whose
/// email is the planned `email` (the configuration named the user by email).
async fn with_user_id(client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
    let Some(email) = planned
        .get_str("email")
        .filter(|_| planned.get_str("user_id").is_none())
    else {
        return Ok(planned.clone());
    };
    // The run's shared list of users (one read however many project users
    // are named by email), matched as the `openai_user` data source does.
    let users = lists::principals::<User>(client, false)
        .await
        .map_err(|e| api_error("list the organization's users", &e))?;
    let Some(user) = with_email(&users, email).into_iter().next() else {
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute("email"),
            "No user with this email",
            format!(
                "The organization has no member with the email {email:?}. Only members of \
                 the organization can join a project: invite them first (openai_invite), \
                 then add them once they have accepted."
            ),
        );
        return Err(diags);
    };
    let mut planned = planned.clone();
    planned.set("user_id", Value::string(&user.id));
    Ok(planned)
}

/// `state` with the email spelled as in `previous` (the plan or prior
/// state) when the API's differs only in case, so a configured email never
/// shows a diff for that.
fn email_as_written(mut state: Value, previous: &Value) -> Value {
    if let (Some(written), Some(read)) = (previous.get_str("email"), state.get_str("email"))
        && written != read
        && written.eq_ignore_ascii_case(read)
    {
        let written = written.to_owned();
        state.set("email", Value::string(written));
    }
    state
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

/// Which membership a state or plan describes: (project, user).
static KEY: PairKind = PairKind {
    type_name: TYPE_NAME,
    first: "project_id",
    second: "user_id",
    describe: |project, user| format!("user {user} of project {project}"),
};

/// The state of a membership as the API shows it.
fn state_of(key: &PairKey, user: &ProjectUser) -> Value {
    let mut state = key.base_state();
    state.set("role", Value::string(&user.role));
    state.set("email", Value::opt_string(user.email.as_deref()));
    let name = Some(user.name.as_str()).filter(|name| !name.is_empty());
    state.set("name", Value::opt_string(name));
    state.set("added_at", Value::opt_number(user.added_at));
    state
}

/// True for "the project is archived" answers: an archived project has no
/// users and refuses every change below it.
fn is_project_archived(error: &ApiError) -> bool {
    error.code.as_deref() == Some("project_archived")
}

/// "Already in the project": Terraform does not adopt a membership it did
/// not make, it says how to import it. `cause` is the API's answer, when
/// there is one.
fn member_exists_error(key: &PairKey, cause: Option<&ApiError>) -> Diagnostics {
    let cause = cause.map(|e| format!("{e}\n\n")).unwrap_or_default();
    let mut diags = Diagnostics::new();
    diags.error_at(
        AttributePath::attribute("user_id"),
        "User already in the project",
        format!(
            "{cause}The user {} is already a member of project {}, outside this \
             configuration. Terraform does not adopt it silently; to manage it here, \
             import it:\n  terraform import <resource address> {}",
            key.second(),
            key.first(),
            key.id()
        ),
    );
    diags
}

/// What the project's user list says.
enum Listing {
    Users(Arc<Vec<ProjectUser>>),
    /// 404: the project is gone, or was created a moment ago and is not
    /// readable yet; only a retrieve can tell.
    NotFound,
    /// An archived project has no users, for good.
    Archived,
}

/// The diagnostic of a failed add, saying which input is wrong and how to
/// fix it.
fn create_error(key: &PairKey, error: &ApiError) -> Diagnostics {
    let code = error.code.as_deref().unwrap_or_default();
    let message = error.message.to_ascii_lowercase();
    let mut diags = Diagnostics::new();
    if is_already_exists(error) {
        return member_exists_error(key, Some(error));
    }
    if code == "user_not_found" || message.contains("member of this organization") {
        diags.error_at(
            AttributePath::attribute("user_id"),
            "User is not in the organization",
            format!(
                "{error}\n\nThe user {} is not a member of the organization, and only \
                 members of the organization can join a project. Invite the user to the \
                 organization first (Organization settings > Members), or check user_id: \
                 the openai_user data source looks users up by email.",
                key.second()
            ),
        );
    } else if code == "project_not_found" {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project not found",
            format!(
                "{error}\n\nThe organization has no project {}: check project_id.",
                key.first()
            ),
        );
    } else if is_project_archived(error) {
        diags.error_at(
            AttributePath::attribute("project_id"),
            "Project is archived",
            format!(
                "{error}\n\nProject {} is archived: it cannot get new users.",
                key.first()
            ),
        );
    } else {
        return api_error(&format!("add {}", key.describe()), error);
    }
    diags
}

impl ProjectUserResource {
    /// The project's users, from the run's cache.
    async fn project_users(
        &self,
        client: &AdminClient,
        project_id: &str,
    ) -> Result<Listing, Diagnostics> {
        match lists::project_users(client, project_id, false).await {
            Ok(users) => Ok(Listing::Users(users)),
            Err(e) if e.is_not_found() => Ok(Listing::NotFound),
            Err(e) if is_project_archived(&e) => Ok(Listing::Archived),
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
        key: &PairKey,
    ) -> Result<Option<ProjectUser>, Diagnostics> {
        match client.get_project_user(key.first(), key.second()).await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.is_not_found() || is_project_archived(&e) => Ok(None),
            Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
        }
    }

    /// The membership: from the project's list when it is there, else from
    /// one retrieve after the usual pause (a list that is not found is a
    /// miss like any other).
    async fn find(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> Result<Option<ProjectUser>, Diagnostics> {
        match self.project_users(client, key.first()).await? {
            Listing::Archived => return Ok(None),
            Listing::Users(users) => {
                if let Some(user) = users.iter().find(|u| u.id == key.second()) {
                    return Ok(Some(user.clone()));
                }
            }
            Listing::NotFound => {}
        }
        let retrieve = || client.get_project_user(key.first(), key.second());
        match retrieve_after_pause(retrieve).await {
            Ok(user) => Ok(user),
            Err(e) if is_project_archived(&e) => Ok(None),
            Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
        }
    }

    async fn set_role(
        &self,
        client: &AdminClient,
        key: &PairKey,
        role: &str,
    ) -> Result<ProjectUser, Diagnostics> {
        let update = client.update_project_user(key.first(), key.second(), role);
        update
            .await
            .map_err(|e| api_error(&format!("change the role of {}", key.describe()), &e))
    }

    /// The state of a membership found after an unclear add (the user was
    /// not in the project before): the add did happen, with the role asked
    /// for unless something changed it since. A failure to set the role
    /// keeps the membership, with the role it has, in the state.
    async fn adopt_own(
        &self,
        client: &AdminClient,
        key: &PairKey,
        user: ProjectUser,
        role: &str,
    ) -> Result<Applied, Failure> {
        if user.role == role {
            return Ok(state_of(key, &user).into());
        }
        match self.set_role(client, key, role).await {
            Ok(user) => Ok(state_of(key, &user).into()),
            Err(diags) => Err(Failure::made(state_of(key, &user), diags)),
        }
    }
}

#[async_trait]
impl Resource for ProjectUserResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec![KEY.first, KEY.second]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        one_user(config)
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let planned = &with_user_id(client, planned).await?;
        let key = KEY.of(planned)?;
        let role = required_str(planned, "role")?;
        // A membership made outside Terraform is not adopted, and so its
        // role not changed: refuse it now, while nothing is unclear. The
        // list is the one reads use: at most one list per project. So a
        // membership an unclear add's recovery finds is ours.
        if let Listing::Users(users) = self.project_users(client, key.first()).await?
            && users.iter().any(|u| u.id == key.second())
        {
            return Err(member_exists_error(&key, None).into());
        }
        let request = AddProjectUserRequest {
            user_id: Some(key.second().to_owned()),
            email: None,
            role: role.to_owned(),
        };
        let create = || client.add_project_user(key.first(), &request);
        let look = || self.retrieve(client, &key);
        let refused = |e: &ApiError| create_error(&key, e);
        let what = key.describe();
        let made = create_or_recover(&what, &Identity::Keyed, create, look, refused);
        match made.await? {
            Made::Created(user) => {
                log::info!("added {} as {role}", key.describe());
                Ok(email_as_written(state_of(&key, &user), planned).into())
            }
            Made::Recovered(user) => {
                let applied = self.adopt_own(client, &key, user, role).await;
                applied
                    .map(|a| Applied::with_warnings(email_as_written(a.state, planned), a.warnings))
                    .map_err(|f| Failure {
                        made: f.made.map(|made| email_as_written(made, planned)),
                        diags: f.diags,
                    })
            }
        }
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = KEY.of(state)?;
        Ok(self
            .find(client, &key)
            .await?
            .map(|user| email_as_written(state_of(&key, &user), state)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        let role = required_str(planned, "role")?;
        let user = self.set_role(client, &key, role).await?;
        log::info!("{} is now {role}", key.describe());
        Ok(email_as_written(state_of(&key, &user), planned).into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = KEY.of(state)?;
        let remove = client.remove_project_user(key.first(), key.second());
        match remove.await {
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
        let key = KEY.parse(id)?;
        match self.find(client, &key).await? {
            Some(user) => Ok(state_of(&key, &user)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent project user",
                format!(
                    "The user {} is not a member of project {} (or the project does not \
                     exist or is archived).",
                    key.second(),
                    key.first()
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

    fn key() -> PairKey {
        KEY.parse("proj_a/user_b").unwrap()
    }

    #[test]
    fn ids_round_trip_and_bad_ones_show_the_format() {
        let key = key();
        assert_eq!((key.first(), key.second()), ("proj_a", "user_b"));
        assert_eq!(key.id(), "proj_a/user_b");
        for bad in ["proj_a", "proj_a/", "proj_a/user_b/x", "/user_b"] {
            let diags = KEY.parse(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains("\"<project_id>/<user_id>\""),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn exactly_one_of_user_id_and_email_names_the_user() {
        use crate::value::test_support::object as config;
        let s = Value::string;
        for ok in [
            config(&[("user_id", s("user_b")), ("email", Value::Null)]),
            config(&[("user_id", Value::Null), ("email", s("b@example.com"))]),
            config(&[("user_id", Value::Unknown), ("email", Value::Null)]),
        ] {
            assert!(one_user(&ok).is_empty(), "{ok:?}");
        }
        let both = one_user(&config(&[("user_id", s("u")), ("email", s("b@x"))]));
        assert_eq!(both.0[0].summary, "Conflicting user_id and email");
        assert_eq!(both.0[0].attribute, Some(AttributePath::attribute("email")));
        let neither = one_user(&config(&[]));
        assert_eq!(neither.0[0].summary, "Missing user_id or email");
        assert_eq!(
            neither.0[0].attribute,
            Some(AttributePath::attribute("user_id"))
        );
    }

    #[test]
    fn emails_are_validated() {
        let check = email_address();
        assert!(check(&Value::string("dee@example.com")).is_ok());
        for bad in [
            "user_dee",
            "@example.com",
            "dee@",
            "a@b@c",
            "dee @example.com",
        ] {
            assert!(check(&Value::string(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_email_differing_only_in_case_keeps_its_written_spelling() {
        use crate::value::test_support::object as config;
        let read = config(&[("email", Value::string("Dee@Example.com"))]);
        let written = config(&[("email", Value::string("dee@example.com"))]);
        assert_eq!(
            email_as_written(read.clone(), &written).get_str("email"),
            Some("dee@example.com")
        );
        let other = config(&[("email", Value::string("erin@example.com"))]);
        assert_eq!(
            email_as_written(read.clone(), &other).get_str("email"),
            Some("Dee@Example.com"),
            "another address is the API's"
        );
        let unset = config(&[("email", Value::Unknown)]);
        assert_eq!(
            email_as_written(read, &unset).get_str("email"),
            Some("Dee@Example.com")
        );
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
        let state = state_of(&key(), &user);
        assert_eq!(state.get_str("id"), Some("proj_a/user_b"));
        assert_eq!(state.get_str("role"), Some("member"));
        assert_eq!(state.get_str("email"), Some("bob@example.com"));
        assert_eq!(state.get_str("name"), Some("Bob"));
        assert_eq!(state.get("added_at"), &Value::Number(1.0));
        let unnamed = ProjectUser {
            name: String::new(),
            ..user
        };
        assert!(state_of(&key(), &unnamed).get("name").is_null());
    }
}

/// Reads and creates against the bundled fake.
#[cfg(test)]
mod fake_tests {
    use super::*;
    use crate::fake::{FakeConfig, FaultConfig};
    use crate::resources::test_fake::TestFake;

    const LIST: &str = "/organization/projects/{project_id}/users";
    const ONE: &str = "/organization/projects/{project_id}/users/{user_id}";

    fn planned(project_id: &str, user_id: &str, role: &str) -> Value {
        let mut planned = KEY
            .parse(&format!("{project_id}/{user_id}"))
            .unwrap()
            .base_state();
        planned.set("role", Value::string(role));
        planned
    }

    fn role_in_fake(fake: &TestFake, project_id: &str, user_id: &str) -> Option<String> {
        let users = fake.handle().project_users(project_id);
        users
            .into_iter()
            .find(|u| u.user_id == user_id)
            .map(|u| u.role)
    }

    #[tokio::test]
    async fn a_project_list_not_found_is_confirmed_by_the_retrieve() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![404],
            ..FaultConfig::default()
        });
        let found = ProjectUserResource::new()
            .read(&fake.client, &planned("proj_alpha", "user_bob", "member"))
            .await
            .unwrap();
        let found = found.expect("the membership is there: only its list answered 404");
        assert_eq!(found.get_str("role"), Some("member"));
        assert_eq!((fake.gets(LIST), fake.gets(ONE)), (1, 1));

        let gone = ProjectUserResource::new()
            .read(&fake.client, &planned("proj_nope", "user_bob", "member"))
            .await
            .unwrap();
        assert!(gone.is_none(), "a project that is gone has no users");
        assert_eq!((fake.gets(LIST), fake.gets(ONE)), (2, 2));
    }

    #[tokio::test]
    async fn an_unclear_create_never_adopts_a_membership_that_was_there_before() {
        let fake = TestFake::start(FakeConfig::default()).await;
        // Bob was a member of proj_alpha before this create; the first
        // request fails as if the server broke.
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![503],
            ..FaultConfig::default()
        });
        let refused = ProjectUserResource::new()
            .create(&fake.client, &planned("proj_alpha", "user_bob", "owner"))
            .await
            .unwrap_err()
            .diags;
        assert_eq!(refused.0[0].summary, "User already in the project");
        assert_eq!(
            refused.0[0].attribute,
            Some(AttributePath::attribute("user_id"))
        );
        assert!(
            refused.0[0]
                .detail
                .contains("terraform import <resource address> proj_alpha/user_bob"),
            "{refused:?}"
        );
        assert_eq!(
            role_in_fake(&fake, "proj_alpha", "user_bob").as_deref(),
            Some("member"),
            "the role was not changed"
        );
    }

    #[tokio::test]
    async fn an_unclear_create_that_was_applied_is_adopted() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next_after_apply: vec![503],
            ..FaultConfig::default()
        });
        let state = ProjectUserResource::new()
            .create(&fake.client, &planned("proj_alpha", "user_dee", "owner"))
            .await
            .unwrap()
            .state;
        assert_eq!(state.get_str("role"), Some("owner"));
        assert_eq!(
            role_in_fake(&fake, "proj_alpha", "user_dee").as_deref(),
            Some("owner")
        );
    }
}
