//! A setting's JSON, through the declared types' field machinery
//! (`state.rs`): fields read from (possibly nested) answer paths, the
//! bodies posted, and the body that would put the current value back.

use serde_json::{Map, Value as Json};

use super::super::state::{body_of, values_in};
use super::super::{Field, Sent};
use super::Setting;
use crate::api::json_path;
use crate::diagnostics::Diagnostics;
use crate::value::Value;

fn sent(setting: &Setting) -> impl Iterator<Item = &Field> {
    setting.fields.iter().filter(|f| f.sent == Sent::Always)
}

/// The fields' values in `answer`, by attribute name.
pub(super) fn values(
    setting: &Setting,
    answer: &Json,
) -> Result<Vec<(&'static str, Value)>, Diagnostics> {
    values_in(
        &setting.fields,
        |path| json_path::get_in(answer, path),
        || format!("the {}", setting.noun),
    )
}

/// The POST body from the plan: every sent field that is known and set
/// (an optional field left out of the configuration is not sent, so only
/// what the user configures is managed).
pub(super) fn from_plan(setting: &Setting, planned: &Value) -> Json {
    body_of(sent(setting), planned, Map::new())
}

/// The POST body that puts `answer`'s value back: every sent field the
/// answer has.
pub(super) fn restoring(setting: &Setting, answer: &Json) -> Json {
    let mut body = Map::new();
    for field in sent(setting) {
        let (Some(read), Some(sent_at)) = (field.read_path(), field.body_path()) else {
            continue;
        };
        let found = json_path::get_in(answer, read);
        if !found.is_null() {
            json_path::insert(&mut body, sent_at, found.clone());
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
