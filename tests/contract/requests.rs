//! Check (a): a request as sent, held to the description: a documented path
//! and method, documented query parameters within their bounds, the
//! documented body schema, and the bearer key the security scheme asks for.

use serde_json::Value;

use super::recorder::Recorded;
use super::report::Finding;
use super::schema::{Schemas, Violation};
use super::spec::{Operation, Param, Spec};

/// The operation a request matched (if any) and what departs from it.
pub fn check_request<'s>(
    spec: &'s Spec,
    schemas: &Schemas,
    request: &Recorded,
) -> (Option<&'s Operation>, Vec<Finding>) {
    let Some((op, path_params)) = spec.find(&request.method, &request.path) else {
        let error = if spec.path_exists(&request.path) {
            format!("the path is documented, but not for {}", request.method)
        } else {
            "no documented operation has this path".to_string()
        };
        return (
            None,
            vec![Finding::about(request.line(), "method and path", error)],
        );
    };
    let mut findings = Vec::new();
    let mut add = |context: String, result: Result<Vec<Violation>, String>| match result {
        Ok(violations) => findings.extend(
            violations
                .into_iter()
                .map(|v| Finding::new(&op.id, &context, v.at().to_string(), v.error)),
        ),
        Err(error) => findings.push(Finding::about(&op.id, &context, error)),
    };

    for (name, value) in &path_params {
        if let Some(param) = op
            .params
            .iter()
            .find(|p| p.location == "path" && &p.name == name)
        {
            add(
                format!("path parameter {name}={value:?}"),
                schemas.check_inline(&param.documented_schema(), &Value::from(value.as_str())),
            );
        }
    }

    let mut names: Vec<&str> = request.query.iter().map(|(n, _)| n.as_str()).collect();
    names.dedup();
    for name in names {
        let values = request.query_values(name);
        let context = format!("query {name}={}", values.join(","));
        // `effective_at[gte]=...`: a member of an object parameter, as the
        // SDKs send nested objects.
        if let Some(member) = object_member_schema(spec, op, name) {
            let instance = query_instance(&member, &values);
            add(context, schemas.check_inline(&member, &instance));
            continue;
        }
        match documented_query_param(spec, op, name) {
            None => add(
                context,
                Err(format!(
                    "`{name}` is not a documented query parameter of {}",
                    op.id
                )),
            ),
            Some(param) => {
                let schema = param.documented_schema();
                let instance = query_instance(spec.resolve(&schema), &values);
                add(context, schemas.check_inline(&schema, &instance));
            }
        }
    }
    for param in op
        .params
        .iter()
        .filter(|p| p.required && p.location == "query")
    {
        if request.query_values(&param.name).is_empty() {
            add(
                format!("query {}", param.name),
                Err("required query parameter missing".to_string()),
            );
        }
    }

    check_body(op, schemas, request, &mut add);
    check_security(spec, op, request, &mut add);
    (Some(op), findings)
}

fn check_body(
    op: &Operation,
    schemas: &Schemas,
    request: &Recorded,
    add: &mut impl FnMut(String, Result<Vec<Violation>, String>),
) {
    let has_body = !request.body.iter().all(u8::is_ascii_whitespace);
    let Some(documented) = &op.body else {
        if has_body {
            add(
                "request body".into(),
                Err(format!(
                    "the operation documents no request body, the client sent {}",
                    String::from_utf8_lossy(&request.body)
                )),
            );
        }
        return;
    };
    if !has_body {
        if documented.required {
            add(
                "request body".into(),
                Err("the request body is required but none was sent".into()),
            );
        }
        return;
    }
    let content_type = request.content_type.as_deref().unwrap_or("");
    if !content_type.starts_with("application/json") {
        add(
            "Content-Type".into(),
            Err(format!(
                "the body is documented as application/json, sent as {content_type:?}"
            )),
        );
    }
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(body) => add(
            format!("request body {body}"),
            schemas.check(&documented.schema_pointer, &body),
        ),
        Err(e) => add(
            "request body".into(),
            Err(format!("the body is not JSON: {e}")),
        ),
    }
}

fn check_security(
    spec: &Spec,
    op: &Operation,
    request: &Recorded,
    add: &mut impl FnMut(String, Result<Vec<Violation>, String>),
) {
    let bearer = op.security.iter().any(|name| {
        let scheme = &spec.doc["components"]["securitySchemes"][name];
        scheme["type"] == "http" && scheme["scheme"].as_str() == Some("bearer")
    });
    let sent = request.authorization.as_deref().unwrap_or("");
    let token = sent
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if bearer && token.is_none_or(str::is_empty) {
        add(
            "Authorization".into(),
            Err("the operation requires a bearer token (Authorization: Bearer <admin key>)".into()),
        );
    }
}

/// The documented parameter a query name stands for. An array parameter may
/// also be sent as `name[]` (`emails[]=a&emails[]=b`): the description
/// documents `emails`, but both of OpenAI's SDKs send arrays in the query
/// with brackets (openai-python 3.63 `Querystring(array_format="brackets")`),
/// which is evidence of what the real API honours, so the client sends that.
fn documented_query_param<'o>(spec: &Spec, op: &'o Operation, name: &str) -> Option<&'o Param> {
    op.query_param(name).or_else(|| {
        let param = op.query_param(name.strip_suffix("[]")?)?;
        let is_array = spec.resolve(&param.documented_schema())["type"] == "array";
        is_array.then_some(param)
    })
}

