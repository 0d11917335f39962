//! `project.rate_limit`: a project's rate limits, one per model, listed
//! under `/organization/projects/{p}/rate_limits` and updated at
//! `.../rate_limits/{rate_limit_id}`. The API makes them (there is no
//! create or delete): every project has the catalogue below until the
//! fixture gives it limits of its own. The models and numbers are a guess
//! of the fake's (the description documents the fields, not the values);
//! each model answers only the fields the description says apply to it.

use serde_json::{Map, Value, json};

use super::validate::Body;
use super::{Declaration, Entry, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::ListSpec;
use crate::fake::store::Store;

/// The fields an update may send, all integers.
pub const LIMITS: &[&str] = &[
    "max_requests_per_1_minute",
    "max_tokens_per_1_minute",
    "max_images_per_1_minute",
    "max_audio_megabytes_per_1_minute",
    "max_requests_per_1_day",
    "batch_1_day_max_input_tokens",
];

pub const RATE_LIMITS: Declaration = Declaration {
    name: "rate_limits",
    path: "/v1/organization/projects/{project_id}/rate_limits",
    item_path: "/v1/organization/projects/{project_id}/rate_limits/{rate_limit_id}",
    item_param: "rate_limit_id",
    parent: Parent::Project,
    noun: "rate limit",
    id_prefix: "rl-",
    list: ListSpec {
        min_limit: 1,
        max_limit: 100,
        default_limit: 100,
        ..ListSpec::PROJECTS
    },
    listable: true,
    create: None,
    update: Some(update),
    deleted_object: None,
    may_delete: None,
    on_delete: None,
    list_filter: None,
    seed: Some(catalogue),
    view: None,
};

/// The rate limits every project starts with.
pub fn catalogue(_project: &str) -> Vec<Value> {
    let limit = |model: &str, extra: Value| {
        let mut object = json!({
            "object": "project.rate_limit",
            "id": format!("rl-{model}"),
            "model": model,
            "max_requests_per_1_minute": 5000,
            "max_tokens_per_1_minute": 800000,
        });
        if let (Some(map), Value::Object(more)) = (object.as_object_mut(), extra) {
            map.extend(more);
        }
        object
    };
    vec![
        limit(
            "gpt-4o",
            json!({"max_requests_per_1_day": 100000, "batch_1_day_max_input_tokens": 90000000}),
        ),
        limit(
            "gpt-4o-mini",
            json!({"max_requests_per_1_day": 100000, "batch_1_day_max_input_tokens": 200000000}),
        ),
        limit("gpt-4.1", json!({"batch_1_day_max_input_tokens": 90000000})),
        limit("o3", json!({})),
        limit("dall-e-3", json!({"max_images_per_1_minute": 50})),
        limit(
            "whisper-1",
            json!({"max_audio_megabytes_per_1_minute": 100}),
        ),
    ]
}

/// Sets the sent limits; a limit the model does not have is refused.
fn update(_store: &mut Store, entry: &Entry, body: &Value) -> Result<Value, ApiError> {
    let body = Body::new(body, LIMITS)?;
    let mut object: Map<String, Value> = entry.object.as_object().cloned().unwrap_or_default();
    for key in LIMITS {
        let Some(n) = body.int(key, 0, i64::MAX)? else {
            continue;
        };
        if !object.contains_key(*key) {
            return Err(ApiError::bad_request(format!(
                "Invalid '{key}': the model {} has no such limit.",
                entry.str("model")
            ))
            .with_param(key)
            .with_code("invalid_value"));
        }
        object.insert((*key).to_owned(), json!(n));
    }
    Ok(Value::Object(object))
}
