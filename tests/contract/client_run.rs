//! Checks (a) and (c): every client call is made against the recording
//! server, which answers with the operation's documented example (lists: a
//! first page saying `has_more` with the documented cursor, then the example
//! as the last page). Each request is held to the description; each answer
//! must decode; lists must ask for the documented maximum page size and
//! continue with the documented cursor.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Value, json};
use tfopenai::api::{AdminClient, ClientConfig};

use super::client_calls;
use super::recorder::{Recorded, Recorder, Responder};
use super::report::Finding;
use super::requests::check_request;
use super::schema::Schemas;
use super::spec::{CursorKind, Operation, Spec};

/// What the first page of a `next`-cursor list says in `next`: deliberately
/// not an id, so a client that continues with the last id is caught.
pub const OPAQUE_CURSOR: &str = "cursor_opaque_page_2";
const API_KEY: &str = "sk-admin-TEST-NOT-A-REAL-KEY-contract";

#[derive(Default)]
pub struct ClientRun {
    /// (a) requests that depart from the description.
    pub request_findings: Vec<Finding>,
    /// (a) lists: page size and cursor.
    pub paging_findings: Vec<Finding>,
    /// (c) documented example answers that do not decode.
    pub decode_findings: Vec<Finding>,
    /// Operations the client's requests matched.
    pub exercised: BTreeSet<String>,
    /// Operations whose documented example was decoded successfully.
    pub decoded: BTreeSet<String>,
    /// Operations whose requests all matched the description.
    pub conforming: BTreeSet<String>,
    pub calls: usize,
    pub requests: usize,
}

pub fn client(base_url: &str) -> AdminClient {
    let mut config = ClientConfig::new(API_KEY, base_url);
    // Every answer is a success: a retry would only hide a request twice.
    config.max_retries = 0;
    AdminClient::new(config).expect("client for the recording server")
}

/// The documented answer to `request`: the operation's example, paged for lists.
pub fn documented_answer(spec: &Spec, request: &Recorded) -> (u16, Value) {
    let Some((op, _)) = spec.find(&request.method, &request.path) else {
        return (
            404,
            json!({"error": {"message": format!("Invalid URL ({})", request.line()),
                             "type": "invalid_request_error", "param": null, "code": null}}),
        );
    };
    let example = match spec.example_response(op) {
        Some((_, Ok(example))) => example,
        _ => json!({}),
    };
    if op.is_list() && request.query_values("after").is_empty() {
        (200, first_page(spec, op, &example).0)
    } else if op.is_list() && example.get("has_more").is_some() {
        // The page after the first is the example, ending the list (some
        // examples say `has_more: true`).
        let mut last = example;
        last["has_more"] = Value::Bool(false);
        (200, last)
    } else {
        (200, example)
    }
}

