//! JSON codec for values. Terraform uses JSON only for raw state in
//! `UpgradeResourceState`; unknown values never appear there.

use std::collections::BTreeMap;

use super::{Type, Value};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid JSON state at {path}: {message}")]
pub struct JsonError {
    pub path: String,
    pub message: String,
}

pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, JsonError> {
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| JsonError {
        path: "(root)".into(),
        message: e.to_string(),
    })?;
    from_json(json, ty, "")
}

/// `json` as a value of type `ty`: object attributes the type lacks are
/// dropped, those the JSON lacks are null (how API answers become states).
pub fn value_from_json(json: &serde_json::Value, ty: &Type) -> Result<Value, JsonError> {
    from_json(json.clone(), ty, "")
}

fn from_json(json: serde_json::Value, ty: &Type, path: &str) -> Result<Value, JsonError> {
    use serde_json::Value as J;
    let fail = |message: String| JsonError {
        path: if path.is_empty() {
            "(root)".into()
        } else {
            path.into()
        },
        message,
    };
    match (ty, json) {
        (_, J::Null) => Ok(Value::Null),
        (Type::String, J::String(s)) => Ok(Value::String(s)),
        (Type::Bool, J::Bool(b)) => Ok(Value::Bool(b)),
        (Type::Number, J::Number(n)) => n
            .as_f64()
            .map(Value::Number)
            .ok_or_else(|| fail(format!("number {n} out of range"))),
        (Type::List(el) | Type::Set(el), J::Array(items)) => {
            let values = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| from_json(item, el, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::Set(_)) {
                Value::Set(values)
            } else {
                Value::List(values)
            })
        }
        (Type::Map(el), J::Object(entries)) => {
            let mut map = BTreeMap::new();
            for (k, v) in entries {
                let value = from_json(v, el, &format!("{path}[{k:?}]"))?;
                map.insert(k, value);
            }
            Ok(Value::Map(map))
        }
        (Type::Object(attr_types), J::Object(entries)) => {
            let mut attrs = BTreeMap::new();
            // Attributes no longer in the schema are dropped: that is what
            // upgrading a state written by an older provider version means.
            for (name, attr_ty) in attr_types {
                let json = entries.get(name).cloned().unwrap_or(J::Null);
                attrs.insert(
                    name.clone(),
                    from_json(json, attr_ty, &format!("{path}.{name}"))?,
                );
            }
            Ok(Value::Object(attrs))
        }
        (_, other) => Err(fail(format!("unexpected JSON value {other}"))),
    }
}

/// JSON form of a wholly known value (unknowns become null).
pub fn encode_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null | Value::Unknown => J::Null,
        Value::String(s) => J::String(s.clone()),
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(J::Null, J::Number),
        Value::List(items) | Value::Set(items) => J::Array(items.iter().map(encode_json).collect()),
        Value::Map(m) | Value::Object(m) => {
            J::Object(m.iter().map(|(k, v)| (k.clone(), encode_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_raw_state_and_drops_removed_attributes() {
        let ty = Type::Object(BTreeMap::from([
            ("id".into(), Type::String),
            ("permissions".into(), Type::set_of(Type::String)),
            ("description".into(), Type::String),
        ]));
        let raw = br#"{"id":"role_1","permissions":["a","b"],"legacy":1}"#;
        let value = decode_json(raw, &ty).unwrap();
        assert_eq!(value.get_str("id"), Some("role_1"));
        assert_eq!(value.get("permissions"), &Value::string_set(["b", "a"]));
        assert_eq!(value.get("description"), &Value::Null);
        assert_eq!(encode_json(&value)["id"], "role_1");
    }

    #[test]
    fn type_mismatch_names_the_path() {
        let ty = Type::Object(BTreeMap::from([("id".into(), Type::String)]));
        let e = decode_json(br#"{"id":true}"#, &ty).unwrap_err();
        assert_eq!(e.path, ".id");
    }
}
