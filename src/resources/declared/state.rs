//! States and request bodies from a declaration's fields: the one place
//! that maps attributes to JSON fields, so that no declared type builds a
//! state by hand.

use serde_json::{Map, Value as Json};

use super::{Declaration, Field, Sent, Source};
use crate::api::{ApiObject, json_path};
use crate::diagnostics::Diagnostics;
use crate::schema::{Mode, Schema};
use crate::value::{Value, encode_json, value_from_json};

/// The resource schema of `decl`. A type without updates replaces on any
/// change of what the user sets, so those attributes are declared
/// `requires_replace` here rather than by each declaration.
pub(super) fn resource_schema(decl: &Declaration) -> Schema {
    let replace_all = matches!(decl.update, super::Update::Replace);
    let attributes = decl
        .fields
        .iter()
        .map(|field| {
            let attr = field.attribute.clone();
            if replace_all && attr.mode != Mode::Computed {
                attr.requires_replace()
            } else {
                attr
            }
        })
        .collect();
    Schema::new(decl.description, attributes).with_block(crate::provider::timeouts::block())
}

/// The state of `object`. Route parameters come from `known` (the plan,
/// the prior state or the import ID); so do fields the answer lacks (an
/// update's answer need not carry every field, a list's view lacks a
/// certificate's content), when `known` has them. A field answered `null`
/// counts as lacking, as the description allows either for the nullable
/// ones (`subject_prefix`): the two must read the same (contract check (d)).
pub(super) fn state_of(
    decl: &Declaration,
    object: &ApiObject,
    known: &Value,
) -> Result<Value, Diagnostics> {
    let mut state = Value::Object(Default::default());
    for field in &decl.fields {
        let name = field.name();
        let value = match field.source {
            Source::Param | Source::Managed => known.get(name).clone(),
            Source::Json(json)
                if (!object.has_at(json) || object.at(json).is_null())
                    && known.get(name).is_wholly_known() =>
            {
                known.get(name).clone()
            }
            Source::Json(json) => decode(field, object.at(json), || {
                format!("{} {}", decl.noun, object.id())
            })?,
        };
        state.set(name, value);
    }
    Ok(state)
}

/// `field`'s value from `found`, the JSON at its path in an answer; `what`
/// names the object for the error (`invite inv_1`, `the rate limit`).
pub(super) fn decode(
    field: &Field,
    found: &Json,
    what: impl FnOnce() -> String,
) -> Result<Value, Diagnostics> {
    value_from_json(found, &field.attribute.ty).map_err(|e| {
        let path = field.read_path().unwrap_or(field.name());
        Diagnostics::from_error(
            format!("Unexpected answer for {}", what()),
            format!(
                "The API's {path:?} field does not have the documented type ({}); nothing \
                 was recorded for it. Please report this with the API's answer.",
                e.message
            ),
        )
    })
}

/// The values of the JSON-read `fields` in an answer, `at` giving the
/// JSON at a path (null where it has none), by attribute name; `what` as
/// for [`decode`].
pub(super) fn values_in<'a, 'j>(
    fields: impl IntoIterator<Item = &'a Field>,
    at: impl Fn(&str) -> &'j Json,
    what: impl Fn() -> String,
) -> Result<Vec<(&'static str, Value)>, Diagnostics> {
    fields
        .into_iter()
        .filter_map(|field| Some((field, field.read_path()?)))
        .map(|(field, path)| decode(field, at(path), &what).map(|v| (field.name(), v)))
        .collect()
}

/// The JSON body of a create (`create`: the `OnCreate` and `Always`
/// fields) or an update (the `Always` fields), from the plan; `fixed`
/// fields are added.
pub(super) fn body(
    decl: &Declaration,
    planned: &Value,
    create: bool,
    fixed: Map<String, Json>,
) -> Json {
    body_of(
        decl.fields.iter().filter(|f| is_sent(f, create)),
        planned,
        fixed,
    )
}

/// The body sending `fields` from the plan, each at its body path: those
/// known and set, and null ones that have [`Field::null_sends`]; `fixed`
/// fields are added.
pub(super) fn body_of<'a>(
    fields: impl IntoIterator<Item = &'a Field>,
    planned: &Value,
    fixed: Map<String, Json>,
) -> Json {
    let mut body = fixed;
    for field in fields {
        let Some(json) = field.body_path() else {
            continue;
        };
        let value = planned.get(field.name());
        if value.is_wholly_known() && !value.is_null() {
            json_path::insert(
                &mut body,
                json,
                whole_numbers_as_integers(encode_json(value)),
            );
        } else if let Some(null_sends) = field.null_sends {
            json_path::insert(&mut body, json, null_sends());
        }
    }
    Json::Object(body)
}

/// Terraform numbers are floats; the API's integer fields (an amount in
/// cents, a rate limit) refuse `2000.0`, so whole numbers (exactly
/// representable ones, below 2^53) are sent as integers.
fn whole_numbers_as_integers(json: Json) -> Json {
    match json {
        Json::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Json::from(f as i64)
            }
            _ => Json::Number(n),
        },
        Json::Array(items) => {
            Json::Array(items.into_iter().map(whole_numbers_as_integers).collect())
        }
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers_as_integers(v)))
                .collect(),
        ),
        other => other,
    }
}

