//! What changed in one operation between two descriptions: its place,
//! parameters (added, removed, required, bounds, defaults, enums, text),
//! request body and responses (schema names, types, properties, required
//! fields, bounds), and its documented example answer.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// One side of the comparison: a description and one operation in it.
pub struct Side<'a> {
    pub doc: &'a Value,
    pub path: &'a str,
    pub method: &'a str,
}

impl<'a> Side<'a> {
    fn item(&self) -> &'a Value {
        &self.doc["paths"][self.path]
    }

    fn op(&self) -> &'a Value {
        &self.item()[self.method]
    }

    /// Follows `$ref`s within this description.
    fn resolve(&self, mut value: &'a Value) -> (&'a Value, Option<String>) {
        let mut name = None;
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                break;
            };
            name = reference.rsplit('/').next().map(str::to_string);
            match self.doc.pointer(reference.trim_start_matches('#')) {
                Some(target) => value = target,
                None => break,
            }
        }
        (value, name)
    }

    /// Path-level then operation-level parameters, by (location, name).
    fn params(&self) -> BTreeMap<(String, String), &'a Value> {
        let mut params = BTreeMap::new();
        for list in [self.item().get("parameters"), self.op().get("parameters")] {
            for raw in list.and_then(Value::as_array).into_iter().flatten() {
                let (param, _) = self.resolve(raw);
                let key = (
                    param["in"].as_str().unwrap_or("").to_string(),
                    param["name"].as_str().unwrap_or("").to_string(),
                );
                params.insert(key, param);
            }
        }
        params
    }

    fn responses(&self) -> BTreeMap<String, &'a Value> {
        self.op()["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(code, response)| (code.clone(), self.resolve(response).0))
            .collect()
    }

    fn example(&self) -> Option<Value> {
        let examples = &self.op()["x-oaiMeta"]["examples"];
        let text = match examples {
            Value::Array(list) => list.iter().find_map(|e| e["response"].as_str()),
            other => other["response"].as_str(),
        }?;
        Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
    }
}

/// Every change of one operation, one line each; empty when nothing changed.
pub fn operation_changes(old: &Side, new: &Side) -> Vec<String> {
    let mut out = Vec::new();
    if (old.path, old.method) != (new.path, new.method) {
        out.push(format!(
            "moved: {} {} -> {} {}",
            old.method.to_uppercase(),
            old.path,
            new.method.to_uppercase(),
            new.path
        ));
    }
    let (old_id, new_id) = (&old.op()["operationId"], &new.op()["operationId"]);
    if old_id != new_id {
        out.push(format!("operationId {old_id} -> {new_id}"));
    }
    params_changes(old, new, &mut out);
    body_changes(old, new, &mut out);
    response_changes(old, new, &mut out);
    if old.example() != new.example() {
        out.push("the documented example answer changed".into());
    }
    out
}

fn params_changes(old: &Side, new: &Side, out: &mut Vec<String>) {
    let (before, after) = (old.params(), new.params());
    for ((location, name), param) in &after {
        let at = format!("parameter `{name}` ({location})");
        let Some(previous) = before.get(&(location.clone(), name.clone())) else {
            let required = if param["required"] == true {
                ", required"
            } else {
                ""
            };
            out.push(format!(
                "{at} added{required}: {}",
                describe(new, &param["schema"])
            ));
            continue;
        };
        if previous["required"].as_bool().unwrap_or(false)
            != param["required"].as_bool().unwrap_or(false)
        {
            out.push(format!(
                "{at}: required {} -> {}",
                previous["required"].as_bool().unwrap_or(false),
                param["required"].as_bool().unwrap_or(false)
            ));
        }
        let mut schema = SchemaDiff::new(old, new, out);
        schema.compare(&at, &previous["schema"], &param["schema"], true, 0);
        if previous["description"] != param["description"] {
            out.push(format!(
                "{at}: description {} -> {}",
                short(&previous["description"]),
                short(&param["description"])
            ));
        }
    }
    for (location, name) in before.keys() {
        if !after.contains_key(&(location.clone(), name.clone())) {
            out.push(format!("parameter `{name}` ({location}) removed"));
        }
    }
}

fn body_changes(old: &Side, new: &Side, out: &mut Vec<String>) {
    fn body<'a>(side: &Side<'a>) -> Option<(bool, &'a Value)> {
        let body = side.resolve(side.op().get("requestBody")?).0;
        Some((
            body["required"].as_bool().unwrap_or(false),
            &body["content"]["application/json"]["schema"],
        ))
    }
    match (body(old), body(new)) {
        (None, None) => {}
        (None, Some(_)) => out.push("request body added".into()),
        (Some(_), None) => out.push("request body removed".into()),
        (Some((was_required, before)), Some((required, after))) => {
            if was_required != required {
                out.push(format!(
                    "request body: required {was_required} -> {required}"
                ));
            }
            SchemaDiff::new(old, new, out).compare("request body", before, after, true, 0);
        }
    }
}

