//! What the stand-in's resources share: the official provider's attribute
//! shapes, its import ID parsing and its error wording.

use tfopenai::api::ApiError;
use tfopenai::diagnostics::Diagnostics;
use tfopenai::schema::Attribute;
use tfopenai::value::{Type, Value};

/// Required; a change replaces the object (`RequiresReplace`).
pub fn key(name: &'static str) -> Attribute {
    Attribute::required(name, Type::String, "").requires_replace()
}

/// Computed once and kept (`UseStateForUnknown`).
pub fn stable(name: &'static str, ty: Type) -> Attribute {
    Attribute::computed(name, ty, "").use_state_for_unknown()
}

/// Computed, unknown again whenever the object changes.
pub fn computed(name: &'static str, ty: Type) -> Attribute {
    Attribute::computed(name, ty, "")
}

pub fn strings() -> Type {
    Type::list_of(Type::String)
}

/// A list of strings in the API's order (the official schema's
/// `permissions` is a list).
pub fn string_list(items: &[String]) -> Value {
    Value::List(items.iter().map(Value::string).collect())
}

/// A string attribute of a plan or state that must be known.
pub fn str_of<'a>(value: &'a Value, name: &str) -> Result<&'a str, Diagnostics> {
    value.get_str(name).ok_or_else(|| {
        Diagnostics::from_error(
            format!("Missing value for {name}"),
            format!("{name} must be known for this operation."),
        )
    })
}

/// Several string attributes of a plan or state that must be known, in
/// the order named.
pub fn strs_of<'a, const N: usize>(
    value: &'a Value,
    names: [&str; N],
) -> Result<[&'a str; N], Diagnostics> {
    let mut found = [""; N];
    for (slot, name) in found.iter_mut().zip(names) {
        *slot = str_of(value, name)?;
    }
    Ok(found)
}

/// `a/b/c` split into exactly `names.len()` non-empty parts, as the
/// official provider's `ImportState` requires.
pub fn import_parts<'a>(id: &'a str, names: &[&str]) -> Result<Vec<&'a str>, Diagnostics> {
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() != names.len() || parts.iter().any(|p| p.is_empty()) {
        let format = names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join("/");
        return Err(Diagnostics::from_error(
            "Invalid import ID",
            format!("Expected import ID format {format:?}."),
        ));
    }
    Ok(parts)
}

/// The official provider's wording for a failed request.
pub fn failed(e: &ApiError) -> Diagnostics {
    Diagnostics::from_error("OpenAI API request failed", e.to_string())
}

/// `Ok(None)` for a 404 (the object is gone), the error otherwise.
pub fn found<T>(result: Result<T, ApiError>) -> Result<Option<T>, Diagnostics> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(failed(&e)),
    }
}

/// The state an import found, or the error Terraform shows for an object
/// that does not exist; `missing` says which (a whole sentence).
pub fn imported(
    state: Option<Value>,
    missing: impl FnOnce() -> String,
) -> Result<Value, Diagnostics> {
    state.ok_or_else(|| {
        Diagnostics::from_error("Cannot import non-existent remote object", missing())
    })
}

/// An object value from `(name, value)` pairs.
pub fn object(attrs: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        attrs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}