fn is_sent(field: &Field, create: bool) -> bool {
    match field.sent {
        Sent::Never => false,
        Sent::OnCreate => create,
        Sent::Always => true,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::super::declaration;
    use super::*;

    fn object(json: Json) -> ApiObject {
        serde_json::from_value(json).unwrap()
    }

    fn value(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn states_map_fields_by_declaration_and_fit_the_schema() {
        let decl = declaration("openai_project_service_account").unwrap();
        let answer = object(json!({
            "object": "organization.project.service_account", "id": "svc_acct_1",
            "name": "ci", "role": "none", "created_at": 7, "api_key": null
        }));
        let known = value(&[("project_id", Value::string("proj_1"))]);
        let state = state_of(decl, &answer, &known).unwrap();
        assert_eq!(state.get_str("id"), Some("svc_acct_1"));
        assert_eq!(state.get_str("service_account_id"), Some("svc_acct_1"));
        assert_eq!(state.get_str("project_id"), Some("proj_1"));
        assert_eq!(state.get("created_at"), &Value::Number(7.0));
        let mut with_blocks = state.clone();
        with_blocks.set("timeouts", Value::Null);
        let ty = resource_schema(decl).value_type();
        assert_eq!(
            crate::value::mismatches(&with_blocks, &ty, true),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_field_the_answer_lacks_keeps_the_known_value_a_mistyped_one_is_an_error() {
        let decl = declaration("openai_project_service_account").unwrap();
        let known = value(&[
            ("project_id", Value::string("proj_1")),
            ("created_at", Value::Number(3.0)),
        ]);
        let renamed = object(json!({"id": "svc_acct_1", "name": "ci2"}));
        let state = state_of(decl, &renamed, &known).unwrap();
        assert_eq!(state.get("created_at"), &Value::Number(3.0));
        assert_eq!(state.get_str("name"), Some("ci2"));
        let mistyped = object(json!({"id": "svc_acct_1", "name": 5}));
        let err = state_of(decl, &mistyped, &known).unwrap_err();
        assert!(err.0[0].detail.contains("\"name\""), "{:?}", err.0[0]);
    }

    #[test]
    fn bodies_carry_what_is_sent_and_what_null_sends() {
        let decl = declaration("openai_invite").unwrap();
        let planned = value(&[
            ("email", Value::string("a@example.com")),
            ("role", Value::string("reader")),
            ("projects", Value::Null),
            ("status", Value::Unknown),
        ]);
        let sent = body(decl, &planned, true, Map::new());
        assert_eq!(
            sent,
            json!({"email": "a@example.com", "role": "reader", "projects": []})
        );
        let decl = declaration("openai_project_service_account").unwrap();
        let planned = value(&[
            ("project_id", Value::string("proj_1")),
            ("name", Value::string("ci")),
        ]);
        let mut fixed = Map::new();
        fixed.insert("create_service_account_only".into(), json!(true));
        let sent = body(decl, &planned, true, fixed);
        assert_eq!(
            sent,
            json!({"name": "ci", "create_service_account_only": true})
        );
        assert_eq!(
            body(decl, &planned, false, Map::new()),
            json!({"name": "ci"})
        );
    }

    #[test]
    fn dotted_fields_are_read_from_and_sent_as_nested_objects() {
        let decl = declaration("openai_organization_spend_alert").unwrap();
        let answer = object(json!({
            "id": "alert_1", "object": "organization.spend_alert", "threshold_amount": 2000,
            "currency": "USD", "interval": "month",
            "notification_channel": {"type": "email", "recipients": ["a@example.com"],
                                     "subject_prefix": null}
        }));
        let state = state_of(decl, &answer, &Value::Null).unwrap();
        assert_eq!(state.get_str("notification_channel_type"), Some("email"));
        assert_eq!(
            state.get("notification_channel_recipients"),
            &Value::List(vec![Value::string("a@example.com")])
        );
        assert_eq!(
            state.get("notification_channel_subject_prefix"),
            &Value::Null
        );
        let sent = body(decl, &state, true, Map::new());
        assert_eq!(
            sent,
            json!({"threshold_amount": 2000, "currency": "USD", "interval": "month",
                   "notification_channel": {"type": "email", "recipients": ["a@example.com"]}})
        );
    }

    #[test]
    fn types_without_updates_replace_on_every_user_attribute() {
        let schema = resource_schema(declaration("openai_invite").unwrap());
        for name in ["email", "role", "projects"] {
            assert!(schema.attribute(name).unwrap().requires_replace, "{name}");
        }
        assert!(!schema.attribute("status").unwrap().requires_replace);
        let schema = resource_schema(declaration("openai_project_service_account").unwrap());
        assert!(schema.attribute("project_id").unwrap().requires_replace);
        assert!(!schema.attribute("name").unwrap().requires_replace);
    }
}
