//! `openai_effective_access`: what one user holds, or who holds one
//! permission, in the organization and in each project (or one), and
//! through what. Built for `check` blocks and postconditions.
//!
//! A permission's read costs what `openai-admin access` costs for the
//! projects asked about (see [`crate::admin::access::read_plan`]): the
//! inventory the export reads, without the declared types. A user's read
//! skips the assignment lists of other users and of groups the user is not
//! in ([`crate::admin::inventory::Focus`]).

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;

use super::DataSource;
use crate::admin::access::query::{Answer, HolderEntry, Query, ScopeTotal, Subject};
use crate::admin::access::{self, Access, Grant};
use crate::admin::inventory::{self, Focus, ReadError};
use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::permissions;
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const SUBJECTS: [&str; 3] = ["user_id", "email", "permission"];

pub struct EffectiveAccess {
    schema: Schema,
}

impl Default for EffectiveAccess {
    fn default() -> Self {
        Self::new()
    }
}

fn object(fields: &[(&str, Type)]) -> Type {
    Type::Object(
        fields
            .iter()
            .map(|(name, ty)| (name.to_string(), ty.clone()))
            .collect(),
    )
}

fn grant_type() -> Type {
    use Type::String as S;
    object(&[
        ("scope", S),
        ("project_id", S),
        ("project_name", S),
        ("user_id", S),
        ("email", S),
        ("user_name", S),
        ("role_id", S),
        ("role_name", S),
        ("permissions", Type::set_of(S)),
        ("source", S),
        ("group_id", S),
        ("group_name", S),
        ("through", S),
    ])
}

fn holder_type() -> Type {
    object(&[
        ("user_id", Type::String),
        ("email", Type::String),
        ("name", Type::String),
        ("groups", Type::set_of(Type::String)),
    ])
}

fn scope_type() -> Type {
    object(&[
        ("scope", Type::String),
        ("project_id", Type::String),
        ("project_name", Type::String),
        ("roles", Type::set_of(Type::String)),
        ("permissions", Type::set_of(Type::String)),
    ])
}

impl EffectiveAccess {
    pub fn new() -> Self {
        EffectiveAccess {
            schema: Schema::new(
                "Effective access: the roles and permissions one user holds (`user_id` or \
                 `email`), or everyone who holds one `permission`, in the organization and in \
                 each active project (or only `project_id`), each with where it comes from: a \
                 direct assignment, a group's assignment (the user is a member), a project \
                 group's join role, the project user role (`owner` or `member` of the \
                 project) or the organization user role (an organization owner holds every \
                 permission everywhere). Organization-wide grants hold in every project, so a \
                 read with `project_id` lists them too (`scope = \"organization\"`). A user's assignment only inherited \
                 from a group is listed once, as the group's. Made for `check` blocks and \
                 postconditions (see the example). One read lists the users, groups and \
                 their members, organization roles and projects, and per project read its \
                 roles, groups and users and their roles there.",
                vec![
                    Attribute::optional(
                        "user_id",
                        Type::String,
                        "The user whose access is read (`user-...`). Set exactly one of \
                         `user_id`, `email` and `permission`.",
                    )
                    .validate_with(validators::identifier()),
                    Attribute::optional(
                        "email",
                        Type::String,
                        "The user whose access is read, by email address (compared without \
                         regard to case). Set exactly one of `user_id`, `email` and \
                         `permission`.",
                    )
                    .validate_with(validators::text(320)),
                    Attribute::optional(
                        "permission",
                        Type::String,
                        "A permission (`api.organization.projects.api_keys.write`): every \
                         grant that includes it is read. A name close to a known permission \
                         but not one is an error that lists the close matches; a name far \
                         from every known one is read as written, with a warning. Set \
                         exactly one of `user_id`, `email` and `permission`.",
                    ),
                    Attribute::optional(
                        "project_id",
                        Type::String,
                        "Only this active project (`proj_...`), and the organization-wide \
                         grants. Unset: the organization and every active project.",
                    )
                    .validate_with(validators::prefixed_identifier("proj_")),
                    Attribute::computed(
                        "grants",
                        Type::list_of(grant_type()),
                        "Every grant read, sorted by scope (the organization first, then \
                         projects by name), user and role: `scope` (`organization` or \
                         `project`), `project_id` and `project_name` (null in the \
                         organization), `user_id`, `email`, `user_name`, `role_id` (a \
                         predefined project role by its alias, `role-api-project-owner`), \
                         `role_name`, `permissions` (set), `source` (`direct`, `group`, \
                         `project_group_join_role`, `project_user_role`, \
                         `organization_owner` or `organization_user_role`), `group_id` and \
                         `group_name` (the group of a `group` or `project_group_join_role` \
                         source, else null) and `through` (the source in words: `group \
                         \"Security\"'s assignment`).",
                    ),
                    Attribute::computed(
                        "holders",
                        Type::list_of(holder_type()),
                        "The users of `grants`, once each, by name: `user_id`, `email`, \
                         `name` and `groups` (the names of every group the user is a member \
                         of).",
                    ),
                    Attribute::computed(
                        "user_ids",
                        Type::set_of(Type::String),
                        "The IDs of `holders`.",
                    ),
                    Attribute::computed(
                        "scopes",
                        Type::list_of(scope_type()),
                        "Per scope with a grant (the organization first), what the grants \
                         add up to: `scope`, `project_id`, `project_name`, `roles` (set of \
                         role IDs) and `permissions` (the set of every permission of those \
                         roles).",
                    ),
                ],
            ),
        }
    }
}