fn response_changes(old: &Side, new: &Side, out: &mut Vec<String>) {
    let (before, after) = (old.responses(), new.responses());
    for (code, response) in &after {
        let at = format!("response {code}");
        let schema = &response["content"]["application/json"]["schema"];
        match before.get(code) {
            None => out.push(format!("{at} added: {}", describe(new, schema))),
            Some(previous) => SchemaDiff::new(old, new, out).compare(
                &at,
                &previous["content"]["application/json"]["schema"],
                schema,
                true,
                0,
            ),
        }
    }
    for code in before.keys().filter(|code| !after.contains_key(*code)) {
        out.push(format!("response {code} removed"));
    }
}

const MAX_DEPTH: usize = 12;
const COMPARED_KEYWORDS: [&str; 13] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "default",
    "format",
    "pattern",
    "const",
    "additionalProperties",
];

struct SchemaDiff<'s, 'a, 'o> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
    out: &'o mut Vec<String>,
    /// Pairs of named schemas already compared (schemas may be recursive).
    seen: BTreeSet<(String, String)>,
}

impl<'s, 'a, 'o> SchemaDiff<'s, 'a, 'o> {
    fn new(old: &'s Side<'a>, new: &'s Side<'a>, out: &'o mut Vec<String>) -> Self {
        SchemaDiff {
            old,
            new,
            out,
            seen: BTreeSet::new(),
        }
    }

    fn compare(
        &mut self,
        at: &str,
        before: &'a Value,
        after: &'a Value,
        types: bool,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let (before, old_name) = self.old.resolve(before);
        let (after, new_name) = self.new.resolve(after);
        if let (Some(o), Some(n)) = (&old_name, &new_name) {
            if o != n {
                self.out.push(format!("{at}: schema {o} -> {n}"));
            }
            if !self.seen.insert((o.clone(), n.clone())) {
                return;
            }
        }
        if types {
            let (was, is) = (type_set(self.old, before), type_set(self.new, after));
            if was != is {
                self.out
                    .push(format!("{at}: type {} -> {}", join(&was), join(&is)));
            }
        }
        for keyword in COMPARED_KEYWORDS {
            let (was, is) = (&before[keyword], &after[keyword]);
            if was != is
                && !(keyword == "additionalProperties" && was.is_object() && is.is_object())
            {
                self.out
                    .push(format!("{at}: {keyword} {} -> {}", shown(was), shown(is)));
            }
        }
        let values = |schema: &Value| -> BTreeSet<String> {
            schema["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .map(Value::to_string)
                .collect()
        };
        let (was, is) = (values(before), values(after));
        if was != is {
            let added: Vec<_> = is.difference(&was).cloned().collect();
            let removed: Vec<_> = was.difference(&is).cloned().collect();
            self.out.push(format!(
                "{at}: enum values added [{}] removed [{}]",
                added.join(", "),
                removed.join(", ")
            ));
        }
        let names = |schema: &Value| -> BTreeSet<String> {
            schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        let (was, is) = (names(before), names(after));
        for name in is.difference(&was) {
            self.out.push(format!("{at}: field `{name}` now required"));
        }
        for name in was.difference(&is) {
            self.out
                .push(format!("{at}: field `{name}` no longer required"));
        }
        self.compare_properties(at, before, after, depth);
        if before.get("items").is_some() || after.get("items").is_some() {
            self.compare(
                &format!("{at}[]"),
                &before["items"],
                &after["items"],
                true,
                depth + 1,
            );
        }
        if let (Some(was), Some(is)) = (main_branch(before), main_branch(after)) {
            self.compare(at, was, is, false, depth + 1);
        }
        if let (Some(was), Some(is)) = (
            before.get("additionalProperties").filter(|v| v.is_object()),
            after.get("additionalProperties").filter(|v| v.is_object()),
        ) {
            self.compare(&format!("{at}{{*}}"), was, is, true, depth + 1);
        }
    }

    fn compare_properties(&mut self, at: &str, before: &'a Value, after: &'a Value, depth: usize) {
        let was = before["properties"].as_object();
        let is = after["properties"].as_object();
        for (name, schema) in is.into_iter().flatten() {
            match was.and_then(|was| was.get(name)) {
                None => self.out.push(format!(
                    "{at}: property `{name}` added ({})",
                    describe(self.new, schema)
                )),
                Some(previous) => {
                    self.compare(&format!("{at}.{name}"), previous, schema, true, depth + 1)
                }
            }
        }
        let removed = was
            .into_iter()
            .flat_map(|was| was.keys())
            .filter(|name| !is.is_some_and(|is| is.contains_key(*name)));
        for name in removed {
            self.out.push(format!("{at}: property `{name}` removed"));
        }
    }
}

/// The single non-null branch of an `anyOf`/`oneOf` (a nullable schema).
fn main_branch(schema: &Value) -> Option<&Value> {
    let branches = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))?
        .as_array()?;
    let mut real = branches.iter().filter(|b| b["type"] != "null");
    let only = real.next()?;
    real.next().is_none().then_some(only)
}

