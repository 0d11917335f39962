//! The attributes of listed (redacted) keys, shared by the list and the
//! one-by-id data sources: project keys and admin keys. No secret is ever
//! here: the API answers reads with the redacted form only.

use std::collections::BTreeMap;

use crate::api::{AdminApiKey, ProjectApiKey};
use crate::schema::Attribute;
use crate::value::{Type, Value};

fn number(n: Option<i64>) -> Value {
    n.map_or(Value::Null, |n| Value::Number(n as f64))
}

/// (name, type, description) of a project key's attributes.
const PROJECT_KEY_FIELDS: [(&str, &str); 10] = [
    ("id", "ID of the key (`key_...`)."),
    ("name", "Name of the key."),
    (
        "redacted_value",
        "The redacted form of the key (`sk-...abc`); the secret itself is never readable.",
    ),
    ("created_at", "When the key was created (Unix seconds)."),
    (
        "last_used_at",
        "When the key was last used (Unix seconds); null if never.",
    ),
    (
        "owner_type",
        "Who holds the key: `user` or `service_account`.",
    ),
    (
        "owner_id",
        "ID of the user or service account holding the key.",
    ),
    (
        "owner_name",
        "Name of the user or service account holding the key.",
    ),
    (
        "owner_email",
        "Email of the user holding the key; null for a service account.",
    ),
    (
        "owner_project_access",
        "Whether the owner still has access to the project: `active` or `inactive` (a \
         key whose owner left the project is worth revoking).",
    ),
];

fn field_type(name: &str) -> Type {
    match name {
        "created_at" | "last_used_at" | "expires_at" => Type::Number,
        _ => Type::String,
    }
}

/// The computed attributes of one key but its `id` (the data source's
/// lookup attribute).
fn attributes_of(fields: &[(&'static str, &'static str)]) -> Vec<Attribute> {
    fields
        .iter()
        .filter(|(name, _)| *name != "id")
        .map(|(name, description)| Attribute::computed(name, field_type(name), description))
        .collect()
}

/// The object type of one key in a list.
fn type_of(fields: &[(&'static str, &'static str)]) -> Type {
    Type::Object(
        fields
            .iter()
            .map(|(name, _)| ((*name).to_owned(), field_type(name)))
            .collect(),
    )
}

/// The computed attributes of one project key (for `openai_project_api_key`).
pub fn project_key_attributes() -> Vec<Attribute> {
    attributes_of(&PROJECT_KEY_FIELDS)
}

pub fn project_key_type() -> Type {
    type_of(&PROJECT_KEY_FIELDS)
}

pub fn project_key_value(key: &ProjectApiKey) -> Value {
    let owner = key.owner.details();
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&key.id)),
        ("name".to_owned(), Value::opt_string(key.name.as_deref())),
        (
            "redacted_value".to_owned(),
            Value::string(&key.redacted_value),
        ),
        (
            "created_at".to_owned(),
            Value::Number(key.created_at as f64),
        ),
        ("last_used_at".to_owned(), number(key.last_used_at)),
        ("owner_type".to_owned(), Value::string(key.owner.kind())),
        (
            "owner_id".to_owned(),
            Value::opt_string(owner.map(|o| o.id.as_str())),
        ),
        (
            "owner_name".to_owned(),
            Value::opt_string(owner.and_then(|o| o.name.as_deref())),
        ),
        (
            "owner_email".to_owned(),
            Value::opt_string(owner.and_then(|o| o.email.as_deref())),
        ),
        (
            "owner_project_access".to_owned(),
            Value::opt_string(key.owner_project_access.as_deref()),
        ),
    ]))
}

const ADMIN_KEY_FIELDS: [(&str, &str); 9] = [
    ("id", "ID of the key (`key_...`)."),
    ("name", "Name of the key."),
    (
        "redacted_value",
        "The redacted form of the key (`sk-admin...xyz`); the secret itself is never readable.",
    ),
    ("created_at", "When the key was created (Unix seconds)."),
    (
        "expires_at",
        "When the key expires (Unix seconds); null if it does not.",
    ),
    (
        "last_used_at",
        "When the key was last used (Unix seconds); null if never.",
    ),
    ("owner_id", "ID of the user holding the key."),
    ("owner_name", "Name of the user holding the key."),
    (
        "owner_role",
        "Organization role of the key's owner (`owner`).",
    ),
];

pub fn admin_key_attributes() -> Vec<Attribute> {
    attributes_of(&ADMIN_KEY_FIELDS)
}

pub fn admin_key_type() -> Type {
    type_of(&ADMIN_KEY_FIELDS)
}

pub fn admin_key_value(key: &AdminApiKey) -> Value {
    let owner = key.owner.as_ref();
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&key.id)),
        ("name".to_owned(), Value::opt_string(key.name.as_deref())),
        (
            "redacted_value".to_owned(),
            Value::string(&key.redacted_value),
        ),
        (
            "created_at".to_owned(),
            Value::Number(key.created_at as f64),
        ),
        ("expires_at".to_owned(), number(key.expires_at)),
        ("last_used_at".to_owned(), number(key.last_used_at)),
        (
            "owner_id".to_owned(),
            Value::opt_string(owner.and_then(|o| o.id.as_deref())),
        ),
        (
            "owner_name".to_owned(),
            Value::opt_string(owner.and_then(|o| o.name.as_deref())),
        ),
        (
            "owner_role".to_owned(),
            Value::opt_string(owner.and_then(|o| o.role.as_deref())),
        ),
    ]))
}

/// `config` with the attributes of `object` (an object value) set on it.
pub fn merged(config: &Value, object: Value) -> Value {
    let mut state = config.clone();
    if let Value::Object(attrs) = object {
        for (name, value) in attrs {
            state.set(&name, value);
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{KeyOwner, OwnerDetails};

    #[test]
    fn a_project_key_of_a_service_account_fits_its_type() {
        let key = ProjectApiKey {
            id: "key_1".into(),
            name: Some("ci".into()),
            redacted_value: "sk-svc...abc".into(),
            created_at: 1,
            last_used_at: None,
            owner_project_access: Some("active".into()),
            owner: KeyOwner {
                kind: None,
                user: None,
                service_account: Some(OwnerDetails {
                    id: "svc_acct_1".into(),
                    name: Some("ci".into()),
                    email: None,
                }),
            },
        };
        let value = project_key_value(&key);
        assert!(crate::value::mismatches(&value, &project_key_type(), true).is_empty());
        assert_eq!(value.get_str("owner_id"), Some("svc_acct_1"));
        assert_eq!(value.get("owner_email"), &Value::Null);
    }
}
