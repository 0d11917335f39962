//! The vendored API description (spec/openapi-admin.json) and the list of
//! operations the provider uses (spec/operations.txt), read as the contract
//! tests need them: operations with their parameters, request and response
//! schema locations, documented examples, page-size bounds and cursors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
pub use tfopenai::api::percent_decode;

pub const SPEC_FILE: &str = "spec/openapi-admin.json";
pub const OPERATIONS_FILE: &str = "spec/operations.txt";

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The operationIds listed in spec/operations.txt, in file order.
pub fn used_operations() -> Vec<String> {
    let path = repo_file(OPERATIONS_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_operation_list(&text)
}

/// One operationId per line; `#` starts a comment; blank lines are ignored.
pub fn parse_operation_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    pub description: String,
    pub schema: Value,
}

impl Param {
    /// The parameter's schema with the bounds its description states and the
    /// schema leaves out ("Limit can range between 1 and 100").
    pub fn documented_schema(&self) -> Value {
        let mut schema = self.schema.clone();
        if let (Some(map), Some((lo, hi))) =
            (schema.as_object_mut(), range_in_text(&self.description))
        {
            map.entry("minimum").or_insert(lo.into());
            map.entry("maximum").or_insert(hi.into());
        }
        schema
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub schema_pointer: String,
}

/// How a list's `after` parameter continues after a page, as its description says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorKind {
    /// "Provide the value from the previous response's `next` field".
    Next,
    /// "`after` is an object ID ..." / "the ID of the last user ...".
    LastObjectId,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// Path template below the server URL, e.g. `/projects/{project_id}/roles`.
    pub template: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    /// Status code (`"200"`, `"429"`) to the JSON pointer of its JSON schema.
    pub responses: BTreeMap<String, String>,
    /// Security scheme names the operation requires (any of).
    pub security: Vec<String>,
}

impl Operation {
    pub fn query_param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.location == "query" && p.name == name)
    }

    /// A list: it takes a `limit` and answers pages.
    pub fn is_list(&self) -> bool {
        self.query_param("limit").is_some()
    }

    /// The schema of a successful answer (the 2xx with the lowest code).
    pub fn success_schema(&self) -> Option<&str> {
        self.responses
            .iter()
            .find(|(code, _)| code.starts_with('2'))
            .map(|(_, pointer)| pointer.as_str())
    }

    /// Matches `path` (below the server URL, not decoded) against the
    /// template; returns the decoded path parameters.
    pub fn match_path(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let wanted: Vec<&str> = self.template.trim_matches('/').split('/').collect();
        let got: Vec<&str> = path.trim_matches('/').split('/').collect();
        if wanted.len() != got.len() {
            return None;
        }
        let mut params = BTreeMap::new();
        for (w, g) in wanted.iter().zip(&got) {
            if let Some(name) = w.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
                if g.is_empty() {
                    return None;
                }
                params.insert(name.to_string(), percent_decode(g));
            } else if w != g {
                return None;
            }
        }
        Some(params)
    }

    /// The documented cursor of a list, from the `after` parameter's text.
    pub fn cursor_kind(&self) -> Option<CursorKind> {
        let text = &self.query_param("after")?.description;
        if text.contains("`next`") {
            Some(CursorKind::Next)
        } else if text.contains("ID") || text.contains(" id") {
            Some(CursorKind::LastObjectId)
        } else {
            None
        }
    }

    /// The documented bounds of `limit`: the schema's minimum/maximum, or,
    /// where the schema has none, "Limit can range between A and B" from the
    /// parameter's description (list-users, list-projects, list-project-users).
    pub fn limit_bounds(&self) -> Option<(Option<i64>, Option<i64>)> {
        let schema = self.query_param("limit")?.documented_schema();
        Some((schema["minimum"].as_i64(), schema["maximum"].as_i64()))
    }
}

/// "range between 1 and 100" -> (1, 100).
fn range_in_text(text: &str) -> Option<(i64, i64)> {
    let rest = &text[text.find("range between ")? + "range between ".len()..];
    let mut words = rest.split_whitespace();
    let lo = words.next()?.parse().ok()?;
    (words.next()? == "and").then_some(())?;
    let hi = words
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((lo, hi))
}

/// Escapes one JSON pointer token (`~` and `/`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The parsed description plus its operations, in document order.
pub struct Spec {
    pub doc: Value,
    /// Path of the server URL, e.g. `/v1`.
    pub base_path: String,
    pub operations: Vec<Operation>,
}

impl Spec {
    pub fn load() -> Spec {
        let path = repo_file(SPEC_FILE);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        Spec::from_value(doc)
    }

