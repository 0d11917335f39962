//! Check (d): decoding tolerates what the description allows or leaves open.
//!
//! From each operation's documented example answer, variants are generated
//! object by object, guided by the schema the object is documented with:
//! - a field absent, when the schema does not require it or when some
//!   documented example of the same schema leaves it out (lists omit
//!   `assignment_sources` although `AssignedRoleDetails` requires it);
//! - a field `null`, when its schema admits `null`;
//! - an unknown extra field.
//!
//! Each variant is answered to the client call of that operation and must
//! decode; an unknown field must not change the decoded value, and a field
//! that may be both absent and null must decode the same either way.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::client_calls;
use super::client_run::{client, documented_answer};
use super::recorder::{Recorder, Responder};
use super::report::Finding;
use super::spec::{Spec, pointer_token, used_operations};

/// An object in an example, and the schema it is documented with.
#[derive(Debug, Clone)]
pub struct ObjectSite {
    /// JSON pointer into the example.
    pub path: String,
    /// JSON pointer of the (resolved) schema in the description.
    pub schema: String,
    pub keys: BTreeSet<String>,
}

/// Every object of `instance` reached through `schema_pointer`'s
/// properties, items and matching `anyOf`/`oneOf` branches.
pub fn object_sites(spec: &Spec, schema_pointer: &str, instance: &Value) -> Vec<ObjectSite> {
    let mut sites = Vec::new();
    walk(
        spec,
        schema_pointer.to_string(),
        instance,
        String::new(),
        &mut sites,
        0,
    );
    sites
}

