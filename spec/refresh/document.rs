//! An OpenAPI description as an ordered JSON tree, read from JSON or YAML and
//! written as the vendored file is (JSON, one-space indent, final newline),
//! so that a refresh changes only what upstream changed.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// A JSON value whose objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    /// Resolves a `#/a/b` JSON pointer.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        if path.is_empty() {
            return Some(self);
        }
        path.strip_prefix('/')?
            .split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .try_fold(self, |node, token| match node {
                Node::Object(_) => node.get(&token),
                Node::Array(items) => items.get(token.parse::<usize>().ok()?),
                _ => None,
            })
    }

    /// Sets `key`, keeping its place when it exists.
    pub fn insert(&mut self, key: &str, value: Node) {
        if let Node::Object(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_string(), value)),
            }
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// Reads a description: JSON when it parses as JSON, otherwise YAML.
pub fn parse(text: &str) -> Result<Node, String> {
    match serde_json::from_str::<Node>(text) {
        Ok(node) => Ok(node),
        Err(json_error) if text.trim_start().starts_with('{') => {
            Err(format!("not valid JSON: {json_error}"))
        }
        Err(_) => parse_yaml(text),
    }
}

pub fn parse_yaml(text: &str) -> Result<Node, String> {
    let documents = YamlLoader::load_from_str(text).map_err(|e| format!("not valid YAML: {e}"))?;
    match documents.as_slice() {
        [document] => from_yaml(document),
        [] => Err("the YAML file is empty".into()),
        _ => Err(format!(
            "the YAML file holds {} documents; expected one",
            documents.len()
        )),
    }
}

fn from_yaml(yaml: &Yaml) -> Result<Node, String> {
    Ok(match yaml {
        Yaml::Null => Node::Null,
        Yaml::Boolean(b) => Node::Bool(*b),
        Yaml::Integer(i) => Node::Number((*i).into()),
        Yaml::Real(text) => {
            let float: f64 = text
                .parse()
                .map_err(|_| format!("{text:?} is not a JSON number"))?;
            Node::Number(Number::from_f64(float).ok_or(format!("{text:?} is not a JSON number"))?)
        }
        Yaml::String(s) => Node::String(s.clone()),
        Yaml::Array(items) => Node::Array(items.iter().map(from_yaml).collect::<Result<_, _>>()?),
        Yaml::Hash(hash) => {
            let mut object = Node::Object(Vec::new());
            let mut merged = Vec::new();
            for (key, value) in hash {
                let key = match key {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Real(r) => r.clone(),
                    Yaml::Null => "null".to_string(),
                    other => return Err(format!("unsupported YAML mapping key {other:?}")),
                };
                if key == "<<" {
                    // YAML 1.1 merge keys: explicit keys win over merged ones.
                    match value {
                        Yaml::Array(sources) => merged.extend(sources.iter().cloned()),
                        source => merged.push(source.clone()),
                    }
                    continue;
                }
                object.insert(&key, from_yaml(value)?);
            }
            for source in merged {
                for (key, value) in from_yaml(&source)?.entries() {
                    if object.get(key).is_none() {
                        object.insert(key, value.clone());
                    }
                }
            }
            object
        }
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err("unresolved YAML alias or invalid value".into());
        }
    })
}

/// The vendored layout: JSON with a one-space indent and a final newline.
pub fn to_vendored_json(node: &Node) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    node.serialize(&mut serializer)
        .expect("an in-memory tree always serializes");
    let mut text = String::from_utf8(out).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// Marks as a test key every key-shaped value upstream's examples carry
