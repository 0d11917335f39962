//! JSON Schema validation against the description, with the `jsonschema`
//! crate (OpenAPI 3.1 schemas are JSON Schema 2020-12).
//!
//! A schema is validated in place: the validator's root is the whole
//! description plus a `$ref` to the schema's location, so `#/components/...`
//! references resolve as they do in the document. Unknown keywords
//! (`x-oaiMeta`, `x-stainless-const`) are ignored, and `format` (e.g.
//! `unixtime`) is an annotation only, as in 2020-12 by default.

use std::collections::HashMap;
use std::sync::Mutex;

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};

use super::undocumented::{Undocumented, Walker};

/// One way an instance departs from a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the instance (`""` for the root).
    pub instance_path: String,
    pub error: String,
}

impl Violation {
    pub fn at(&self) -> &str {
        if self.instance_path.is_empty() {
            "/"
        } else {
            &self.instance_path
        }
    }
}

pub struct Schemas {
    doc: Value,
    compiled: Mutex<HashMap<String, &'static Validator>>,
}

impl Schemas {
    pub fn new(doc: &Value) -> Schemas {
        let mut doc = doc.clone();
        if let Some(root) = doc.as_object_mut() {
            // `paths`, `info` ... are not schema keywords; only the `$ref` matters.
            root.insert(
                "$schema".into(),
                Value::from("https://json-schema.org/draft/2020-12/schema"),
            );
        }
        Schemas {
            doc,
            compiled: Mutex::new(HashMap::new()),
        }
    }

    /// Validates `instance` against the schema at `pointer` (`#/...`).
    pub fn check(&self, pointer: &str, instance: &Value) -> Result<Vec<Violation>, String> {
        let validator = self.validator(pointer)?;
        Ok(collect(validator, instance))
    }

    /// The properties of `instance` that the schema at `pointer` does not
    /// declare (see [`super::undocumented`]).
    pub fn undocumented(&self, pointer: &str, instance: &Value) -> Vec<Undocumented> {
        let validates = |branch: &str, value: &Value| {
            self.check(branch, value)
                .is_ok_and(|violations| violations.is_empty())
        };
        Walker::new(&self.doc, &validates).undocumented(pointer, instance)
    }

    /// Validates against a schema given inline, inside the document (so its
    /// `$ref`s resolve too).
    pub fn check_inline(&self, schema: &Value, instance: &Value) -> Result<Vec<Violation>, String> {
        let key = format!("inline:{schema}");
        let mut compiled = self.compiled.lock().unwrap();
        let validator = match compiled.get(&key) {
            Some(validator) => *validator,
            None => {
                let mut root = match &self.doc {
                    Value::Object(map) => map.clone(),
                    _ => Map::new(),
                };
                if let Value::Object(keywords) = schema {
                    root.extend(keywords.clone());
                }
                let validator: &'static Validator =
                    Box::leak(Box::new(build(&Value::Object(root))?));
                compiled.insert(key, validator);
                validator
            }
        };
        Ok(collect(validator, instance))
    }

    fn validator(&self, pointer: &str) -> Result<&'static Validator, String> {
        let mut compiled = self.compiled.lock().unwrap();
        if let Some(validator) = compiled.get(pointer) {
            return Ok(validator);
        }
        if self.doc.pointer(pointer.trim_start_matches('#')).is_none() {
            return Err(format!("the description has no schema at {pointer}"));
        }
        let mut root = self.doc.clone();
        root.as_object_mut()
            .expect("the description is a JSON object")
            .insert("$ref".into(), Value::from(uri_fragment(pointer)));
        // Leaked on purpose: a handful of validators that live as long as the test process.
        let validator: &'static Validator = Box::leak(Box::new(build(&root)?));
        compiled.insert(pointer.to_string(), validator);
        Ok(validator)
    }
}

/// A `#/json/pointer` as a URI reference: characters a fragment may not hold
/// (`{` and `}` of path templates) percent-encoded.
fn uri_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        let allowed = byte.is_ascii_alphanumeric() || b"#-._~!$&'()*+,;=:@/?".contains(&byte);
        if allowed {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn build(root: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .build(root)
        .map_err(|e| format!("the schema does not compile: {e}"))
}

fn collect(validator: &Validator, instance: &Value) -> Vec<Violation> {
    validator
        .iter_errors(instance)
        .map(|error| Violation {
            instance_path: error.instance_path().to_string(),
            error: error.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "openapi": "3.1.0",
            "paths": {},
            "components": {"schemas": {
                "Role": {"type": "object", "x-oaiMeta": {"example": "{}"},
                         "properties": {"id": {"type": "string"},
                                        "created_at": {"type": "integer", "format": "unixtime"},
                                        "group": {"$ref": "#/components/schemas/Group"}},
                         "required": ["id"]},
                "Group": {"type": "object", "required": ["name"], "x-stainless-const": true}
            }}
        })
    }

    #[test]
    fn refs_resolve_and_errors_carry_the_instance_path() {
        let schemas = Schemas::new(&doc());
        let ok = schemas
            .check(
                "#/components/schemas/Role",
                &json!({"id": "r", "created_at": 5, "group": {"name": "g"}}),
            )
            .unwrap();
        assert_eq!(ok, []);
        let bad = schemas
            .check(
                "#/components/schemas/Role",
                &json!({"created_at": "soon", "group": {}}),
            )
            .unwrap();
        let paths: Vec<&str> = bad.iter().map(|v| v.instance_path.as_str()).collect();
        assert!(paths.contains(&""), "{bad:?}");
        assert!(paths.contains(&"/created_at"), "{bad:?}");
        assert!(paths.contains(&"/group"), "{bad:?}");
        assert!(
            bad.iter()
                .any(|v| v.error.contains("\"id\" is a required property"))
        );
    }

    #[test]
    fn schemas_under_templated_paths_are_found() {
        let mut doc = doc();
        doc["paths"] = json!({"/roles/{role_id}": {"get": {"responses": {"200": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Group"}}}}}}}});
        let schemas = Schemas::new(&doc);
        let pointer =
            "#/paths/~1roles~1{role_id}/get/responses/200/content/application~1json/schema";
        assert_eq!(schemas.check(pointer, &json!({"name": "g"})).unwrap(), []);
        assert_eq!(schemas.check(pointer, &json!({})).unwrap().len(), 1);
    }

    #[test]
    fn unknown_format_is_not_an_error_but_a_missing_schema_is() {
        let schemas = Schemas::new(&doc());
        let v = schemas
            .check(
                "#/components/schemas/Role",
                &json!({"id": "r", "created_at": 1}),
            )
            .unwrap();
        assert!(v.is_empty());
        assert!(
            schemas
                .check("#/components/schemas/Nope", &json!({}))
                .is_err()
        );
    }

    #[test]
    fn inline_schemas_see_the_components() {
        let schemas = Schemas::new(&doc());
        let v = schemas
            .check_inline(
                &json!({"type": "array", "items": {"$ref": "#/components/schemas/Group"}, "maxItems": 1}),
                &json!([{"name": "a"}, {}]),
            )
            .unwrap();
        assert_eq!(v.len(), 2, "{v:?}");
    }
}
