//! Official spellings: attributes that OpenAI's official provider
//! (`openai/openai`) names differently from this provider, accepted as
//! alternatives so that its configurations run here unchanged (e.g.
//! `role_name` for our `name`, a data source's `group_id` for our `id`).
//!
//! A schema declares each pair once ([`crate::schema::Schema::with_official_spelling`]);
//! both attributes are optional + computed. The rules are the same for
//! every resource, data source and the provider block:
//! - at most one of the two is configured (a plan-time error at the official
//!   attribute otherwise); a pair that stands for a required attribute needs
//!   one of them ([`Spelling::required`]);
//! - providers read only our spelling: [`ours`] copies a configured official
//!   value over, so resource and lookup code never sees the other name;
//! - plans ([`plan`]) and states ([`mirror`]) hold the same value under
//!   both names, so switching from one spelling to the other plans no
//!   change and either name can be referred to.

use crate::diagnostics::{AttributePath, Diagnostics};
use crate::value::Value;

/// One attribute under two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// This provider's name, the one the code reads.
    pub ours: &'static str,
    /// The official provider's name for the same attribute.
    pub official: &'static str,
    /// One of the two must be set (the attribute is required under either
    /// name); otherwise both may be left out.
    pub required: bool,
}

/// The configuration errors of `spellings`: both names set, or neither for
/// a required one. Skipped while a value is unknown (checked again later).
pub fn validate(spellings: &[Spelling], config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for s in spellings {
        let (ours, official) = (config.get(s.ours), config.get(s.official));
        if !ours.is_null() && !official.is_null() {
            diags.error_at(
                AttributePath::attribute(s.official),
                format!("Conflicting {} and {}", s.ours, s.official),
                format!(
                    "{} and {} are the same attribute ({} is the official provider's \
                     spelling); set only one of them.",
                    s.ours, s.official, s.official
                ),
            );
        } else if s.required
            && ours.is_null()
            && official.is_null()
            && ours.is_wholly_known()
            && official.is_wholly_known()
        {
            diags.error_at(
                AttributePath::attribute(s.ours),
                format!("Missing {}", s.ours),
                format!(
                    "Set {} (or {}, the official provider's spelling of it).",
                    s.ours, s.official
                ),
            );
        }
    }
    diags
}

/// `config` as the code reads it: each official value moved to our name
/// when ours is not set.
pub fn ours(spellings: &[Spelling], config: &Value) -> Value {
    let mut config = config.clone();
    for s in spellings {
        if config.get(s.ours).is_null() {
            let official = config.get(s.official).clone();
            config.set(s.ours, official);
        }
    }
    config
}

/// A state with the official name of each pair holding our value: the
/// code writes only ours.
pub fn mirror(spellings: &[Spelling], state: &mut Value) {
    for s in spellings {
        let value = state.get(s.ours).clone();
        state.set(s.official, value);
    }
}

/// A plan with the configured name's planned value under the other name
/// too (left alone, the other would be "known after apply" or stale).
pub fn plan(spellings: &[Spelling], config: &Value, planned: &mut Value) {
    for s in spellings {
        let (from, to) = if !config.get(s.ours).is_null() {
            (s.ours, s.official)
        } else if !config.get(s.official).is_null() {
            (s.official, s.ours)
        } else {
            continue;
        };
        let value = planned.get(from).clone();
        planned.set(to, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Spelling = Spelling {
        ours: "name",
        official: "role_name",
        required: true,
    };
    const ID: Spelling = Spelling {
        ours: "id",
        official: "role_id",
        required: false,
    };

    use crate::value::test_support::object as config;

    #[test]
    fn one_name_of_a_pair_is_accepted_either_way() {
        let s = Value::string;
        for config in [
            config(&[("name", s("a")), ("role_name", Value::Null)]),
            config(&[("name", Value::Null), ("role_name", s("a"))]),
            config(&[("name", Value::Unknown), ("role_name", Value::Null)]),
        ] {
            assert!(validate(&[NAME], &config).is_empty(), "{config:?}");
        }
    }

    #[test]
    fn both_names_is_an_error_at_the_official_one() {
        let both = config(&[("name", Value::string("a")), ("role_name", Value::Unknown)]);
        let diags = validate(&[NAME, ID], &both);
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].summary, "Conflicting name and role_name");
        assert_eq!(
            diags.0[0].attribute,
            Some(AttributePath::attribute("role_name"))
        );
    }

    #[test]
    fn neither_name_is_an_error_only_when_required() {
        let neither = config(&[]);
        let diags = validate(&[NAME, ID], &neither);
        assert_eq!(diags.0.len(), 1, "id may be left out: {diags:?}");
        assert_eq!(diags.0[0].summary, "Missing name");
        assert!(diags.0[0].detail.contains("role_name"));
        assert_eq!(diags.0[0].attribute, Some(AttributePath::attribute("name")));
    }

    #[test]
    fn the_code_reads_the_official_value_under_our_name() {
        let official = config(&[("name", Value::Null), ("role_name", Value::string("a"))]);
        assert_eq!(ours(&[NAME], &official).get_str("name"), Some("a"));
        let both_ours = config(&[("name", Value::string("b")), ("role_name", Value::Null)]);
        assert_eq!(ours(&[NAME], &both_ours), both_ours);
    }

    #[test]
    fn states_hold_our_value_under_both_names() {
        let mut state = config(&[("name", Value::string("a")), ("role_name", Value::Null)]);
        mirror(&[NAME], &mut state);
        assert_eq!(state.get_str("role_name"), Some("a"));
        let mut null = Value::Null;
        mirror(&[NAME], &mut null);
        assert!(null.is_null());
    }

    #[test]
    fn plans_follow_the_configured_name() {
        let s = Value::string;
        // Renamed under the official name: our name follows it, whatever
        // the generic planner made of it.
        let official = config(&[("name", Value::Null), ("role_name", s("new"))]);
        let mut planned = config(&[("name", Value::Unknown), ("role_name", s("new"))]);
        plan(&[NAME], &official, &mut planned);
        assert_eq!(planned.get_str("name"), Some("new"));

        let configured = config(&[("name", s("new")), ("role_name", Value::Null)]);
        let mut planned = config(&[("name", s("new")), ("role_name", s("old"))]);
        plan(&[NAME], &configured, &mut planned);
        assert_eq!(planned.get_str("role_name"), Some("new"));

        // A lookup by name leaves the id pair to the provider.
        let mut planned = config(&[("id", Value::Unknown), ("role_id", Value::Unknown)]);
        plan(&[ID], &configured, &mut planned);
        assert!(planned.get("role_id").is_unknown());
    }
}
