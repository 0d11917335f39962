//! Extracting the vendored subset from a full description: the operations
//! the vendored file holds (found again by operationId, else by path and
//! method), with every component they reference, transitively.

use std::collections::BTreeSet;

use crate::document::Node;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where an operation lives in a description.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationRef {
    pub id: String,
    pub path: String,
    pub method: String,
}

pub fn token(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

/// Every operation of a description, in document order.
pub fn operations(doc: &Node) -> Vec<OperationRef> {
    let mut found = Vec::new();
    for (path, item) in doc.get("paths").map(Node::entries).unwrap_or_default() {
        for (method, op) in item.entries() {
            if METHODS.contains(&method.as_str()) {
                found.push(OperationRef {
                    id: op
                        .get("operationId")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    path: path.clone(),
                    method: method.clone(),
                });
            }
        }
    }
    found
}

/// The operation of `doc` that `wanted` is: same operationId, else the same
/// path and method (an operation may be renamed).
pub fn find<'a>(all: &'a [OperationRef], wanted: &OperationRef) -> Option<&'a OperationRef> {
    all.iter()
        .find(|op| !wanted.id.is_empty() && op.id == wanted.id)
        .or_else(|| {
            all.iter()
                .find(|op| op.path == wanted.path && op.method == wanted.method)
        })
}

