//! `openai_user`: one user of the organization, by email or ID.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{api_error, exactly_one_of};
use crate::api::{AdminClient, ApiError, User};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::validators;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

/// The longest email address SMTP allows (RFC 5321 path limit).
const EMAIL_MAX_CHARS: usize = 254;

/// A plausible email address: not empty, not too long, with an `@`.
pub(super) fn email_validator() -> Validator {
    let text = validators::text(EMAIL_MAX_CHARS);
    Arc::new(move |value: &Value| {
        text(value)?;
        match value.as_str() {
            Some(email) if !email.contains('@') => Err(format!(
                "{email:?} is not an email address (no '@'); to look a user up by ID, use id"
            )),
            _ => Ok(()),
        }
    })
}

pub struct UserDataSource {
    schema: Schema,
}

impl Default for UserDataSource {
    fn default() -> Self {
        Self::new()
    }
}

impl UserDataSource {
    pub fn new() -> Self {
        UserDataSource {
            schema: Schema::new(
                "Looks up one user of the OpenAI organization by email address (what people \
                 know) or by ID. Use it to add people to groups with `openai_group_user` or \
                 `openai_group_members` without copying IDs.",
                vec![
                    Attribute::optional(
                        "email",
                        Type::String,
                        "Email address of the user, matched case-insensitively. Set exactly \
                         one of `email` and `id`; when looking up by `id`, read the email \
                         from here.",
                    )
                    .validate_with(email_validator())
                    .also_computed(),
                    Attribute::optional(
                        "id",
                        Type::String,
                        "ID of the user (`user_...`). Set exactly one of `email` and `id`; \
                         when looking up by `email`, read the ID from here.",
                    )
                    .validate_with(validators::identifier())
                    .also_computed(),
                    Attribute::computed("name", Type::String, "Name of the user."),
                    Attribute::computed(
                        "role",
                        Type::String,
                        "The user's role in the organization, e.g. `owner` or `reader`.",
                    ),
                    Attribute::computed(
                        "added_at",
                        Type::Number,
                        "When the user joined the organization (Unix seconds).",
                    ),
                ],
            ),
        }
    }
}

/// The users among `users` whose email is `email`, ignoring case.
pub(crate) fn with_email<'a>(users: &'a [User], email: &str) -> Vec<&'a User> {
    users
        .iter()
        .filter(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
        .collect()
}

/// The users among `users` whose email is one of `emails`, ignoring case.
fn with_any_email(users: Vec<User>, emails: &[String]) -> Vec<User> {
    users
        .into_iter()
        .filter(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| emails.iter().any(|want| want.eq_ignore_ascii_case(e)))
        })
        .collect()
}

/// The users whose email is one of `emails`, ignoring case. They come from
/// `filtered` (the API's `emails` filter) when it finds every email; the
/// API does not promise that its filter ignores case, so when it misses
/// one, they come from `everyone` (one list of all users) instead.
pub(super) async fn users_with_emails<F, FF, E, EF>(
    emails: &[String],
    filtered: F,
    everyone: E,
) -> Result<Vec<User>, ApiError>
where
    F: FnOnce() -> FF,
    FF: Future<Output = Result<Vec<User>, ApiError>>,
    E: FnOnce() -> EF,
    EF: Future<Output = Result<Vec<User>, ApiError>>,
{
    let users = filtered().await?;
    let missed = emails.iter().any(|e| with_email(&users, e).is_empty());
    let users = if missed { everyone().await? } else { users };
    Ok(with_any_email(users, emails))
}

