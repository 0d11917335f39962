//! `openai_users`: the users of the organization, all of them or those
//! with given email addresses.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, api_error};
use super::user::{email_validator, users_with_emails, with_email};
use crate::api::{AdminClient, User};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

pub struct UsersDataSource {
    schema: Schema,
    /// The unfiltered list, shared by concurrent reads.
    everyone: ListCache<(), User>,
}

fn user_type() -> Type {
    Type::Object(BTreeMap::from([
        ("id".to_owned(), Type::String),
        ("name".to_owned(), Type::String),
        ("email".to_owned(), Type::String),
        ("role".to_owned(), Type::String),
    ]))
}

fn user_value(user: &User) -> Value {
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&user.id)),
        ("name".to_owned(), Value::string(&user.name)),
        ("email".to_owned(), Value::opt_string(user.email.as_deref())),
        ("role".to_owned(), Value::string(&user.role)),
    ]))
}

/// Every element a plausible email address.
fn emails_validator() -> Validator {
    let email = email_validator();
    Arc::new(move |value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        items
            .iter()
            .try_for_each(|item| email(item).map_err(|e| format!("email: {e}")))
    })
}

impl Default for UsersDataSource {
    fn default() -> Self {
        Self::new()
    }
}

impl UsersDataSource {
    pub fn new() -> Self {
        UsersDataSource {
            schema: Schema::new(
                "Lists the users of the OpenAI organization: all of them, or those with the \
                 email addresses in `emails`. Use it to give a whole team's IDs to \
                 `openai_group_members`; every email listed must belong to a user.",
                vec![
                    Attribute::optional(
                        "emails",
                        Type::set_of(Type::String),
                        "Email addresses of the users to return, matched case-insensitively. \
                         Unset for every user of the organization. An email no user has is \
                         an error naming it.",
                    )
                    .validate_with(emails_validator()),
                    Attribute::computed(
                        "users",
                        Type::list_of(user_type()),
                        "The users, in the order the API returns them: objects with `id`, \
                         `name`, `email` and `role` (the organization role, e.g. `owner` or \
                         `reader`).",
                    ),
                ],
            ),
            everyone: ListCache::in_flight_only(),
        }
    }

    /// The users with `emails`, or an error naming the emails no user has.
    async fn with_emails(
        &self,
        client: &AdminClient,
        emails: &[String],
    ) -> Result<Vec<User>, Diagnostics> {
        let everyone = || async {
            let users = self.everyone.get(&(), || client.list_users()).await?;
            Ok(users.to_vec())
        };
        let users = users_with_emails(emails, || client.list_users_by_email(emails), everyone)
            .await
            .map_err(|e| api_error("look up users by email", &e))?;
        let unknown: Vec<&String> = emails
            .iter()
            .filter(|email| with_email(&users, email).is_empty())
            .collect();
        if !unknown.is_empty() {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("emails"),
                "No user with some of the emails",
                format!(
                    "The organization has no user with the email address{} {} (compared \
                     without regard to case). Check the spelling; people join the \
                     organization by accepting an invitation, and appear here only after \
                     that.",
                    if unknown.len() == 1 { "" } else { "es" },
                    unknown
                        .iter()
                        .map(|e| format!("{e:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return Err(diags);
        }
        Ok(users)
    }
}

#[async_trait]
impl DataSource for UsersDataSource {
    fn type_name(&self) -> &'static str {
        "openai_users"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let users = match config.get("emails") {
            Value::Null => self
                .everyone
                .get(&(), || client.list_users())
                .await
                .map_err(|e| api_error("list the organization's users", &e))?
                .to_vec(),
            _ => {
                let emails = config.get_strings("emails").ok_or_else(|| {
                    Diagnostics::from_error(
                        "Missing value for emails",
                        "emails must be known before the read; this is a provider bug.",
                    )
                })?;
                self.with_emails(client, &emails).await?
            }
        };
        let mut state = config.clone();
        state.set("users", Value::List(users.iter().map(user_value).collect()));
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_an_at_sign() {
        let validate = emails_validator();
        assert!(validate(&Value::string_set(["a@example.com", "B@example.com"])).is_ok());
        assert!(validate(&Value::string_set(Vec::<String>::new())).is_ok());
        let err = validate(&Value::string_set(["user_alice"])).unwrap_err();
        assert!(
            err.contains("\"user_alice\" is not an email address"),
            "{err}"
        );
        assert!(validate(&Value::string_set([" "])).is_err());
    }

    #[test]
    fn user_objects_have_the_documented_attributes() {
        let user = User {
            id: "user_a".into(),
            name: "A".into(),
            email: None,
            role: "owner".into(),
            added_at: Some(1),
        };
        let value = user_value(&user);
        assert_eq!(value.get_str("id"), Some("user_a"));
        assert!(value.get("email").is_null());
        let Type::Object(attrs) = user_type() else {
            unreachable!()
        };
        assert_eq!(
            attrs.keys().collect::<Vec<_>>(),
            ["email", "id", "name", "role"]
        );
    }
}