/// The configured permission's problem: `Err` a likely typo (an error),
/// `Ok(Some)` a name the catalogue lacks (a warning), `Ok(None)` known.
fn check_permission(permission: &str) -> Result<Option<String>, String> {
    if permissions::is_known(permission) {
        return Ok(None);
    }
    let close = permissions::close_matches(permission);
    if !close.is_empty() {
        return Err(format!(
            "{permission:?} is not a known permission. Close matches: {}.",
            close.join(", ")
        ));
    }
    let shape_ok = permission.split('.').count() >= 2
        && permission
            .split('.')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    if !shape_ok {
        return Err(format!(
            "{permission:?} is not a permission name: expected dot-separated lowercase words \
             such as api.organization.projects.api_keys.write."
        ));
    }
    Ok(Some(format!(
        "{permission:?} is not among the permissions the provider knows ({}), and close to \
         none of them: it is matched as written, so a permission the API does not have \
         matches nothing.",
        permissions::PERMISSIONS.join(", ")
    )))
}

fn grant_value(g: &Grant) -> Value {
    let project = g.scope.project_id.as_ref();
    let (group_id, group_name) = g.source.group().unzip();
    Value::Object(BTreeMap::from([
        ("scope".to_owned(), Value::string(g.scope.kind())),
        ("project_id".to_owned(), Value::opt_string(project.cloned())),
        (
            "project_name".to_owned(),
            Value::opt_string(project.map(|_| g.scope.name.clone())),
        ),
        ("user_id".to_owned(), Value::string(&g.holder.id)),
        (
            "email".to_owned(),
            Value::opt_string(g.holder.email.clone()),
        ),
        ("user_name".to_owned(), Value::string(&g.holder.name)),
        ("role_id".to_owned(), Value::string(&g.role_id)),
        ("role_name".to_owned(), Value::string(&g.role_name)),
        (
            "permissions".to_owned(),
            Value::string_set(g.permissions.iter().cloned()),
        ),
        ("source".to_owned(), Value::string(g.source.kind())),
        ("group_id".to_owned(), Value::opt_string(group_id)),
        ("group_name".to_owned(), Value::opt_string(group_name)),
        ("through".to_owned(), Value::string(g.source.describe())),
    ]))
}

fn holder_value(h: &HolderEntry) -> Value {
    Value::Object(BTreeMap::from([
        ("user_id".to_owned(), Value::string(&h.holder.id)),
        (
            "email".to_owned(),
            Value::opt_string(h.holder.email.clone()),
        ),
        ("name".to_owned(), Value::string(&h.holder.name)),
        (
            "groups".to_owned(),
            Value::string_set(h.groups.iter().cloned()),
        ),
    ]))
}

fn scope_value(s: &ScopeTotal) -> Value {
    let project = s.scope.project_id.as_ref();
    Value::Object(BTreeMap::from([
        ("scope".to_owned(), Value::string(s.scope.kind())),
        ("project_id".to_owned(), Value::opt_string(project.cloned())),
        (
            "project_name".to_owned(),
            Value::opt_string(project.map(|_| s.scope.name.clone())),
        ),
        (
            "roles".to_owned(),
            Value::string_set(s.roles.iter().cloned()),
        ),
        (
            "permissions".to_owned(),
            Value::string_set(s.permissions.iter().cloned()),
        ),
    ]))
}

fn fill(config: &Value, answer: &Answer) -> Value {
    let mut state = config.clone();
    state.set(
        "grants",
        Value::List(answer.grants.iter().map(grant_value).collect()),
    );
    state.set(
        "holders",
        Value::List(answer.holders.iter().map(holder_value).collect()),
    );
    let ids: BTreeSet<&str> = answer
        .holders
        .iter()
        .map(|h| h.holder.id.as_str())
        .collect();
    state.set("user_ids", Value::string_set(ids));
    state.set(
        "scopes",
        Value::List(answer.scopes.iter().map(scope_value).collect()),
    );
    state
}

fn subject(config: &Value) -> Option<(&'static str, Subject)> {
    let value = |name| config.get_str(name).map(str::to_owned);
    if let Some(id) = value("user_id") {
        Some(("user_id", Subject::UserId(id)))
    } else if let Some(email) = value("email") {
        Some(("email", Subject::Email(email)))
    } else {
        value("permission").map(|p| ("permission", Subject::Permission(p)))
    }
}

