//! `openai_invite`: an invitation of a person into the organization (and
//! into projects once accepted). Invites cannot be changed: every change
//! replaces one.
//!
//! An accepted invite is history, not drift: the person is a member now.
//! The refresh keeps it in the state as it is and says so (removing it
//! would make the next plan invite the member again, which the API
//! refuses), and its destroy sends nothing (deleting the invite would not
//! remove the person).

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;

use super::route::Part::Fixed;
use super::{Create, DataSources, Declaration, Field, Found, Hooks, Recover, Routes, Sent, Update};
use crate::api::{AdminClient, ApiError, ApiObject, Cursor, ErrorKind, ListSpec, User};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::lists;
use crate::resources::validators;
use crate::schema::{Attribute, Validator};
use crate::value::{Type, Value};

const DESCRIPTION: &str = "An invitation of a person into the OpenAI organization, with an \
    organization role and, once accepted, memberships of projects. An invite cannot be \
    changed: any change replaces it (the old invite is deleted, a new one sent).\n\n\
    Once the person accepts, they are a member of the organization: the invite stays in the \
    state as it is (Terraform does not invite them again) and every refresh warns that it \
    was accepted, with the `import` block that brings the member under \
    `openai_organization_user`. Destroying an accepted invite sends nothing to the API and \
    leaves the person a member. An expired invite is planned again (a new invite is sent). \
    Inviting someone who is already a member or already invited is an error that names the \
    member or invite and how to import it. Import with `<invite_id>`.";

/// `GET /organization/invites`: `after` is an invite ID.
const INVITES: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

pub(super) fn declaration() -> Declaration {
    Declaration {
        type_name: "openai_invite",
        noun: "invite",
        description: DESCRIPTION,
        fields: vec![
            Field::json(
                Attribute::computed("id", Type::String, "ID of the invite (`invite-...`).")
                    .use_state_for_unknown(),
                "id",
            ),
            Field::json(
                Attribute::computed(
                    "invite_id",
                    Type::String,
                    "ID of the invite, the same as `id` (the official provider's name).",
                )
                .use_state_for_unknown(),
                "id",
            ),
            Field::json(
                Attribute::required(
                    "email",
                    Type::String,
                    "Email address to send the invite to. Changing it replaces the invite.",
                )
                .validate_with(email()),
                "email",
            )
            .sent(Sent::OnCreate),
            Field::json(
                Attribute::required(
                    "role",
                    Type::String,
                    "Organization role of the person once they accept: `owner` or `reader`. \
                     Changing it replaces the invite (manage a member's role with \
                     `openai_organization_user`).",
                )
                .validate_with(one_of(&["owner", "reader"])),
                "role",
            )
            .sent(Sent::OnCreate),
            Field::json(
                Attribute::optional(
                    "projects",
                    Type::list_of(project_type()),
                    "Projects the person becomes a member of when they accept, each with its \
                     `id` (`proj_...`) and `role` (`member` or `owner`). Left out or empty, a new \
                     invite grants no project (not even the default one); left out, an imported \
                     invite keeps the projects it has. Changing it replaces the invite.",
                )
                .also_computed()
                .validate_with(projects()),
                "projects",
            )
            .sent(Sent::OnCreate)
            .null_sends(|| json!([])),
            Field::json(
                Attribute::computed(
                    "status",
                    Type::String,
                    "`pending`, `accepted` or `expired`.",
                ),
                "status",
            ),
            Field::json(
                Attribute::computed(
                    "created_at",
                    Type::Number,
                    "When the invite was sent (Unix seconds).",
                )
                .use_state_for_unknown(),
                "created_at",
            ),
            Field::json(
                Attribute::computed(
                    "expires_at",
                    Type::Number,
                    "When the invite expires (Unix seconds).",
                )
                .use_state_for_unknown(),
                "expires_at",
            ),
            Field::json(
                Attribute::computed(
                    "accepted_at",
                    Type::Number,
                    "When the invite was accepted (Unix seconds); null until then.",
                ),
                "accepted_at",
            ),
        ],
        routes: Routes {
            collection: &[Fixed("organization"), Fixed("invites")],
            id_param: "invite_id",
            list: INVITES,
            list_action: "list the organization's invites",
            import_query: &[],
        },
        create: Create::Post {
            fixed: Default::default,
            recover: Recover::Keyed {
                attribute: "email",
                is_live: |invite| invite.str("status") == Some("pending"),
            },
        },
        update: Update::Replace,
        gone: "The openai_invites data source lists the organization's invites.",
        hooks: Arc::new(InviteHooks),
        data_sources: DataSources {
            one: Some(("openai_invite", None)),
            list: Some(("openai_invites", "invites")),
        },
        official: Some("openai_invite"),
        // `projects` is left out: an imported invite keeps the projects it
        // has (the attribute is also computed), so the plan stays empty.
        export: Some(super::export::Exported {
            file: "people.tf",
            name_from: "email",
            writes: &["email", "role", "projects"],
            skip: |invite| match invite.str("status") {
                Some("pending") | None => None,
                Some(status) => Some(format!(
                    "the invite is {status}: only pending invites can be managed"
                )),
            },
            fixture_collection: "invites",
            retrieve: false,
            project_view: None,
        }),
    }
}