    pub fn from_value(doc: Value) -> Spec {
        let server = doc["servers"][0]["url"].as_str().unwrap_or("");
        let base_path = server
            .split_once("://")
            .map(|(_, rest)| rest.find('/').map_or("", |i| &rest[i..]))
            .unwrap_or(server)
            .trim_end_matches('/')
            .to_string();
        let mut operations = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (template, item) in paths {
                let path_pointer = format!("#/paths/{}", pointer_token(template));
                for method in METHODS {
                    let Some(op) = item.get(method) else { continue };
                    let pointer = format!("{path_pointer}/{method}");
                    operations.push(Operation {
                        id: op["operationId"].as_str().unwrap_or("").to_string(),
                        method: method.to_uppercase(),
                        template: template.clone(),
                        params: params_of(&doc, item, op),
                        body: body_of(op, &pointer),
                        responses: responses_of(&doc, op, &pointer),
                        security: security_of(&doc, op),
                        pointer,
                    });
                }
            }
        }
        Spec {
            doc,
            base_path,
            operations,
        }
    }

    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }

    /// The operation serving `method path` (path with the base path, as sent).
    pub fn find(&self, method: &str, path: &str) -> Option<(&Operation, BTreeMap<String, String>)> {
        let below = path.strip_prefix(&self.base_path)?;
        // A fixed segment wins over a parameter, as in routers:
        // `POST /organization/certificates/activate` is the activation, not
        // the update of a certificate called `activate`.
        self.operations
            .iter()
            .filter(|op| op.method.eq_ignore_ascii_case(method))
            .filter_map(|op| op.match_path(below).map(|params| (op, params)))
            .min_by_key(|(_, params)| params.len())
    }

    /// Whether any operation has this path (with another method).
    pub fn path_exists(&self, path: &str) -> bool {
        path.strip_prefix(&self.base_path).is_some_and(|below| {
            self.operations
                .iter()
                .any(|op| op.match_path(below).is_some())
        })
    }

    /// How a list continues after a page. OpenAI's SDKs (openai-python 3.63,
    /// openai-node 7.60, generated from OpenAI's own description) go by the
    /// page schema: lists whose pages have `next` are paged by `next`
    /// (`NextCursorPage`), lists with `last_id` by `last_id`. The `after`
    /// text disagrees for list-groups, list-group-users and
    /// list-project-groups ("the ID of the last group"); the SDKs are
    /// evidence of what the API takes, so the schema decides, and the text
    /// only when the schema has both fields or neither.
    pub fn cursor_kind(&self, op: &Operation) -> Option<CursorKind> {
        let schema = op
            .success_schema()
            .and_then(|pointer| self.at(pointer))
            .map(|schema| self.resolve(schema));
        let has = |field: &str| schema.is_some_and(|s| s["properties"].get(field).is_some());
        match (has("next"), has("last_id")) {
            (true, false) => Some(CursorKind::Next),
            (false, true) => Some(CursorKind::LastObjectId),
            _ => op.cursor_kind(),
        }
    }

    /// Resolves a `#/...` pointer in the document.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.doc.pointer(pointer.strip_prefix('#')?)
    }

    /// Follows `$ref`s until a schema without one.
    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..32 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.at(reference) {
                    Some(target) => current = target,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    /// The documented example answer of an operation, parsed, and where it
    /// was found: the operation's `x-oaiMeta.examples` `response` text, or,
    /// without one, the `x-oaiMeta.example` of its success schema.
    pub fn example_response(&self, op: &Operation) -> Option<(String, Result<Value, String>)> {
        let meta = &self.at(&op.pointer)?["x-oaiMeta"]["examples"];
        let from_operation = match meta {
            Value::Array(list) => list.iter().find_map(|e| e["response"].as_str()),
            other => other["response"].as_str(),
        };
        if let Some(text) = from_operation {
            return Some((
                format!("{}/x-oaiMeta/examples", op.pointer),
                parse_example(text),
            ));
        }
        let schema_pointer = op.success_schema()?;
        let schema = self.resolve(self.at(schema_pointer)?);
        let text = schema["x-oaiMeta"]["example"].as_str()?;
        let name = self.schema_name(schema_pointer).unwrap_or_default();
        Some((
            format!("#/components/schemas/{name}/x-oaiMeta/example"),
            parse_example(text),
        ))
    }

    /// `Role` for a pointer whose schema is `{"$ref": "#/components/schemas/Role"}`.
    pub fn schema_name(&self, pointer: &str) -> Option<String> {
        self.at(pointer)?["$ref"]
            .as_str()?
            .strip_prefix("#/components/schemas/")
            .map(str::to_string)
    }
}

/// Upstream writes some examples with JavaScript's trailing commas
/// (list-audit-logs): those are read as the JSON they mean.
fn parse_example(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&without_trailing_commas(text)))
        .map_err(|e| format!("the example is not JSON: {e}"))
}