fn walk(
    spec: &Spec,
    pointer: String,
    instance: &Value,
    path: String,
    sites: &mut Vec<ObjectSite>,
    depth: usize,
) {
    let Some(schema) = spec.at(&pointer) else {
        return;
    };
    if depth > 24 {
        return;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        return walk(
            spec,
            reference.to_string(),
            instance,
            path,
            sites,
            depth + 1,
        );
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = schema[key].as_array() {
            if let Some(index) = branches.iter().position(|b| admits(spec, b, instance)) {
                walk(
                    spec,
                    format!("{pointer}/{key}/{index}"),
                    instance,
                    path,
                    sites,
                    depth + 1,
                );
            }
            return;
        }
    }
    match instance {
        Value::Object(map) => {
            sites.push(ObjectSite {
                path: path.clone(),
                schema: pointer.clone(),
                keys: map.keys().cloned().collect(),
            });
            for (key, value) in map {
                if schema["properties"].get(key).is_some() {
                    walk(
                        spec,
                        format!("{pointer}/properties/{}", pointer_token(key)),
                        value,
                        format!("{path}/{}", pointer_token(key)),
                        sites,
                        depth + 1,
                    );
                }
            }
        }
        Value::Array(items) if schema.get("items").is_some() => {
            for (index, item) in items.iter().enumerate() {
                walk(
                    spec,
                    format!("{pointer}/items"),
                    item,
                    format!("{path}/{index}"),
                    sites,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Whether a branch's type fits the instance's JSON type.
fn admits(spec: &Spec, branch: &Value, instance: &Value) -> bool {
    let branch = spec.resolve(branch);
    let wanted = match instance {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    match branch["type"].as_str() {
        Some(t) => t == wanted || (t == "number" && wanted == "integer"),
        None => wanted == "object" && branch.get("properties").is_some(),
    }
}

fn nullable(spec: &Spec, schema: &Value) -> bool {
    let schema = spec.resolve(schema);
    schema["type"] == "null"
        || schema["type"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("null")))
        || ["anyOf", "oneOf"].iter().any(|key| {
            schema[*key]
                .as_array()
                .is_some_and(|branches| branches.iter().any(|b| nullable(spec, b)))
        })
}

/// Required fields that some documented example leaves out, per schema.
pub fn omitted_in_examples(spec: &Spec) -> BTreeMap<String, BTreeSet<String>> {
    let mut examples: Vec<(String, Value)> = Vec::new();
    for op in &spec.operations {
        if let (Some(pointer), Some((_, Ok(example)))) =
            (op.success_schema(), spec.example_response(op))
        {
            examples.push((pointer.to_string(), example));
        }
    }
    if let Some(schemas) = spec.doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            if let Some(Ok(example)) = schema["x-oaiMeta"]["example"]
                .as_str()
                .map(serde_json::from_str::<Value>)
            {
                examples.push((
                    format!("#/components/schemas/{}", pointer_token(name)),
                    example,
                ));
            }
        }
    }
    let mut omitted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (pointer, example) in examples {
        for site in object_sites(spec, &pointer, &example) {
            let schema = spec.at(&site.schema).unwrap_or(&Value::Null);
            for name in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !site.keys.contains(name) {
                    omitted
                        .entry(site.schema.clone())
                        .or_default()
                        .insert(name.to_string());
                }
            }
        }
    }
    omitted
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Absent,
    Null,
    Extra,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub change: Change,
    /// Pointer of the changed field in the answer.
    pub at: String,
    pub body: Value,
}

pub const EXTRA_FIELD: &str = "x_contract_unknown_field";

/// The variants of one example answered with the schema at `schema_pointer`.
pub fn variants(
    spec: &Spec,
    schema_pointer: &str,
    example: &Value,
    omitted: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<Variant> {
    let mut out = Vec::new();
    for site in object_sites(spec, schema_pointer, example) {
        let schema = spec.at(&site.schema).unwrap_or(&Value::Null);
        let required: BTreeSet<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let left_open = omitted.get(&site.schema);
        let mut change =
            |change: Change, field: &str, edit: &dyn Fn(&mut serde_json::Map<String, Value>)| {
                let mut body = example.clone();
                if let Some(Value::Object(map)) = body.pointer_mut(&site.path) {
                    edit(map);
                    out.push(Variant {
                        change,
                        at: format!("{}/{}", site.path, pointer_token(field)),
                        body,
                    });
                }
            };
        for key in &site.keys {
            let open =
                !required.contains(key.as_str()) || left_open.is_some_and(|o| o.contains(key));
            if open {
                change(Change::Absent, key, &|map| {
                    map.remove(key);
                });
            }
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if nullable(spec, property) && site.keys.contains(name) {
                change(Change::Null, name, &|map| {
                    map.insert(name.clone(), Value::Null);
                });
            } else if nullable(spec, property) && !required.contains(name.as_str()) {
                // Absent in the example; the description allows it as null too.
                change(Change::Null, name, &|map| {
                    map.insert(name.clone(), Value::Null);
                });
            }
        }
        change(Change::Extra, EXTRA_FIELD, &|map| {
            map.insert(
                EXTRA_FIELD.into(),
                json!({"nested": [1, "two", null], "flag": true}),
            );
        });
    }
    out
}

#[derive(Default)]
pub struct VariantRun {
    pub findings: Vec<Finding>,
    /// Operations whose variants were all decoded as required.
    pub covered: BTreeSet<String>,
    pub variants: usize,
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 300 {
        format!("{}...", text.chars().take(300).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Judges the decoded variants of one operation's example against the
/// decoded example (`base`, as `{:?}` text): every variant must decode, an
/// unknown field must not change the value, and a field that may be both
/// absent and null must decode the same either way.
pub fn assess(
    operation: &str,
    label: &str,
    base: &str,
    decoded: &[(Variant, Result<String, String>)],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut values: BTreeMap<(Change, &str), &str> = BTreeMap::new();
    for (variant, outcome) in decoded {
        let what = match variant.change {
            Change::Absent => "field absent",
            Change::Null => "field null",
            Change::Extra => "unknown field added",
        };
        let context = format!("{label}: {what}");
        match outcome {
            Err(error) => findings.push(Finding::new(operation, context, &variant.at, error)),
            Ok(value) if variant.change == Change::Extra && value != base => {
                findings.push(Finding::new(
                    operation,
                    context,
                    &variant.at,
                    format!(
                        "an unknown field changed the decoded value: {} instead of {}",
                        shorten(value),
                        shorten(base)
                    ),
                ));
            }
            Ok(value) => {
                values.insert((variant.change.clone(), variant.at.as_str()), value);
            }
        }
    }
    for ((change, at), null_value) in &values {
        if *change != Change::Null {
            continue;
        }
        if let Some(absent_value) = values.get(&(Change::Absent, *at))
            && absent_value != null_value
        {
            findings.push(Finding::new(
                operation,
                format!("{label}: null versus absent"),
                *at,
                format!(
                    "null decodes as {} but absent as {}",
                    shorten(null_value),
                    shorten(absent_value)
                ),
            ));
        }
    }
    findings
}

pub async fn run(spec: &Arc<Spec>) -> VariantRun {
    let answer: Arc<Mutex<Value>> = Arc::new(Mutex::new(Value::Null));
    // The operation whose answers are varied; the other requests of a call
    // (its `also`) get their documented answers.
    let target: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let (served, varied, answers) = (answer.clone(), target.clone(), spec.clone());
    let responder: Responder = Arc::new(move |request| {
        let own = answers
            .find(&request.method, &request.path)
            .is_none_or(|(op, _)| op.id == *varied.lock().unwrap());
        if own {
            (200, served.lock().unwrap().clone())
        } else {
            documented_answer(&answers, request)
        }
    });
    let recorder = Recorder::start(&spec.base_path, responder).await;
    let client = client(&recorder.base_url);
    let omitted = omitted_in_examples(spec);
    let calls = client_calls::all();
    let mut out = VariantRun::default();
    for id in used_operations() {
        let (Some(op), Some(call)) = (
            spec.operation(&id),
            calls.iter().find(|c| c.operation == id),
        ) else {
            continue;
        };
        let (Some(schema), Some((_, Ok(example)))) =
            (op.success_schema(), spec.example_response(op))
        else {
            continue;
        };
        *answer.lock().unwrap() = example.clone();
        *target.lock().unwrap() = id.clone();
        let base = (call.run)(&client).await;
        recorder.take();
        let Ok(base) = base else {
            // Reported by (c); variants of an undecodable example say nothing more.
            continue;
        };
        let mut decoded = Vec::new();
        for variant in variants(spec, schema, &example, &omitted) {
            out.variants += 1;
            *answer.lock().unwrap() = variant.body.clone();
            let outcome = (call.run)(&client).await;
            recorder.take();
            decoded.push((variant, outcome));
        }
        let findings = assess(&id, call.label, &base, &decoded);
        let ok = findings.is_empty();
        out.findings.extend(findings);
        if ok {
            out.covered.insert(id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec::from_value(json!({
            "paths": {},
            "components": {"schemas": {
                "List": {"type": "object", "required": ["data"],
                         "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                                        "next": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
                         "x-oaiMeta": {"example": "{\"data\": [{\"id\": \"a\"}]}"}},
                "Item": {"type": "object", "required": ["id", "sources"],
                         "properties": {"id": {"type": "string"},
                                        "note": {"type": "string"},
                                        "sources": {"anyOf": [{"type": "array"}, {"type": "null"}]}}}
            }}
        }))
    }

    #[test]
    fn sites_follow_refs_items_and_branches() {
        let spec = spec();
        let sites = object_sites(
            &spec,
            "#/components/schemas/List",
            &json!({"data": [{"id": "a"}, {"id": "b"}]}),
        );
        let found: Vec<(&str, &str)> = sites
            .iter()
            .map(|s| (s.path.as_str(), s.schema.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("", "#/components/schemas/List"),
                ("/data/0", "#/components/schemas/Item"),
                ("/data/1", "#/components/schemas/Item"),
            ]
        );
    }

    #[test]
    fn assessment_fails_on_errors_changed_values_and_null_absent_mismatch() {
        let variant = |change: Change, at: &str| Variant {
            change,
            at: at.to_string(),
            body: Value::Null,
        };
        let ok = |text: &str| Ok(text.to_string());
        let tolerant = [
            (variant(Change::Absent, "/note"), ok("Item { note: None }")),
            (variant(Change::Null, "/note"), ok("Item { note: None }")),
            (
                variant(Change::Extra, "/x"),
                ok("Item { note: Some(\"n\") }"),
            ),
        ];
        assert_eq!(
            assess("op", "call", "Item { note: Some(\"n\") }", &tolerant),
            []
        );
        let strict = [
            (
                variant(Change::Absent, "/id"),
                Err("missing field `id`".to_string()),
            ),
            (variant(Change::Absent, "/note"), ok("Item { note: None }")),
            (
                variant(Change::Null, "/note"),
                ok("Item { note: Some(\"\") }"),
            ),
            (
                variant(Change::Extra, "/x"),
                ok("Item { note: None, extra: 1 }"),
            ),
        ];
        let found: Vec<String> = assess("op", "call", "Item { note: Some(\"n\") }", &strict)
            .iter()
            .map(|f| format!("{} | {} | {}", f.context, f.instance_path, f.error))
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with("call: field absent | /id | missing field"),
            "{found:#?}"
        );
        assert!(
            found[1].starts_with("call: unknown field added | /x | an unknown field changed"),
            "{found:#?}"
        );
        assert!(
            found[2].starts_with("call: null versus absent | /note | null decodes as"),
            "{found:#?}"
        );
    }

    #[test]
    fn required_fields_missing_from_an_example_are_left_open() {
        let omitted = omitted_in_examples(&spec());
        assert_eq!(
            omitted["#/components/schemas/Item"],
            BTreeSet::from(["sources".to_string()])
        );
    }

    #[test]
    fn variants_drop_optional_and_left_open_fields_null_nullable_ones_and_add_unknown_ones() {
        let spec = spec();
        let example = json!({"data": [{"id": "a", "note": "n", "sources": []}], "next": "c"});
        let omitted = omitted_in_examples(&spec);
        let made: Vec<(Change, String)> =
            variants(&spec, "#/components/schemas/List", &example, &omitted)
                .into_iter()
                .map(|v| (v.change, v.at))
                .collect();
        let expected = [
            (Change::Absent, "/next"),
            (Change::Null, "/next"),
            (Change::Extra, "/x_contract_unknown_field"),
            (Change::Absent, "/data/0/note"),
            (Change::Absent, "/data/0/sources"),
            (Change::Null, "/data/0/sources"),
            (Change::Extra, "/data/0/x_contract_unknown_field"),
        ];
        assert_eq!(made, expected.map(|(c, at)| (c, at.to_string())));
    }
}
