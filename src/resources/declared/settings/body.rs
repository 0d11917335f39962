//! A setting's JSON: fields read from (possibly nested) answer paths, the
//! bodies posted, and the body that would put the current value back.

use serde_json::{Map, Value as Json};

use super::super::{Field, Sent, Source};
use super::Setting;
use crate::diagnostics::Diagnostics;
use crate::value::{Value, encode_json, value_from_json};

/// The JSON at `path` (`file_search.enabled`), null when absent.
pub(super) fn at<'a>(json: &'a Json, path: &str) -> &'a Json {
    path.split('.')
        .try_fold(json, |node, key| node.get(key))
        .unwrap_or(&Json::Null)
}

/// Puts `value` at `path`, making the objects on the way.
fn put(body: &mut Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            body.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let inner = body
                .entry(head.to_owned())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(map) = inner {
                put(map, rest, value);
            }
        }
    }
}

fn read_path(field: &Field) -> &'static str {
    match field.source {
        Source::Json(json) => json,
        // Settings keep no hook-managed fields; such a field would be
        // read by its name.
        Source::Param | Source::Managed => field.name(),
    }
}

fn sent(setting: &Setting) -> impl Iterator<Item = &Field> {
    setting.fields.iter().filter(|f| f.sent == Sent::Always)
}

/// The fields' values in `answer`, by attribute name.
pub(super) fn values(
    setting: &Setting,
    answer: &Json,
) -> Result<Vec<(&'static str, Value)>, Diagnostics> {
    setting
        .fields
        .iter()
        .map(|field| {
            let path = read_path(field);
            value_from_json(at(answer, path), &field.attribute.ty)
                .map(|v| (field.name(), v))
                .map_err(|e| {
                    Diagnostics::from_error(
                        format!("Unexpected answer for the {}", setting.noun),
                        format!(
                            "The API's {path:?} field does not have the documented type ({}); \
                             nothing was recorded. Please report this with the API's answer.",
                            e.message
                        ),
                    )
                })
        })
        .collect()
}

/// The POST body from the plan: every sent field that is known and set
/// (an optional field left out of the configuration is not sent, so only
/// what the user configures is managed).
pub(super) fn from_plan(setting: &Setting, planned: &Value) -> Json {
    let mut body = Map::new();
    for field in sent(setting) {
        let value = planned.get(field.name());
        if value.is_wholly_known() && !value.is_null() {
            let json = whole_numbers(encode_json(value));
            put(&mut body, field.sent_as.unwrap_or(read_path(field)), json);
        }
    }
    Json::Object(body)
}

/// Whole numbers as JSON integers: Terraform's numbers arrive as floats,
/// and the API's integer fields refuse `100.0`.
fn whole_numbers(json: Json) -> Json {
    match json {
        Json::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Json::from(f as i64)
            }
            _ => Json::Number(n),
        },
        Json::Array(items) => Json::Array(items.into_iter().map(whole_numbers).collect()),
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The POST body that puts `answer`'s value back: every sent field the
/// answer has.
pub(super) fn restoring(setting: &Setting, answer: &Json) -> Json {
    let mut body = Map::new();
    for field in sent(setting) {
        let found = at(answer, read_path(field));
        if !found.is_null() {
            put(
                &mut body,
                field.sent_as.unwrap_or(read_path(field)),
                found.clone(),
            );
        }
    }
    Json::Object(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::setting;
    use super::*;

    #[test]
    fn nested_fields_read_and_post_at_their_paths() {
        let tools = setting("openai_project_hosted_tool_permissions").unwrap();
        let answer = json!({
            "file_search": {"enabled": true}, "web_search": {"enabled": false},
            "image_generation": {"enabled": true}, "mcp": {"enabled": true},
            "code_interpreter": {"enabled": false}
        });
        let values = values(tools, &answer).unwrap();
        assert!(values.contains(&("web_search_enabled", Value::Bool(false))));
        assert_eq!(restoring(tools, &answer), answer);
        let mut planned = Value::Object(Default::default());
        planned.set("mcp_enabled", Value::Bool(false));
        planned.set("web_search_enabled", Value::Unknown);
        assert_eq!(
            from_plan(tools, &planned),
            json!({"mcp": {"enabled": false}})
        );
    }

    #[test]
    fn whole_numbers_are_sent_as_integers() {
        let limits = setting("openai_project_rate_limit").unwrap();
        let mut planned = Value::Object(Default::default());
        planned.set("max_requests_per_1_minute", Value::Number(100.0));
        let sent = from_plan(limits, &planned);
        assert_eq!(sent.to_string(), r#"{"max_requests_per_1_minute":100}"#);
    }

    #[test]
    fn a_field_read_under_one_name_is_sent_under_its_own() {
        let retention = setting("openai_project_data_retention").unwrap();
        let answer = json!({"object": "project.data_retention", "type": "none"});
        assert_eq!(
            restoring(retention, &answer),
            json!({"retention_type": "none"})
        );
        let mistyped = json!({"object": "project.data_retention", "type": 3});
        assert!(values(retention, &mistyped).is_err());
    }
}