/// (`sk-admin-<example>` becomes `sk-admin-TEST-NOT-A-REAL-KEY-<example>`),
/// so that the vendored copy holds nothing a secret scanner, or a reader,
/// could take for a real key. Redacted forms (`sk-admin...def`) are kept.
fn marked_as_test_keys(text: &str) -> String {
    const MARK: &str = "TEST-NOT-A-REAL-KEY-";
    const PREFIXES: [&str; 4] = ["sk-svcacct-", "sk-admin-", "sk-proj-", "sk-"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    while let Some(at) = rest.find("sk-") {
        out.push_str(&rest[..at]);
        // Inside a word (`task-sk-...`): not a key.
        if out.chars().next_back().is_some_and(word) {
            out.push_str("sk-");
            rest = &rest[at + 3..];
            continue;
        }
        let token_len = rest[at..]
            .find(|c: char| !word(c))
            .unwrap_or(rest.len() - at);
        let token = &rest[at..at + token_len];
        let redacted = matches!(rest[at + token_len..].chars().next(), Some('.' | '*'));
        let prefix = PREFIXES.iter().find(|p| token.starts_with(**p)).copied();
        match prefix {
            Some(prefix) if !redacted && token.len() > prefix.len() && !token.contains(MARK) => {
                out.push_str(prefix);
                out.push_str(MARK);
                out.push_str(&token[prefix.len()..]);
            }
            _ => out.push_str(token),
        }
        rest = &rest[at + token_len..];
    }
    out.push_str(rest);
    out
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(&marked_as_test_keys(s)),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Node, E> {
        Ok(Node::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Node, E> {
        Ok(Node::Number(u.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
        Number::from_f64(f)
            .map(Node::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut object = Node::Object(Vec::new());
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            object.insert(&key, value);
        }
        Ok(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_with_key_order_and_layout() {
        let text = "{\n \"z\": 1,\n \"a\": [\n  true,\n  null,\n  {}\n ],\n \"m\": \"é\",\n \"e\": []\n}\n";
        assert_eq!(to_vendored_json(&parse(text).unwrap()), text);
    }

    #[test]
    fn yaml_keys_aliases_and_merges_become_json() {
        let yaml = "paths:\n  /x:\n    get:\n      responses:\n        200:\n          description: &ok OK\n        \"404\":\n          description: *ok\nbase: &base {a: 1, b: 2}\nchild:\n  <<: *base\n  b: 3\nratio: 0.5\n";
        let node = parse(yaml).unwrap();
        assert_eq!(
            node.pointer("#/paths/~1x/get/responses/200/description"),
            Some(&Node::String("OK".into()))
        );
        assert_eq!(
            node.pointer("#/paths/~1x/get/responses/404/description"),
            Some(&Node::String("OK".into()))
        );
        assert_eq!(
            node.get("child").unwrap().to_value(),
            serde_json::json!({"b": 3, "a": 1})
        );
        assert_eq!(
            node.get("ratio").unwrap().to_value(),
            serde_json::json!(0.5)
        );
    }

    #[test]
    fn broken_input_is_an_error() {
        assert!(parse("{\"a\": ").unwrap_err().contains("not valid JSON"));
        assert!(parse("a: [1, 2").unwrap_err().contains("not valid YAML"));
    }

    #[test]
    fn key_shaped_examples_are_marked_as_test_keys_and_redacted_ones_kept() {
        // Upstream's examples, spelled in parts so that this file holds none.
        let admin_example = ["sk-", "admin-", "1234abcd"].concat();
        assert_eq!(
            marked_as_test_keys(&admin_example),
            "sk-admin-TEST-NOT-A-REAL-KEY-1234abcd"
        );
        let answer = format!(
            r#"{{"value": "{}", "r": "sk-admin...xyz"}}"#,
            ["sk-", "abcdefghijklmnop123"].concat()
        );
        assert_eq!(
            marked_as_test_keys(&answer),
            r#"{"value": "sk-TEST-NOT-A-REAL-KEY-abcdefghijklmnop123", "r": "sk-admin...xyz"}"#
        );
        let marked = marked_as_test_keys("sk-abc...def and sk-admin-TEST-NOT-A-REAL-KEY-x");
        assert_eq!(marked, "sk-abc...def and sk-admin-TEST-NOT-A-REAL-KEY-x");
        assert_eq!(marked_as_test_keys("task-sk-"), "task-sk-");
    }
}