async fn by_email(client: &AdminClient, email: &str) -> Result<User, Diagnostics> {
    let emails = [email.to_owned()];
    let users = users_with_emails(
        &emails,
        || client.list_users_by_email(&emails),
        || client.list_users(),
    )
    .await
    .map_err(|e| api_error(&format!("look up the user with email {email:?}"), &e))?;
    let path = AttributePath::attribute("email");
    let mut diags = Diagnostics::new();
    match with_email(&users, email)[..] {
        [user] => return Ok(user.clone()),
        [] => diags.error_at(
            path,
            format!("No user with email {email:?}"),
            format!(
                "The organization has no user with the email address {email:?} (compared \
                 without regard to case). Check the spelling; people join the organization \
                 by accepting an invitation, and appear here only after that."
            ),
        ),
        ref several => diags.error_at(
            path,
            format!("Several users with email {email:?}"),
            format!(
                "{} users have the email address {email:?} (IDs {}); look the one you mean \
                 up by id instead.",
                several.len(),
                several
                    .iter()
                    .map(|u| u.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
    Err(diags)
}

async fn by_id(client: &AdminClient, user_id: &str) -> Result<User, Diagnostics> {
    match client.get_user(user_id).await {
        Ok(user) => Ok(user),
        Err(e) if e.is_not_found() => {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("id"),
                format!("No user with ID {user_id:?}"),
                format!(
                    "The organization has no user with ID {user_id:?}: the user is not a \
                     member of this organization (or was removed from it)."
                ),
            );
            Err(diags)
        }
        Err(e) => Err(api_error(&format!("look up user {user_id}"), &e)),
    }
}

#[async_trait]
impl DataSource for UserDataSource {
    fn type_name(&self) -> &'static str {
        "openai_user"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        exactly_one_of(config, "email", "id")
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let diags = exactly_one_of(config, "email", "id");
        if diags.has_errors() {
            return Err(diags);
        }
        let mut state = config.clone();
        let user = match (config.get_str("id"), config.get_str("email")) {
            (Some(id), _) => {
                let user = by_id(client, id).await?;
                state.set("email", Value::opt_string(user.email.as_deref()));
                user
            }
            // The email stays as configured: a lookup must not rewrite it.
            (None, Some(email)) => {
                let user = by_email(client, email).await?;
                state.set("id", Value::string(&user.id));
                user
            }
            (None, None) => {
                return Err(Diagnostics::from_error(
                    "Missing email or id",
                    "email or id must be known before the read; this is a provider bug.",
                ));
            }
        };
        state.set("name", Value::string(&user.name));
        state.set("role", Value::string(&user.role));
        state.set(
            "added_at",
            user.added_at
                .map_or(Value::Null, |at| Value::Number(at as f64)),
        );
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn user(id: &str, email: Option<&str>) -> User {
        User {
            id: id.into(),
            name: id.into(),
            email: email.map(str::to_owned),
            role: "reader".into(),
            added_at: None,
        }
    }

    #[test]
    fn emails_match_without_regard_to_case() {
        let users = [
            user("user_a", Some("Alice@Example.com")),
            user("user_b", Some("bob@example.com")),
            user("user_c", None),
        ];
        let found: Vec<&str> = with_email(&users, "alice@example.COM")
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(found, ["user_a"]);
        assert!(with_email(&users, "carol@example.com").is_empty());
    }

    fn emails(items: &[&str]) -> Vec<String> {
        items.iter().map(|e| e.to_string()).collect()
    }

    fn ids(users: &[User]) -> Vec<&str> {
        users.iter().map(|u| u.id.as_str()).collect()
    }

    /// The organization, and a filter that compares emails exactly (as the
    /// API may: its description does not say it ignores case).
    fn organization() -> Vec<User> {
        vec![
            user("user_a", Some("Alice@Example.com")),
            user("user_b", Some("bob@example.com")),
            user("user_c", None),
        ]
    }

    async fn exact_filter(wanted: &[String]) -> Result<Vec<User>, ApiError> {
        Ok(organization()
            .into_iter()
            .filter(|u| u.email.as_ref().is_some_and(|e| wanted.contains(e)))
            .collect())
    }

    #[test]
    fn only_users_with_one_of_the_emails_are_kept() {
        let wanted = emails(&["ALICE@example.com", "nobody@example.com"]);
        assert_eq!(ids(&with_any_email(organization(), &wanted)), ["user_a"]);
    }

    #[tokio::test]
    async fn an_email_the_filter_misses_is_matched_in_the_whole_list() {
        let lists = AtomicUsize::new(0);
        let everyone = || async {
            lists.fetch_add(1, Ordering::SeqCst);
            Ok(organization())
        };
        let wanted = emails(&["alice@example.COM", "bob@example.com"]);
        let found = users_with_emails(&wanted, || exact_filter(&wanted), everyone)
            .await
            .unwrap();
        assert_eq!(ids(&found), ["user_a", "user_b"]);
        assert_eq!(lists.load(Ordering::SeqCst), 1, "one list of everyone");
    }

    #[tokio::test]
    async fn the_whole_list_is_not_read_when_the_filter_finds_every_email() {
        let lists = AtomicUsize::new(0);
        let everyone = || async {
            lists.fetch_add(1, Ordering::SeqCst);
            Ok(organization())
        };
        let wanted = emails(&["bob@example.com"]);
        let found = users_with_emails(&wanted, || exact_filter(&wanted), everyone)
            .await
            .unwrap();
        assert_eq!(ids(&found), ["user_b"]);
        assert_eq!(lists.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn an_email_nobody_has_costs_one_list_and_is_not_found() {
        let lists = AtomicUsize::new(0);
        let everyone = || async {
            lists.fetch_add(1, Ordering::SeqCst);
            Ok(organization())
        };
        let wanted = emails(&["carol@example.com"]);
        let found = users_with_emails(&wanted, || exact_filter(&wanted), everyone)
            .await
            .unwrap();
        assert!(found.is_empty());
        assert_eq!(lists.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn emails_need_an_at_sign() {
        let validate = email_validator();
        assert!(validate(&Value::string("a@example.com")).is_ok());
        let err = validate(&Value::string("user_alice")).unwrap_err();
        assert!(err.contains("not an email address"), "{err}");
        assert!(validate(&Value::string("")).is_err());
    }

    #[test]
    fn exactly_one_of_email_and_id() {
        let source = UserDataSource::new();
        let mut config = Value::Object(Default::default());
        config.set("email", Value::string("a@example.com"));
        config.set("id", Value::string("user_a"));
        let diags = source.validate(&config);
        assert_eq!(diags.0[0].summary, "Conflicting email and id");
        assert_eq!(diags.0[0].attribute, Some(AttributePath::attribute("id")));
        config.set("id", Value::Null);
        assert!(source.validate(&config).is_empty());
        config.set("email", Value::Null);
        assert_eq!(
            source.validate(&config).0[0].attribute,
            Some(AttributePath::attribute("email"))
        );
    }
}