/// A first page made from a list's example: `has_more: true` and the
/// cursor fields its schema has, filled as its `after` parameter documents.
/// Returns the page and the `after` the client must send next.
pub fn first_page(spec: &Spec, op: &Operation, example: &Value) -> (Value, Option<String>) {
    let mut page = example.clone();
    let Some(map) = page.as_object_mut() else {
        return (page, None);
    };
    if !map.contains_key("has_more") {
        return (page, None);
    }
    map.insert("has_more".into(), Value::Bool(true));
    let schema = op
        .success_schema()
        .and_then(|p| spec.at(p))
        .map(|s| spec.resolve(s));
    let has = |field: &str| schema.is_some_and(|s| s["properties"].get(field).is_some());
    let item_id = |item: &Value| {
        item.get("id")
            .or_else(|| item.get("group_id"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let first_id = example["data"]
        .as_array()
        .and_then(|d| d.first())
        .and_then(item_id);
    let last_id = example["data"]
        .as_array()
        .and_then(|d| d.last())
        .and_then(item_id);
    let expected = match spec.cursor_kind(op) {
        Some(CursorKind::Next) => {
            if has("next") {
                map.insert("next".into(), Value::from(OPAQUE_CURSOR));
            }
            Some(OPAQUE_CURSOR.to_string())
        }
        Some(CursorKind::LastObjectId) => {
            for (field, value) in [
                ("next", &last_id),
                ("last_id", &last_id),
                ("first_id", &first_id),
            ] {
                if has(field) {
                    map.insert(field.into(), value.clone().map_or(Value::Null, Value::from));
                }
            }
            last_id
        }
        None => None,
    };
    (page, expected)
}

pub async fn run(spec: &Arc<Spec>, schemas: &Schemas) -> ClientRun {
    let answer_spec = spec.clone();
    let responder: Responder = Arc::new(move |request| documented_answer(&answer_spec, request));
    let recorder = Recorder::start(&spec.base_path, responder).await;
    let client = client(&recorder.base_url);
    let mut out = ClientRun::default();
    let mut departed: BTreeSet<String> = BTreeSet::new();
    for call in client_calls::all() {
        out.calls += 1;
        let outcome = (call.run)(&client).await;
        let requests = recorder.take();
        out.requests += requests.len();
        if requests.is_empty() {
            out.request_findings.push(Finding::about(
                call.operation,
                call.label,
                match &outcome {
                    Err(e) => format!("the client sent no request: {e}"),
                    Ok(_) => "the client sent no request".to_string(),
                },
            ));
            continue;
        }
        let mut matched = Vec::new();
        for request in &requests {
            let (op, findings) = check_request(spec, schemas, request);
            let findings: Vec<Finding> = findings
                .into_iter()
                .map(|f| Finding {
                    context: format!("{} [{}]: {}", call.label, request.line(), f.context),
                    ..f
                })
                .collect();
            if let Some(op) = op {
                out.exercised.insert(op.id.clone());
                if !findings.is_empty() {
                    departed.insert(op.id.clone());
                }
                if op.id != call.operation && !call.also.contains(&op.id.as_str()) {
                    out.request_findings.push(Finding::about(
                        call.operation,
                        call.label,
                        format!(
                            "meant to call {}, but {} is {}",
                            call.operation,
                            request.line(),
                            op.id
                        ),
                    ));
                }
                matched.push((op, request));
            }
            out.request_findings.extend(findings);
        }
        // Paging is judged on the requests of the call's own operation.
        let own: Vec<Recorded> = matched
            .iter()
            .filter(|(op, _)| op.id == call.operation)
            .map(|(_, request)| (*request).clone())
            .collect();
        let own_op = matched
            .iter()
            .map(|(op, _)| *op)
            .find(|op| op.id == call.operation);
        if let Some(op) = own_op {
            check_paging(spec, call.label, op, &own, &mut out.paging_findings);
        } else if !matched.is_empty() {
            out.request_findings.push(Finding::about(
                call.operation,
                call.label,
                format!("meant to call {}, but made no such request", call.operation),
            ));
        }
        match outcome {
            Ok(_) => {
                if let Some(op) = own_op {
                    out.decoded.insert(op.id.clone());
                }
            }
            Err(error) => {
                let source = spec
                    .operation(call.operation)
                    .and_then(|op| spec.example_response(op))
                    .map_or("no documented example".to_string(), |(source, _)| source);
                out.decode_findings.push(Finding::about(
                    call.operation,
                    format!("{}: decoding the documented example ({source})", call.label),
                    error.to_string(),
                ));
            }
        }
    }
    out.conforming = out.exercised.difference(&departed).cloned().collect();
    out
}

/// Lists: `limit` is the documented maximum on every page, the second page
/// is asked for with the documented cursor, and filters are kept.
fn check_paging(
    spec: &Spec,
    label: &str,
    op: &Operation,
    requests: &[Recorded],
    findings: &mut Vec<Finding>,
) {
    let bounded = crate::client_calls::BOUNDED_READS
        .iter()
        .any(|(operation, call, _)| *operation == op.id && *call == label);
    if !op.is_list() || bounded {
        return;
    }
    let mut add = |error: String| findings.push(Finding::about(&op.id, label, error));
    if let Some((_, Some(max))) = op.limit_bounds() {
        for request in requests {
            match request.query_values("limit").as_slice() {
                [] => add(format!(
                    "{}: sends no `limit`; the documented maximum is {max} (fewest requests)",
                    request.line()
                )),
                [limit] if *limit != max.to_string() => add(format!(
                    "{}: asks for limit={limit}; the documented maximum is {max} (fewest requests)",
                    request.line()
                )),
                _ => {}
            }
        }
    }
    let example = match spec.example_response(op) {
        Some((_, Ok(example))) => example,
        _ => return,
    };
    let (_, expected) = first_page(spec, op, &example);
    let Some(expected) = expected else {
        add("the description gives no usable cursor for `after`; paging not checked".into());
        return;
    };
    match requests {
        [_] => add(format!(
            "page 1 said has_more: true, but the client did not ask for page 2 (expected after={expected})"
        )),
        [first, second, ..] => {
            let after = second.query_values("after");
            if after != [expected.as_str()] {
                add(format!(
                    "page 2 asked with after={after:?}; the documented cursor ({:?}) is {expected:?}",
                    spec.cursor_kind(op)
                        .expect("a cursor kind when a cursor is expected")
                ));
            }
            let filters = |r: &Recorded| -> Vec<(String, String)> {
                r.query
                    .iter()
                    .filter(|(n, _)| n != "after")
                    .cloned()
                    .collect()
            };
            if filters(first) != filters(second) {
                add(format!(
                    "page 2 changed the other query parameters: {} then {}",
                    first.line(),
                    second.line()
                ));
            }
            if requests.len() > 2 {
                add(format!(
                    "{} requests for a list of two pages",
                    requests.len()
                ));
            }
        }
        [] => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recorder::parse_query;

    fn spec() -> Spec {
        let list = |after: &str| {
            json!({"get": {
                "operationId": format!("list-{after}"),
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}},
                    {"name": "after", "in": "query", "description": after, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
                "x-oaiMeta": {"examples": {"response": "{\"data\": [{\"id\": \"r1\"}, {\"id\": \"r2\"}], \"has_more\": false, \"next\": null}"}}
            }})
        };
        Spec::from_value(json!({
            "servers": [{"url": "https://api.example.com/v1"}],
            "paths": {
                "/next": list("Provide the value from the previous response's `next` field."),
                "/last": list("Provide the ID of the last object.")
            },
            "components": {"schemas": {"Page": {"type": "object", "properties": {
                "data": {"type": "array"}, "has_more": {"type": "boolean"}, "next": {}, "last_id": {}}}}}
        }))
    }

    fn get(path: &str, query: &str) -> Recorded {
        Recorded {
            method: "GET".into(),
            path: format!("/v1{path}"),
            query: parse_query(query),
            authorization: None,
            content_type: None,
            body: Vec::new(),
        }
    }

    fn paging(path: &str, requests: &[Recorded]) -> Vec<String> {
        let spec = spec();
        let (op, _) = spec.find("GET", &format!("/v1{path}")).unwrap();
        let mut findings = Vec::new();
        check_paging(&spec, "call", op, requests, &mut findings);
        findings.into_iter().map(|f| f.error).collect()
    }

    #[test]
    fn first_pages_carry_the_documented_cursor() {
        let spec = spec();
        let example =
            json!({"data": [{"id": "r1"}, {"id": "r2"}], "has_more": false, "next": null});
        let next = spec.find("GET", "/v1/next").unwrap().0;
        let (page, expected) = first_page(&spec, next, &example);
        assert_eq!(
            (page["has_more"].clone(), page["next"].clone()),
            (json!(true), json!(OPAQUE_CURSOR))
        );
        assert_eq!(expected.as_deref(), Some(OPAQUE_CURSOR));
        let last = spec.find("GET", "/v1/last").unwrap().0;
        let (page, expected) = first_page(&spec, last, &example);
        assert_eq!(
            (page["next"].clone(), page["last_id"].clone()),
            (json!("r2"), json!("r2"))
        );
        assert_eq!(expected.as_deref(), Some("r2"));
    }

    #[test]
    fn documented_paging_passes() {
        let requests = [
            get("/next", "limit=1000"),
            get("/next", &format!("limit=1000&after={OPAQUE_CURSOR}")),
        ];
        assert_eq!(paging("/next", &requests), Vec::<String>::new());
        let requests = [
            get("/last", "limit=1000"),
            get("/last", "limit=1000&after=r2"),
        ];
        assert_eq!(paging("/last", &requests), Vec::<String>::new());
    }

    #[test]
    fn small_pages_wrong_cursors_lost_filters_and_stopping_early_are_reported() {
        let found = paging(
            "/next",
            &[
                get("/next", "limit=100"),
                get("/next", "limit=1000&after=r2&x=1"),
            ],
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("asks for limit=100; the documented maximum is 1000"));
        assert!(found[1].contains("page 2 asked with after=[\"r2\"]"));
        assert!(found[2].contains("page 2 changed the other query parameters"));
        let found = paging("/last", &[get("/last", "")]);
        assert!(found[0].contains("sends no `limit`"), "{found:#?}");
        assert!(
            found[1].contains("did not ask for page 2 (expected after=r2)"),
            "{found:#?}"
        );
    }
}
