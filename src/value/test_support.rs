//! Building values and types in unit tests, written the same way
//! everywhere: `object(&[("id", Value::string("x"))])`.

use super::{Type, Value};

/// An object value with `entries` (later entries win).
pub fn object(entries: &[(&str, Value)]) -> Value {
    Value::Object(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// An object type with `attributes`.
pub fn object_type(attributes: &[(&str, Type)]) -> Type {
    Type::Object(
        attributes
            .iter()
            .map(|(k, t)| ((*k).to_owned(), t.clone()))
            .collect(),
    )
}