/// The JSON types a schema admits (`null` included when nullable).
fn type_set(side: &Side, schema: &Value) -> BTreeSet<String> {
    let (schema, name) = side.resolve(schema);
    let mut set = BTreeSet::new();
    match &schema["type"] {
        Value::String(t) => {
            set.insert(t.clone());
        }
        Value::Array(list) => set.extend(list.iter().filter_map(Value::as_str).map(str::to_string)),
        _ => {}
    }
    for key in ["anyOf", "oneOf"] {
        for branch in schema[key].as_array().into_iter().flatten() {
            set.extend(type_set(side, branch));
        }
    }
    if set.is_empty() {
        set.insert(name.unwrap_or_else(|| "any".into()));
    }
    set
}

fn describe(side: &Side, schema: &Value) -> String {
    let (_, name) = side.resolve(schema);
    let types = join(&type_set(side, schema));
    match name {
        Some(name) if name != types => format!("{name}, {types}"),
        _ => types,
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join("|")
}

fn shown(value: &Value) -> String {
    if value.is_null() {
        "none".into()
    } else {
        value.to_string()
    }
}

fn short(value: &Value) -> String {
    let text = value.as_str().unwrap_or("").trim();
    if text.chars().count() > 90 {
        format!(
            "{:?}",
            format!("{}...", text.chars().take(90).collect::<String>())
        )
    } else {
        format!("{text:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(limit_max: u64, order_default: &str, role: Value, extra_param: bool) -> Value {
        let mut params = vec![
            json!({"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": limit_max}}),
            json!({"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": order_default}}),
        ];
        if extra_param {
            params.push(json!({"name": "after", "in": "query", "required": true, "schema": {"type": "string"}}));
        }
        json!({
            "paths": {"/roles": {"get": {
                "operationId": "list-roles",
                "parameters": params,
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RoleList"}}}}}
            }}},
            "components": {"schemas": {
                "Body": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 255}}},
                "RoleList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Role"}}}},
                "Role": role
            }}
        })
    }

    fn changes(old: &Value, new: &Value) -> Vec<String> {
        let side = |doc| Side {
            doc,
            path: "/roles",
            method: "get",
        };
        operation_changes(&side(old), &side(new))
    }

    fn role() -> Value {
        json!({"type": "object", "required": ["id"],
               "properties": {"id": {"type": "string"},
                              "description": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                              "kind": {"type": "string", "enum": ["a", "b"]},
                              "parent": {"$ref": "#/components/schemas/Role"}}})
    }

    #[test]
    fn identical_operations_have_no_changes() {
        let d = doc(1000, "asc", role(), false);
        assert_eq!(changes(&d, &d), Vec::<String>::new());
    }

    #[test]
    fn bounds_defaults_and_parameters_are_reported() {
        let old = doc(1000, "asc", role(), false);
        let new = doc(100, "desc", role(), true);
        assert_eq!(
            changes(&old, &new),
            [
                "parameter `after` (query) added, required: string",
                "parameter `limit` (query): maximum 1000 -> 100",
                "parameter `order` (query): default \"asc\" -> \"desc\"",
            ]
        );
        let back = changes(&new, &old);
        assert!(
            back.contains(&"parameter `after` (query) removed".to_string()),
            "{back:?}"
        );
    }

    #[test]
    fn response_schema_changes_are_reported_with_their_place() {
        let old = doc(1000, "asc", role(), false);
        let mut changed = role();
        changed["required"] = json!(["id", "kind"]);
        changed["properties"]["description"] =
            json!({"anyOf": [{"type": "integer"}, {"type": "null"}]});
        changed["properties"]["kind"]["enum"] = json!(["a", "c"]);
        changed["properties"]
            .as_object_mut()
            .unwrap()
            .remove("parent");
        changed["properties"]["created_at"] = json!({"type": "integer", "format": "unixtime"});
        let new = doc(1000, "asc", changed, false);
        assert_eq!(
            changes(&old, &new),
            [
                "response 200.data[]: field `kind` now required",
                "response 200.data[]: property `created_at` added (integer)",
                "response 200.data[].description: type null|string -> integer|null",
                "response 200.data[].kind: enum values added [\"c\"] removed [\"b\"]",
                "response 200.data[]: property `parent` removed",
            ]
        );
    }

    #[test]
    fn body_and_example_changes_are_reported() {
        let old = doc(1000, "asc", role(), false);
        let mut new = old.clone();
        new["components"]["schemas"]["Body"]["properties"]["name"]["maxLength"] = json!(128);
        new["paths"]["/roles"]["get"]["requestBody"]["required"] = json!(true);
        new["paths"]["/roles"]["get"]["x-oaiMeta"] =
            json!({"examples": {"response": "{\"data\": []}"}});
        assert_eq!(
            changes(&old, &new),
            [
                "request body: required false -> true",
                "request body.name: maxLength 255 -> 128",
                "the documented example answer changed",
            ]
        );
    }
}
