//! Helpers shared by the fuzz targets: the schema types the value codecs are
//! fuzzed against, and structural checks on decoded values.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tfopenai::value::{Type, Value};

/// The types a value input is decoded against; the first input byte picks
/// one (`byte % TYPES.len()`), the rest is the encoded value. The seeds in
/// `fuzz/seeds/value_*` are named after these indexes.
pub fn types() -> &'static [(&'static str, Type)] {
    static TYPES: OnceLock<Vec<(&'static str, Type)>> = OnceLock::new();
    TYPES.get_or_init(|| {
        vec![
            // 0, 1: resource states as Terraform sends them (the shapes of
            // `terraform providers schema -json` for these two types; the
            // crate is built without its provider here, see fuzz/Cargo.toml).
            (
                "openai_project_role",
                resource_state(&["description", "id", "name", "project_id", "resource_type"]),
            ),
            (
                "openai_group_role_assignment",
                resource_state(&[
                    "group_id",
                    "group_name",
                    "id",
                    "project_id",
                    "resource_type",
                    "role_id",
                    "role_name",
                ]),
            ),
            // 2: the `permissions` attribute.
            ("set(string)", Type::set_of(Type::String)),
            // 3
            ("number", Type::Number),
            // 4: every kind of type, nested.
            (
                "list(map(object))",
                Type::list_of(Type::Map(Box::new(Type::Object(BTreeMap::from([
                    ("n".to_owned(), Type::Number),
                    ("ok".to_owned(), Type::Bool),
                    ("tags".to_owned(), Type::set_of(Type::String)),
                    ("inner".to_owned(), Type::list_of(Type::Number)),
                ]))))),
            ),
            // 5: nested collections without numbers.
            (
                "map(set(list(bool)))",
                Type::Map(Box::new(Type::set_of(Type::list_of(Type::Bool)))),
            ),
        ]
    })
}

/// A resource state: the given string attributes, `permissions` (a set of
/// strings), `predefined_role` (a bool) and the `timeouts` block.
fn resource_state(strings: &[&str]) -> Type {
    let mut attributes: BTreeMap<String, Type> = strings
        .iter()
        .map(|name| ((*name).to_owned(), Type::String))
        .collect();
    attributes.insert("permissions".to_owned(), Type::set_of(Type::String));
    attributes.insert("predefined_role".to_owned(), Type::Bool);
    let timeouts = ["create", "delete", "read", "update"]
        .map(|name| (name.to_owned(), Type::String))
        .into();
    attributes.insert("timeouts".to_owned(), Type::Object(timeouts));
    Type::Object(attributes)
}

/// Splits an input into the type its first byte selects and the rest.
pub fn split_input(data: &[u8]) -> Option<(&'static str, &'static Type, &[u8])> {
    let (&selector, rest) = data.split_first()?;
    let (name, ty) = &types()[usize::from(selector) % types().len()];
    Some((name, ty, rest))
}

/// True when `value` fits `ty` the way the resources rely on: every object
/// has exactly its type's attributes, every element fits its element type.
/// Null and unknown fit anywhere.
pub fn conforms(value: &Value, ty: &Type) -> bool {
    match (value, ty) {
        (Value::Null | Value::Unknown, _) => true,
        (Value::String(_), Type::String)
        | (Value::Number(_), Type::Number)
        | (Value::Bool(_), Type::Bool) => true,
        (Value::List(items), Type::List(el)) | (Value::Set(items), Type::Set(el)) => {
            items.iter().all(|item| conforms(item, el))
        }
        (Value::Map(entries), Type::Map(el)) => entries.values().all(|v| conforms(v, el)),
        (Value::Object(attrs), Type::Object(attr_types)) => {
            attrs.len() == attr_types.len()
                && attr_types
                    .iter()
                    .all(|(name, t)| attrs.get(name).is_some_and(|v| conforms(v, t)))
        }
        _ => false,
    }
}

/// True when some number in `value` satisfies `pred`.
pub fn any_number(value: &Value, pred: &impl Fn(f64) -> bool) -> bool {
    match value {
        Value::Number(n) => pred(*n),
        Value::List(items) | Value::Set(items) => items.iter().any(|v| any_number(v, pred)),
        Value::Map(m) | Value::Object(m) => m.values().any(|v| any_number(v, pred)),
        _ => false,
    }
}

/// `Value`'s own equality (sets ignore order), but with numbers compared by
/// `same_number`.
pub fn equivalent(a: &Value, b: &Value, same_number: &impl Fn(f64, f64) -> bool) -> bool {
    let eq = |x: &Value, y: &Value| equivalent(x, y, same_number);
    match (a, b) {
        (Value::Null, Value::Null) | (Value::Unknown, Value::Unknown) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => same_number(*x, *y),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(p, q))
        }
        (Value::Set(x), Value::Set(y)) => {
            x.iter().all(|p| y.iter().any(|q| eq(p, q)))
                && y.iter().all(|q| x.iter().any(|p| eq(p, q)))
        }
        (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && eq(vx, vy))
        }
        _ => false,
    }
}

/// Numbers equal, or both NaN.
pub fn same_or_both_nan(x: f64, y: f64) -> bool {
    x == y || (x.is_nan() && y.is_nan())
}

/// Numbers at most `ulps` representable doubles apart (same sign).
pub fn within_ulps(x: f64, y: f64, ulps: u64) -> bool {
    if x == y {
        return true;
    }
    if x.is_nan() || y.is_nan() || x.is_sign_negative() != y.is_sign_negative() {
        return false;
    }
    x.to_bits().abs_diff(y.to_bits()) <= ulps
}

/// Whether known deviations fail the run: strict unless `FUZZ_STRICT=0`
/// (the NaN-in-msgpack tolerance of `value_msgpack` is no longer needed:
/// src/value/msgpack.rs rejects NaN).
pub fn strict() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("FUZZ_STRICT").is_none_or(|v| v != "0"))
}
