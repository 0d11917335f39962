//! Pieces shared by the data sources: "exactly one of name / id",
//! choosing one object from a list with readable not-found errors, API
//! errors as diagnostics, and sharing concurrent identical list requests.
//!
//! Known gap: `name` and `id` of the lookups are plain optional attributes
//! because `crate::schema` has no optional-and-computed mode. A read done at
//! plan time (the usual case) fills both in; a read Terraform defers to
//! apply (`depends_on`, unknown inputs) plans them as null instead of
//! unknown, so a resource using the looked-up `id` fails with "inconsistent
//! final plan". Marking them optional+computed fixes it (see the acceptance
//! test `deferred_read_leaves_looked_up_id_unknown_in_the_plan`).

use crate::diagnostics::{AttributePath, Diagnostics};
use crate::spellings::Spelling;
use crate::value::Value;

/// How many names a not-found error lists before "and N more".
const MAX_LISTED: usize = 20;

/// What the configuration asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    ById(String),
    ByName(String),
}

impl Lookup {
    /// The lookup a (validated, wholly known) configuration asks for.
    pub fn of(config: &Value) -> Result<Lookup, Diagnostics> {
        let diags = exactly_one_of(config, "name", "id");
        if diags.has_errors() {
            return Err(diags);
        }
        match (config.get_str("id"), config.get_str("name")) {
            (Some(id), _) => Ok(Lookup::ById(id.to_owned())),
            (None, Some(name)) => Ok(Lookup::ByName(name.to_owned())),
            (None, None) => Err(Diagnostics::from_error(
                "Missing name or id",
                "name or id must be known before the read; this is a provider bug.",
            )),
        }
    }

    fn attribute(&self) -> &'static str {
        match self {
            Lookup::ById(_) => "id",
            Lookup::ByName(_) => "name",
        }
    }
}

/// The ValidateDataResourceConfig check that exactly one of `a` and `b` is
/// set. Skipped while either is unknown: it runs again once both are known.
pub fn exactly_one_of(config: &Value, a: &str, b: &str) -> Diagnostics {
    exactly_one_spelled(config, &[], a, b)
}

/// [`exactly_one_of`] where `a` or `b` may be set under its official
/// spelling too (both spellings of one are the schema's check). Errors
/// name, and point at, the attributes the configuration sets.
pub fn exactly_one_spelled<'a>(
    config: &Value,
    spellings: &[Spelling],
    a: &'a str,
    b: &'a str,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let (names_a, names_b) = (spelled(spellings, a), spelled(spellings, b));
    if names_a
        .iter()
        .chain(&names_b)
        .any(|n| !config.get(n).is_wholly_known())
    {
        return diags;
    }
    let set = |names: &[&'a str]| names.iter().find(|n| !config.get(n).is_null()).copied();
    let official: Vec<&str> = spellings.iter().map(|s| s.official).collect();
    match (set(&names_a), set(&names_b)) {
        (None, None) => {
            let also = if official.is_empty() {
                String::new()
            } else {
                format!(
                    " The official provider's spellings work too: {}.",
                    official.join(", ")
                )
            };
            diags.error_at(
                AttributePath::attribute(a),
                format!("Missing {a} or {b}"),
                format!(
                    "Set exactly one of {a} or {b} to choose what to look up; neither is \
                     set.{also}"
                ),
            );
        }
        (Some(set_a), Some(set_b)) => diags.error_at(
            AttributePath::attribute(set_b),
            format!("Conflicting {set_a} and {set_b}"),
            format!(
                "{set_a} and {set_b} are both set; set exactly one of them: {set_a} to look \
                 up by {a}, or {set_b} to look up by {b}."
            ),
        ),
        _ => {}
    }
    diags
}

/// `ours` and its official spellings.
fn spelled<'a>(spellings: &[Spelling], ours: &'a str) -> Vec<&'a str> {
    let mut all = vec![ours];
    all.extend(
        spellings
            .iter()
            .filter(|s| s.ours == ours)
            .map(|s| s.official),
    );
    all
}

/// Where and what a lookup searched, for messages.
pub struct Searched<'a> {
    /// e.g. "project role", "group".
    pub kind: &'a str,
    /// e.g. "in project proj_alpha", "in the organization".
    pub scope: &'a str,
}