/// The schema of `name` = `param[member]` when `param` is an object
/// parameter documenting that member.
fn object_member_schema(spec: &Spec, op: &Operation, name: &str) -> Option<Value> {
    let (base, rest) = name.split_once('[')?;
    let member = rest.strip_suffix(']')?;
    let param = op.query_param(base)?;
    let schema = spec.resolve(&param.documented_schema()).clone();
    (schema["type"] == "object")
        .then(|| schema["properties"][member].clone())
        .filter(|m| !m.is_null())
}

/// A query parameter's text values as the JSON instance its schema describes.
fn query_instance(schema: &Value, values: &[&str]) -> Value {
    match schema["type"].as_str() {
        Some("array") => Value::Array(values.iter().map(|v| scalar(&schema["items"], v)).collect()),
        // A repeated scalar is shown as an array, which the schema then refuses.
        _ if values.len() > 1 => Value::Array(values.iter().map(|v| Value::from(*v)).collect()),
        _ => scalar(schema, values.first().copied().unwrap_or("")),
    }
}

/// The typed value when the text parses as the schema's type, else the text
/// (for the schema to reject).
fn scalar(schema: &Value, text: &str) -> Value {
    match schema["type"].as_str() {
        Some("integer") => text.parse::<i64>().map_or(Value::from(text), Value::from),
        Some("number") => text.parse::<f64>().map_or(Value::from(text), Value::from),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::from(text),
        },
        _ => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        Spec::from_value(json!({
            "servers": [{"url": "https://api.example.com/v1"}],
            "paths": {
                "/roles": {
                    "get": {
                        "operationId": "list-roles",
                        "security": [{"Admin": []}],
                        "parameters": [
                            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000}},
                            {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                            {"name": "emails", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                            {"name": "n", "in": "query", "description": "Limit can range between 1 and 100.", "schema": {"type": "integer"}}
                        ],
                        "responses": {}
                    },
                    "post": {
                        "operationId": "create-role",
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Create"}}}},
                        "responses": {}
                    }
                },
                "/roles/{role_id}/archive": {"post": {"operationId": "archive-role", "responses": {}}}
            },
            "components": {
                "securitySchemes": {"Admin": {"type": "http", "scheme": "bearer"}},
                "schemas": {"Create": {"type": "object", "required": ["role_name"],
                                        "properties": {"role_name": {"type": "string"}}}}
            }
        }))
    }

    fn request(method: &str, path: &str, query: &str, body: &str) -> Recorded {
        Recorded {
            method: method.into(),
            path: path.into(),
            query: super::super::recorder::parse_query(query),
            authorization: Some("Bearer sk-admin-x".into()),
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    fn errors(request: Recorded) -> Vec<String> {
        let spec = spec();
        let schemas = Schemas::new(&spec.doc);
        check_request(&spec, &schemas, &request)
            .1
            .into_iter()
            .map(|f| f.to_string())
            .collect()
    }

    #[test]
    fn a_documented_request_passes() {
        let ok = request(
            "GET",
            "/v1/roles",
            "limit=1000&order=asc&emails=a&emails=b&n=100",
            "",
        );
        assert_eq!(errors(ok), Vec::<String>::new());
        // The SDKs' bracketed form of an array, but not of a scalar.
        let brackets = request("GET", "/v1/roles", "emails[]=a&emails%5B%5D=b", "");
        assert_eq!(errors(brackets), Vec::<String>::new());
        let scalar = errors(request("GET", "/v1/roles", "order[]=asc", ""));
        assert!(
            scalar.join("\n").contains("`order[]` is not a documented"),
            "{scalar:?}"
        );
        let body = request("POST", "/v1/roles", "", r#"{"role_name": "r"}"#);
        assert_eq!(errors(body), Vec::<String>::new());
    }

    #[test]
    fn bounds_enums_unknown_names_and_repeats_are_reported() {
        let found = errors(request(
            "GET",
            "/v1/roles",
            "limit=1001&order=up&colour=red&limit=5&n=101",
            "",
        ));
        let text = found.join("\n");
        assert!(text.contains("list-roles | query limit=1001,5"), "{text}");
        assert!(text.contains("is not of type \"integer\""), "{text}");
        assert!(
            text.contains("list-roles | query order=up | at / | \"up\" is not one of"),
            "{text}"
        );
        assert!(
            text.contains("`colour` is not a documented query parameter"),
            "{text}"
        );
        assert!(
            text.contains("query n=101 | at / | 101 is greater than the maximum of 100"),
            "{text}"
        );
        let single = errors(request("GET", "/v1/roles", "limit=1001", "")).join("\n");
        assert!(
            single.contains("1001 is greater than the maximum of 1000"),
            "{single}"
        );
    }

    #[test]
    fn bodies_are_held_to_their_schema_and_presence() {
        let text = errors(request("POST", "/v1/roles", "", r#"{"name": "r"}"#)).join("\n");
        assert!(text.contains("create-role | request body"), "{text}");
        assert!(
            text.contains("\"role_name\" is a required property"),
            "{text}"
        );
        let missing = errors(request("POST", "/v1/roles", "", "")).join("\n");
        assert!(missing.contains("required but none was sent"), "{missing}");
        let extra = errors(request("POST", "/v1/roles/r1/archive", "", "{}")).join("\n");
        assert!(extra.contains("documents no request body"), "{extra}");
    }

    #[test]
    fn undocumented_paths_methods_and_missing_keys_are_reported() {
        let text = errors(request("DELETE", "/v1/roles", "", "")).join("\n");
        assert!(text.contains("not for DELETE"), "{text}");
        let text = errors(request("GET", "/v1/projects/p/roles", "", "")).join("\n");
        assert!(
            text.contains("no documented operation has this path"),
            "{text}"
        );
        let mut anonymous = request("GET", "/v1/roles", "", "");
        anonymous.authorization = None;
        assert!(errors(anonymous).join("\n").contains("bearer token"));
    }
}