fn project_type() -> Type {
    Type::Object(
        [
            ("id".to_owned(), Type::String),
            ("role".to_owned(), Type::String),
        ]
        .into(),
    )
}

fn one_of(allowed: &'static [&'static str]) -> Validator {
    Arc::new(move |value: &Value| {
        let s = value.as_str().unwrap_or_default();
        if allowed.contains(&s) {
            Ok(())
        } else {
            Err(format!(
                "{s:?} is not one of {}",
                allowed
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    })
}

/// One `@` with text around it, no spaces, at most 320 characters.
fn email() -> Validator {
    let text = validators::text(320);
    Arc::new(move |value: &Value| {
        text(value)?;
        let s = value.as_str().unwrap_or_default();
        match s.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.contains('@')
                    && !s.chars().any(char::is_whitespace) =>
            {
                Ok(())
            }
            _ => Err(format!("{s:?} is not an email address")),
        }
    })
}

/// Each project: a `proj_` ID and `member` or `owner`, no project twice.
fn projects() -> Validator {
    let id = validators::prefixed_identifier("proj_");
    let role = one_of(&["member", "owner"]);
    Arc::new(move |value: &Value| {
        let Value::List(items) = value else {
            return Ok(());
        };
        let mut seen = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let project = item.get("id");
            if project.is_wholly_known() && !project.is_null() {
                id(project).map_err(|e| format!("projects[{i}].id {e}"))?;
                if seen.contains(&project) {
                    return Err(format!(
                        "projects[{i}]: project {} is listed twice",
                        project.as_str().unwrap_or_default()
                    ));
                }
                seen.push(project);
            }
            let r = item.get("role");
            if r.is_wholly_known() && !r.is_null() {
                role(r).map_err(|e| format!("projects[{i}].role: {e}"))?;
            }
        }
        Ok(())
    })
}

struct InviteHooks;

impl InviteHooks {
    /// The member with `email`, from the run's list of users.
    async fn member(client: &AdminClient, email: &str) -> Result<Option<User>, ApiError> {
        let users = lists::principals::<User>(client, false).await?;
        Ok(users
            .iter()
            .find(|u| {
                u.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .cloned())
    }

    fn accepted_warning(invite_id: &str, email: &str, member: Option<&User>) -> Diagnostics {
        let (who, id) = match member {
            Some(user) => (format!("user {}", user.id), user.id.as_str()),
            None => ("a member".to_owned(), "<user_id>"),
        };
        let mut diags = Diagnostics::new();
        diags.warning(
            format!("Invite accepted: {email} is now a member of the organization"),
            format!(
                "{email} accepted invite {invite_id} and is {who} of the organization. The \
                 invite stays in the state as it is, so Terraform does not invite them again; \
                 it has done its job. To manage the member (their role, or removing them), \
                 import them:\n\nimport {{\n  to = openai_organization_user.<name>\n  id = \
                 \"{id}\"\n}}\n\nand remove this openai_invite from the configuration: \
                 destroying an accepted invite sends nothing to the API and leaves the person \
                 a member."
            ),
        );
        diags
    }
}

#[async_trait]
impl Hooks for InviteHooks {
    async fn found(&self, client: &AdminClient, invite: &ApiObject) -> Found {
        let email = invite.str("email").unwrap_or_default();
        match invite.str("status") {
            Some("accepted") => {
                let member = Self::member(client, email).await.ok().flatten();
                Found::Keep(Self::accepted_warning(invite.id(), email, member.as_ref()))
            }
            Some("expired") => {
                let mut diags = Diagnostics::new();
                diags.warning(
                    format!("Invite for {email} expired"),
                    format!(
                        "Invite {} expired before {email} accepted it. Terraform will send a \
                         new invite; remove the openai_invite from the configuration if it is \
                         no longer wanted.",
                        invite.id()
                    ),
                );
                Found::Gone(diags)
            }
            _ => Found::Keep(Diagnostics::new()),
        }
    }

    /// An invite the API no longer lists may have been accepted: then the
    /// person is a member, and the invite is kept as accepted.
    async fn gone(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<(Value, Diagnostics)>, Diagnostics> {
        let Some(email) = state.get_str("email") else {
            return Ok(None);
        };
        let member = Self::member(client, email).await.map_err(|e| {
            crate::resources::errors::api_error("list the organization's users", &e)
        })?;
        let Some(member) = member else {
            return Ok(None);
        };
        let invite_id = state.get_str("id").unwrap_or_default();
        let mut kept = state.clone();
        kept.set("status", Value::string("accepted"));
        Ok(Some((
            kept,
            Self::accepted_warning(invite_id, email, Some(&member)),
        )))
    }

    async fn create_refused(
        &self,
        client: &AdminClient,
        planned: &Value,
        error: &ApiError,
    ) -> Option<Diagnostics> {
        if !matches!(error.kind, ErrorKind::InvalidRequest | ErrorKind::Conflict) {
            return None;
        }
        let email = planned.get_str("email")?;
        let path = AttributePath::attribute("email");
        let mut diags = Diagnostics::new();
        if let Ok(Some(member)) = Self::member(client, email).await {
            diags.error_at(
                path.clone(),
                format!("{email} is already a member of the organization"),
                format!(
                    "{error}\n\n{email} is user {} of the organization (role {}): an invite \
                     is only for people who are not members yet. To manage the member here, \
                     use openai_organization_user and import them:\n\nimport {{\n  to = \
                     openai_organization_user.<name>\n  id = \"{}\"\n}}",
                    member.id, member.role, member.id
                ),
            );
            return Some(diags);
        }
        let route = crate::api::Route::new(["organization", "invites"]);
        let invites = lists::objects(client, route, "/organization/invites", INVITES, true)
            .await
            .ok()?;
        let pending = invites.iter().find(|i| {
            i.str("status") == Some("pending")
                && i.str("email")
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })?;
        diags.error_at(
            path,
            format!("{email} is already invited"),
            format!(
                "{error}\n\nInvite {} to {email} is pending. To manage it here, import it \
                 instead of sending another:\n\nimport {{\n  to = openai_invite.<name>\n  id = \
                 \"{}\"\n}}\n\nor delete it first (openai_invites lists the invites).",
                pending.id(),
                pending.id()
            ),
        );
        Some(diags)
    }

    fn delete_skipped(&self, state: &Value) -> Option<String> {
        (state.get_str("status") == Some("accepted")).then(|| {
            format!(
                "invite {} was accepted: {} is a member, and deleting the invite would not \
                 remove them (openai_organization_user does)",
                state.get_str("id").unwrap_or_default(),
                state.get_str("email").unwrap_or_default()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_projects_are_checked_at_plan_time() {
        let check = email();
        assert!(check(&Value::string("ada@example.com")).is_ok());
        for bad in [
            "ada",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "a@b@c.com",
        ] {
            assert!(check(&Value::string(bad)).is_err(), "{bad}");
        }
        let project = |id: &str, role: &str| {
            let mut p = Value::Object(Default::default());
            p.set("id", Value::string(id));
            p.set("role", Value::string(role));
            p
        };
        let check = projects();
        assert!(check(&Value::List(vec![project("proj_a", "member")])).is_ok());
        let err = check(&Value::List(vec![project("proj_a", "admin")])).unwrap_err();
        assert!(err.contains("projects[0].role"), "{err}");
        let err = check(&Value::List(vec![project("grp_a", "owner")])).unwrap_err();
        assert!(err.contains("projects[0].id"), "{err}");
        let twice = Value::List(vec![
            project("proj_a", "owner"),
            project("proj_a", "member"),
        ]);
        assert!(check(&twice).unwrap_err().contains("twice"));
    }

    #[test]
    fn accepted_invites_send_no_delete_and_say_how_to_import_the_member() {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string("invite-1"));
        state.set("email", Value::string("ada@example.com"));
        state.set("status", Value::string("pending"));
        assert!(InviteHooks.delete_skipped(&state).is_none());
        state.set("status", Value::string("accepted"));
        assert!(
            InviteHooks
                .delete_skipped(&state)
                .unwrap()
                .contains("member")
        );
        let user: User = serde_json::from_value(
            json!({"object": "organization.user", "id": "user-ada", "added_at": 1}),
        )
        .unwrap();
        let warning = InviteHooks::accepted_warning("invite-1", "ada@example.com", Some(&user));
        let detail = &warning.0[0].detail;
        assert!(detail.contains("id = \"user-ada\""), "{detail}");
        assert!(detail.contains("openai_organization_user"), "{detail}");
    }
}