/// The subset of `full` made of `wanted` operations (which must exist in it)
/// and the components they need; `info` keeps the subset's title.
pub fn extract(full: &Node, wanted: &[OperationRef], title: &str) -> Node {
    let mut paths = Node::Object(Vec::new());
    for (path, item) in full.get("paths").map(Node::entries).unwrap_or_default() {
        let mut kept = Node::Object(Vec::new());
        for (key, value) in item.entries() {
            let is_method = METHODS.contains(&key.as_str());
            if !is_method || wanted.iter().any(|w| &w.path == path && &w.method == key) {
                kept.insert(key, value.clone());
            }
        }
        if kept
            .entries()
            .iter()
            .any(|(k, _)| METHODS.contains(&k.as_str()))
        {
            paths.insert(path, kept);
        }
    }

    let mut needed = BTreeSet::new();
    collect_refs(full, &paths, &mut needed);
    // Referenced components in name order, as the vendored file has them;
    // security schemes whole and in upstream's order.
    let mut components = Node::Object(Vec::new());
    let mut kinds: Vec<&(String, Node)> = full
        .get("components")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    for (kind, entries) in kinds {
        let mut names: Vec<&(String, Node)> = entries.entries().iter().collect();
        if kind != "securitySchemes" {
            names.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let mut kept = Node::Object(Vec::new());
        for (name, value) in names {
            // Security schemes are few and define how every operation authenticates.
            if kind == "securitySchemes" || needed.contains(&(kind.clone(), name.clone())) {
                kept.insert(name, value.clone());
            }
        }
        if !kept.entries().is_empty() {
            components.insert(kind, kept);
        }
    }

    let mut info = Node::Object(vec![("title".into(), Node::String(title.into()))]);
    if let Some(source) = full.get("info") {
        for key in ["version", "license"] {
            if let Some(value) = source.get(key) {
                info.insert(key, value.clone());
            }
        }
    }

    let mut subset = Node::Object(Vec::new());
    if let Some(version) = full.get("openapi") {
        subset.insert("openapi", version.clone());
    }
    subset.insert("info", info);
    if let Some(servers) = full.get("servers") {
        subset.insert("servers", servers.clone());
    }
    // The document-wide default matters only to an operation without its own.
    let all_have_security = wanted.iter().all(|w| {
        full.get("paths")
            .and_then(|p| p.get(&w.path))
            .and_then(|item| item.get(&w.method))
            .is_some_and(|op| op.get("security").is_some())
    });
    if let (false, Some(security)) = (all_have_security, full.get("security")) {
        subset.insert("security", security.clone());
    }
    subset.insert("paths", paths);
    subset.insert("components", components);
    subset
}

/// Adds every `(kind, name)` of `#/components/<kind>/<name>` that `node`
/// references, and what those reference in turn.
fn collect_refs(full: &Node, node: &Node, needed: &mut BTreeSet<(String, String)>) {
    match node {
        Node::Object(entries) => {
            for (key, value) in entries {
                if key == "$ref"
                    && let Some(target) = value.as_str().and_then(component_of)
                    && needed.insert(target.clone())
                {
                    let pointer = format!("#/components/{}/{}", target.0, token(&target.1));
                    if let Some(component) = full.pointer(&pointer) {
                        collect_refs(full, component, needed);
                    }
                }
                collect_refs(full, value, needed);
            }
        }
        Node::Array(items) => {
            for item in items {
                collect_refs(full, item, needed);
            }
        }
        _ => {}
    }
}

/// `#/components/schemas/Role/properties/x` -> ("schemas", "Role").
fn component_of(reference: &str) -> Option<(String, String)> {
    let mut parts = reference.strip_prefix("#/components/")?.split('/');
    let kind = parts.next()?;
    let name = parts.next()?.replace("~1", "/").replace("~0", "~");
    Some((kind.to_string(), name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, to_vendored_json};

    const FULL: &str = r##"{
      "openapi": "3.1.0",
      "info": {"title": "OpenAI API", "version": "2.4.0", "license": {"name": "MIT"}},
      "servers": [{"url": "https://api.openai.com/v1"}],
      "security": [{"Admin": []}],
      "tags": [{"name": "Chat"}],
      "paths": {
        "/chat": {"post": {"operationId": "chat", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}}}}},
        "/roles": {
          "parameters": [{"$ref": "#/components/parameters/Limit"}],
          "get": {"operationId": "list-roles", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RoleList"}}}},
                                                          "429": {"$ref": "#/components/responses/TooMany"}}},
          "post": {"operationId": "create-role", "security": [{"Admin": []}], "responses": {}}
        }
      },
      "components": {
        "schemas": {
          "Chat": {"type": "object"},
          "RoleList": {"type": "object", "properties": {"data": {"items": {"$ref": "#/components/schemas/Role"}}}},
          "Role": {"type": "object", "properties": {"parent": {"$ref": "#/components/schemas/Role"}}},
          "Error": {"type": "object"}
        },
        "responses": {"TooMany": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
        "securitySchemes": {"Admin": {"type": "http", "scheme": "bearer"}}
      },
      "x-oaiMeta": {"navigationGroups": []}
    }"##;

    fn wanted(id: &str) -> OperationRef {
        OperationRef {
            id: id.into(),
            path: String::new(),
            method: String::new(),
        }
    }

    #[test]
    fn keeps_the_operations_and_their_components_transitively() {
        let full = parse(FULL).unwrap();
        let all = operations(&full);
        let list = find(&all, &wanted("list-roles")).unwrap().clone();
        let subset = extract(&full, &[list], "OpenAI API (access-control subset)");
        let value = subset.to_value();
        assert_eq!(value["info"]["title"], "OpenAI API (access-control subset)");
        assert_eq!(value["info"]["version"], "2.4.0");
        assert!(value.get("tags").is_none() && value.get("x-oaiMeta").is_none());
        let paths: Vec<_> = value["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/roles"]);
        assert!(value["paths"]["/roles"].get("post").is_none());
        assert!(value["paths"]["/roles"].get("parameters").is_some());
        let schemas: BTreeSet<_> = value["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            schemas,
            BTreeSet::from(["Error".into(), "Role".into(), "RoleList".into()])
        );
        assert!(value["components"]["parameters"].get("Limit").is_some());
        assert!(
            value["components"]["securitySchemes"]
                .get("Admin")
                .is_some()
        );
        // list-roles relies on the document-wide security, so it is kept.
        assert_eq!(value["security"], serde_json::json!([{"Admin": []}]));
    }

    #[test]
    fn document_security_is_dropped_when_every_operation_has_its_own() {
        let full = parse(FULL).unwrap();
        let all = operations(&full);
        let create = find(&all, &wanted("create-role")).unwrap().clone();
        let value = extract(&full, &[create], "t").to_value();
        assert!(value.get("security").is_none());
        let kinds: Vec<_> = value["components"].as_object().unwrap().keys().collect();
        // The kept path item's own parameters still need their component.
        assert_eq!(kinds, ["parameters", "securitySchemes"]);
    }

    #[test]
    fn a_renamed_operation_is_found_by_path_and_method() {
        let full = parse(FULL).unwrap();
        let all = operations(&full);
        let renamed = OperationRef {
            id: "list-custom-roles".into(),
            path: "/roles".into(),
            method: "get".into(),
        };
        assert_eq!(find(&all, &renamed).unwrap().id, "list-roles");
        assert!(find(&all, &wanted("gone")).is_none());
    }

    #[test]
    fn extracting_the_vendored_file_from_itself_changes_nothing() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/openapi-admin.json");
        let text = std::fs::read_to_string(path).unwrap();
        let vendored = parse(&text).unwrap();
        let title = vendored
            .pointer("#/info/title")
            .and_then(Node::as_str)
            .unwrap()
            .to_string();
        let subset = extract(&vendored, &operations(&vendored), &title);
        assert_eq!(to_vendored_json(&subset), text);
    }
}