/// `text` without the commas that directly precede a `}` or `]` (outside strings).
fn without_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        let closes = || {
            chars[i + 1..]
                .iter()
                .find(|n| !n.is_whitespace())
                .is_some_and(|n| matches!(n, '}' | ']'))
        };
        if c == ',' && closes() {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[test]
fn trailing_commas_in_examples_are_read_as_meant() {
    let read = parse_example(r#"{"a": [1, 2,], "b": {"c": "x,}",},}"#).unwrap();
    assert_eq!(read, serde_json::json!({"a": [1, 2], "b": {"c": "x,}"}}));
}

/// Path-level parameters, overridden by operation-level ones of the same name and place.
fn params_of(doc: &Value, item: &Value, op: &Value) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for raw in list.and_then(Value::as_array).into_iter().flatten() {
            let param = match raw["$ref"].as_str() {
                Some(reference) => doc
                    .pointer(reference.trim_start_matches('#'))
                    .unwrap_or(&Value::Null),
                None => raw,
            };
            let new = Param {
                name: param["name"].as_str().unwrap_or("").to_string(),
                location: param["in"].as_str().unwrap_or("").to_string(),
                required: param["required"].as_bool().unwrap_or(false),
                description: param["description"].as_str().unwrap_or("").to_string(),
                schema: param["schema"].clone(),
            };
            params.retain(|p| !(p.name == new.name && p.location == new.location));
            params.push(new);
        }
    }
    params
}

fn body_of(op: &Value, op_pointer: &str) -> Option<RequestBody> {
    let body = op.get("requestBody")?;
    body["content"].get("application/json")?;
    Some(RequestBody {
        required: body["required"].as_bool().unwrap_or(false),
        schema_pointer: format!("{op_pointer}/requestBody/content/application~1json/schema"),
    })
}

fn responses_of(doc: &Value, op: &Value, op_pointer: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(responses) = op["responses"].as_object() else {
        return out;
    };
    for (code, response) in responses {
        let base = match response["$ref"].as_str() {
            Some(reference) => reference.to_string(),
            None => format!("{op_pointer}/responses/{}", pointer_token(code)),
        };
        let resolved = doc
            .pointer(base.trim_start_matches('#'))
            .unwrap_or(&Value::Null);
        if resolved["content"]["application/json"]["schema"].is_object() {
            out.insert(
                code.clone(),
                format!("{base}/content/application~1json/schema"),
            );
        }
    }
    out
}

fn security_of(doc: &Value, op: &Value) -> Vec<String> {
    let requirements = op.get("security").or_else(|| doc.get("security"));
    requirements
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.keys().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tiny() -> Spec {
        Spec::from_value(json!({
            "servers": [{"url": "https://api.example.com/v1"}],
            "paths": {
                "/things/{thing_id}": {
                    "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "get": {
                        "operationId": "get-thing",
                        "parameters": [
                            {"name": "limit", "in": "query", "description": "Limit can range between 1 and 100, and the default is 20.", "schema": {"type": "integer"}},
                            {"name": "after", "in": "query", "description": "Provide the value from the previous response's `next` field.", "schema": {"type": "string"}}
                        ],
                        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                                      "429": {"$ref": "#/components/responses/Limited"}}
                    }
                }
            },
            "components": {
                "schemas": {"Thing": {"type": "object", "x-oaiMeta": {"example": "{\"id\": \"t\"}"}}},
                "responses": {"Limited": {"content": {"application/json": {"schema": {"type": "object"}}}}}
            }
        }))
    }

    #[test]
    fn reads_operations_parameters_and_responses() {
        let spec = tiny();
        assert_eq!(spec.base_path, "/v1");
        let op = spec.operation("get-thing").unwrap();
        assert_eq!(op.params.len(), 3);
        assert_eq!(
            op.responses["429"],
            "#/components/responses/Limited/content/application~1json/schema"
        );
        assert_eq!(op.limit_bounds(), Some((Some(1), Some(100))));
        assert_eq!(op.cursor_kind(), Some(CursorKind::Next));
        let (found, params) = spec.find("GET", "/v1/things/a%2Fb").unwrap();
        assert_eq!(found.id, "get-thing");
        assert_eq!(params["thing_id"], "a/b");
        assert!(spec.find("DELETE", "/v1/things/x").is_none());
        assert!(spec.path_exists("/v1/things/x"));
        let (source, example) = spec.example_response(op).unwrap();
        assert_eq!(source, "#/components/schemas/Thing/x-oaiMeta/example");
        assert_eq!(example.unwrap(), json!({"id": "t"}));
    }

    #[test]
    fn the_page_schema_decides_the_cursor_as_in_the_sdks() {
        let spec = Spec::load();
        let kind = |id: &str| spec.cursor_kind(spec.operation(id).unwrap());
        for id in [
            "list-groups",
            "list-group-users",
            "list-project-groups",
            "list-roles",
        ] {
            assert_eq!(kind(id), Some(CursorKind::Next), "{id}");
        }
        for id in ["list-users", "list-projects", "list-project-users"] {
            assert_eq!(kind(id), Some(CursorKind::LastObjectId), "{id}");
        }
        // What the `after` text alone would say.
        let text = |id: &str| spec.operation(id).unwrap().cursor_kind();
        assert_eq!(text("list-project-groups"), Some(CursorKind::LastObjectId));
        assert_eq!(text("list-group-users"), Some(CursorKind::LastObjectId));
    }

    #[test]
    fn operation_list_ignores_comments_and_blank_lines() {
        assert_eq!(
            parse_operation_list("# header\n\nlist-roles  # used\n  create-role\n"),
            ["list-roles", "create-role"]
        );
    }
}