#[async_trait]
impl DataSource for EffectiveAccess {
    fn type_name(&self) -> &'static str {
        "openai_effective_access"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if SUBJECTS.iter().any(|n| !config.get(n).is_wholly_known()) {
            return diags;
        }
        let set: Vec<&str> = SUBJECTS
            .iter()
            .copied()
            .filter(|n| !config.get(n).is_null())
            .collect();
        match set.as_slice() {
            [] => diags.error_at(
                AttributePath::attribute("user_id"),
                "Missing user_id, email or permission",
                "Set exactly one of user_id or email (what one user holds) and permission \
                 (who holds it).",
            ),
            [_] => {}
            [first, rest @ ..] => diags.error_at(
                AttributePath::attribute(rest[0]),
                format!("Conflicting {first} and {}", rest[0]),
                format!(
                    "{} are set; set exactly one of user_id, email and permission.",
                    set.join(", ")
                ),
            ),
        }
        if let Some(permission) = config.get_str("permission") {
            match check_permission(permission) {
                Err(problem) => diags.error_at(
                    AttributePath::attribute("permission"),
                    "Unknown permission",
                    problem,
                ),
                Ok(Some(note)) => diags.warning_at(
                    AttributePath::attribute("permission"),
                    "Permission not in the provider's catalogue",
                    note,
                ),
                Ok(None) => {}
            }
        }
        diags
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let Some((attribute, subject)) = subject(config) else {
            return Err(Diagnostics::from_error(
                "Missing user_id, email or permission",
                "One of them must be known before the read; this is a provider bug.",
            ));
        };
        let project_id = config.get_str("project_id").map(str::to_owned);
        let plan = access::read_plan(project_id.clone().map(|id| BTreeSet::from([id])));
        // A user's access needs only their lists and their groups'.
        let focus = match &subject {
            Subject::UserId(id) => Some(Focus::UserId(id.clone())),
            Subject::Email(email) => Some(Focus::Email(email.clone())),
            Subject::Permission(_) => None,
        };
        let read = match &focus {
            Some(focus) => inventory::read_for(client, &plan, focus, &|_| {}).await,
            None => inventory::read(client, &plan, &|_| {}).await,
        };
        let inventory = read.map_err(|error| match error {
            ReadError::Api { what, error } => {
                super::lookup::api_error(&format!("read {what}"), &error)
            }
            ReadError::Selection(problem) => {
                let mut diags = Diagnostics::new();
                diags.error_at(
                    AttributePath::attribute("project_id"),
                    "Project not readable",
                    problem,
                );
                diags
            }
        })?;
        let access = Access::of(&inventory);
        let query = Query {
            subject,
            project_id,
        };
        let answer = access.answer(&query).map_err(|problem| {
            let mut diags = Diagnostics::new();
            let at = match problem {
                access::query::QueryError::NoSuchProject(_) => "project_id",
                access::query::QueryError::NoSuchUser(_) => attribute,
            };
            diags.error_at(
                AttributePath::attribute(at),
                "Nothing to read",
                problem.to_string(),
            );
            diags
        })?;
        // The read plan reads every group's members, so no grant is lost
        // to a group whose members are unknown (`unread_groups` stays empty).
        Ok(fill(config, &answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_errors_and_unknown_names_warnings() {
        assert_eq!(check_permission("api.files.read"), Ok(None));
        let typo = check_permission("api.organization.projects.api_key.write").unwrap_err();
        assert!(
            typo.contains("Close matches: api.organization.projects.api_keys.write"),
            "{typo}"
        );
        assert!(
            check_permission("API.Files")
                .unwrap_err()
                .contains("not a permission name")
        );
        assert!(
            check_permission("api.billing.invoices.export")
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn exactly_one_subject() {
        let ds = EffectiveAccess::new();
        let config = |pairs: &[(&str, &str)]| {
            let mut value = Value::Object(
                ds.schema
                    .attributes
                    .iter()
                    .map(|a| (a.name.to_owned(), Value::Null))
                    .collect(),
            );
            for (k, v) in pairs {
                value.set(k, Value::string(*v));
            }
            value
        };
        assert!(ds.validate(&config(&[])).has_errors());
        assert!(
            !ds.validate(&config(&[("email", "a@example.com")]))
                .has_errors()
        );
        let both = ds.validate(&config(&[
            ("user_id", "user_a"),
            ("permission", "api.files.read"),
        ]));
        assert_eq!(
            both.0[0].attribute,
            Some(AttributePath::attribute("permission"))
        );
        let typo = ds.validate(&config(&[("permission", "api.file.read")]));
        assert_eq!(
            typo.0[0].attribute,
            Some(AttributePath::attribute("permission"))
        );
        assert!(typo.0[0].detail.contains("api.files.read"));
    }
}
