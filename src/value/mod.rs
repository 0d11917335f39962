//! Terraform values: the typed, possibly-unknown, possibly-null data that
//! crosses the plugin protocol, and their wire codecs.

mod conform;
mod json;
mod msgpack;
#[cfg(test)]
pub(crate) mod test_support;
mod types;

pub use conform::mismatches;
pub use json::{decode_json, encode_json, value_from_json};
pub use msgpack::{decode_msgpack, encode_msgpack};
pub use types::Type;

use std::collections::BTreeMap;

/// A Terraform value. `Unknown` is a value that will only be known after
/// apply (msgpack extension 0, or a refined unknown, extension 12).
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Unknown,
    String(String),
    Number(f64),
    Bool(bool),
    List(Vec<Value>),
    /// Elements in no particular order; equality ignores order.
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Object(BTreeMap<String, Value>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (Unknown, Unknown) => true,
            (String(a), String(b)) => a == b,
            (Number(a), Number(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (List(a), List(b)) => a == b,
            (Set(a), Set(b)) => a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x)),
            (Map(a), Map(b)) | (Object(a), Object(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A string, or null when `None`.
    pub fn opt_string(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::String(s.into()))
    }

    /// A number (a Unix time, a count), or null when `None`.
    pub fn opt_number(n: Option<i64>) -> Value {
        n.map_or(Value::Null, |n| Value::Number(n as f64))
    }

    /// A set of strings (order is not meaningful).
    pub fn string_set<I, S>(items: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Value::Set(items.into_iter().map(|s| Value::String(s.into())).collect())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) | Value::Set(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(m) | Value::Object(m) => m.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The attribute `name` of an object; `Null` for anything else.
    pub fn get(&self, name: &str) -> &Value {
        const NULL: &Value = &Value::Null;
        match self {
            Value::Object(attrs) => attrs.get(name).unwrap_or(NULL),
            _ => NULL,
        }
    }

    /// The string attribute `name`, when it is known and not null.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).as_str()
    }

    /// The elements of a list or set attribute of strings; `None` when the
    /// attribute is null, unknown, or holds an unknown element.
    pub fn get_strings(&self, name: &str) -> Option<Vec<String>> {
        match self.get(name) {
            Value::List(items) | Value::Set(items) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => None,
        }
    }

    /// Sets attribute `name` of an object (no-op for non-objects).
    pub fn set(&mut self, name: &str, value: Value) {
        if let Value::Object(attrs) = self {
            attrs.insert(name.to_owned(), value);
        }
    }
}