/// The one item `lookup` designates among `items`, or an error naming what
/// was searched and what exists. `id_matches(configured, item_id)` decides
/// ID matches (aliases); names match exactly.
pub fn select<'a, T>(
    items: &'a [T],
    lookup: &Lookup,
    searched: &Searched<'_>,
    id_of: impl Fn(&T) -> &str,
    name_of: impl Fn(&T) -> &str,
    id_matches: impl Fn(&str, &str) -> bool,
) -> Result<&'a T, Diagnostics> {
    let Searched { kind, scope } = searched;
    let matching: Vec<&T> = items
        .iter()
        .filter(|item| match lookup {
            Lookup::ById(id) => id_matches(id, id_of(item)),
            Lookup::ByName(name) => name_of(item) == name,
        })
        .collect();
    let path = AttributePath::attribute(lookup.attribute());
    let mut diags = Diagnostics::new();
    match (matching.as_slice(), lookup) {
        ([one], _) => return Ok(one),
        ([], Lookup::ByName(name)) => {
            let names: Vec<String> = items.iter().map(|i| format!("{:?}", name_of(i))).collect();
            let hint = items
                .iter()
                .map(&name_of)
                .find(|n| n.eq_ignore_ascii_case(name))
                .map(|n| format!(" Did you mean {n:?}? Names are case-sensitive."))
                .unwrap_or_default();
            diags.error_at(
                path,
                format!("No {kind} named {name:?}"),
                format!(
                    "Searched the {} {kind}s {scope} for the name {name:?} and found none.{hint}\n\n{}",
                    items.len(),
                    available(kind, &names)
                ),
            );
        }
        ([], Lookup::ById(id)) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| format!("{:?} ({})", name_of(i), id_of(i)))
                .collect();
            diags.error_at(
                path,
                format!("No {kind} with ID {id:?}"),
                format!(
                    "Searched the {} {kind}s {scope} for the ID {id:?} and found none.\n\n{}",
                    items.len(),
                    available(kind, &names)
                ),
            );
        }
        (several, Lookup::ByName(name)) => {
            let ids: Vec<&str> = several.iter().map(|i| id_of(i)).collect();
            diags.error_at(
                path,
                format!("Several {kind}s named {name:?}"),
                format!(
                    "{} {kind}s {scope} are named {name:?} (IDs {}); look the one you mean \
                     up by id instead.",
                    several.len(),
                    ids.join(", ")
                ),
            );
        }
        (several, Lookup::ById(id)) => {
            let ids: Vec<&str> = several.iter().map(|i| id_of(i)).collect();
            diags.error_at(
                path,
                format!("Several {kind}s match ID {id:?}"),
                format!(
                    "{id:?} matches {} {kind}s {scope} ({}); use the full ID.",
                    several.len(),
                    ids.join(", ")
                ),
            );
        }
    }
    Err(diags)
}

/// "Available project roles: a, b, c, ... and 12 more."
fn available(kind: &str, names: &[String]) -> String {
    if names.is_empty() {
        return format!("There are no {kind}s there.");
    }
    let mut listed = names
        .iter()
        .take(MAX_LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX_LISTED {
        listed.push_str(&format!(", ... and {} more", names.len() - MAX_LISTED));
    }
    format!("Available {kind}s: {listed}.")
}

/// Shared with the resources: one wording for API failures everywhere.
pub use crate::resources::errors::api_error;

/// Data sources share in-flight list requests (Terraform reads them in
/// parallel) but keep nothing: see [`ListCache::in_flight_only`].
pub use crate::resources::cache::ListCache;

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name: Value, id: Value) -> Value {
        let mut v = Value::Object(Default::default());
        v.set("name", name);
        v.set("id", id);
        v
    }

    #[test]
    fn exactly_one_of_name_and_id() {
        let s = Value::string;
        assert!(exactly_one_of(&config(s("a"), Value::Null), "name", "id").is_empty());
        assert!(exactly_one_of(&config(Value::Null, s("r")), "name", "id").is_empty());
        assert!(exactly_one_of(&config(Value::Unknown, Value::Null), "name", "id").is_empty());

        let neither = exactly_one_of(&config(Value::Null, Value::Null), "name", "id");
        assert_eq!(neither.0[0].summary, "Missing name or id");
        assert_eq!(
            neither.0[0].attribute,
            Some(AttributePath::attribute("name"))
        );
        let both = exactly_one_of(&config(s("a"), s("r")), "name", "id");
        assert_eq!(both.0[0].summary, "Conflicting name and id");
        assert_eq!(both.0[0].attribute, Some(AttributePath::attribute("id")));
        assert!(Lookup::of(&config(s("a"), s("r"))).is_err());
        assert_eq!(
            Lookup::of(&config(s("a"), Value::Null)).unwrap(),
            Lookup::ByName("a".into())
        );
    }

    const SEARCHED: Searched = Searched {
        kind: "role",
        scope: "in project p",
    };

    fn pick<'a>(items: &'a [(&'a str, &'a str)], lookup: Lookup) -> Result<&'a str, String> {
        select(items, &lookup, &SEARCHED, |i| i.0, |i| i.1, |a, b| a == b)
            .map(|i| i.0)
            .map_err(|d| format!("{}: {}", d.0[0].summary, d.0[0].detail))
    }

    #[test]
    fn select_by_name_or_id_with_readable_misses() {
        let items = [
            ("r1", "owner"),
            ("r2", "member"),
            ("r3", "dup"),
            ("r4", "dup"),
        ];
        assert_eq!(pick(&items, Lookup::ByName("member".into())), Ok("r2"));
        assert_eq!(pick(&items, Lookup::ById("r1".into())), Ok("r1"));

        let miss = pick(&items, Lookup::ByName("Member".into())).unwrap_err();
        assert!(miss.starts_with("No role named \"Member\""), "{miss}");
        assert!(miss.contains("Searched the 4 roles in project p"), "{miss}");
        assert!(miss.contains("Did you mean \"member\"?"), "{miss}");
        assert!(miss.contains("\"owner\", \"member\", \"dup\""), "{miss}");

        let miss = pick(&items, Lookup::ById("r9".into())).unwrap_err();
        assert!(miss.contains("\"owner\" (r1)"), "{miss}");

        let dup = pick(&items, Lookup::ByName("dup".into())).unwrap_err();
        assert!(dup.starts_with("Several roles named \"dup\""), "{dup}");
        assert!(dup.contains("r3, r4"), "{dup}");
    }

    #[test]
    fn long_lists_are_truncated() {
        let names: Vec<String> = (0..25).map(|i| format!("n{i}")).collect();
        let text = available("role", &names);
        assert!(text.contains("n19, ... and 5 more."), "{text}");
        assert!(!text.contains("n20"), "{text}");
        assert_eq!(available("group", &[]), "There are no groups there.");
    }
}
