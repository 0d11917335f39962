//! Resource names: readable (from the objects' own names), valid Terraform
//! identifiers, unique per resource type, and stable (the same objects get
//! the same names whatever order the API lists them in).
//!
//! Each object offers name options from short to qualified, e.g. a project
//! role `analyst`, then `alpha_analyst`. Objects whose option is shared move
//! on to their next one, so a name is qualified only when it has to be;
//! what still collides gets `_2`, `_3`... in the order of the objects' IDs.
//!
//! Stable means for one state of the organization only: a rename in the
//! dashboard, or a new object whose name collides with another's, changes
//! the names of existing objects (`analyst` becomes `alpha_analyst` once a
//! second project has an Analyst). Names are never carried over from an
//! earlier export; `openai-admin export --help` and the README tell users
//! to export to a new directory and compare rather than export over an
//! adopted configuration.

use std::collections::{BTreeMap, BTreeSet};

/// `text` as a Terraform name fragment: lowercase ASCII letters, digits and
/// single underscores, without leading or trailing underscores. Letters
/// with accents lose them where a plain ASCII letter exists; other
/// characters separate words. May be empty.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_separator = false;
    for c in text.chars().map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            if pending_separator && !out.is_empty() {
                out.push('_');
            }
            pending_separator = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_separator = true;
        }
    }
    out
}

/// The plain letter of common accented Latin letters (`é` -> `e`); any
/// other character unchanged.
fn fold_accent(c: char) -> char {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåā", 'a'),
        ("çćč", 'c'),
        ("ďđ", 'd'),
        ("èéêëēėęě", 'e'),
        ("ìíîïī", 'i'),
        ("ñńň", 'n'),
        ("òóôõöøō", 'o'),
        ("ŕř", 'r'),
        ("śšş", 's'),
        ("ťţ", 't'),
        ("ùúûüūů", 'u'),
        ("ýÿ", 'y'),
        ("źżž", 'z'),
    ];
    let lower: Vec<char> = c.to_lowercase().collect();
    if let [single] = lower[..] {
        for (accented, plain) in FOLDS {
            if accented.contains(single) {
                return *plain;
            }
        }
    }
    c
}

/// A name fragment for an object: the slug of its display name, else of
/// its ID; prefixed with `kind` when it would start with a digit (Terraform
/// names start with a letter or an underscore).
pub fn fragment(kind: &str, display: &str, id: &str) -> String {
    let mut name = slug(display);
    if name.is_empty() {
        name = slug(id);
    }
    if name.is_empty() {
        return kind.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{kind}_{name}");
    }
    name
}

/// One object to name.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Orders objects whose names still collide after every option.
    pub id: String,
    /// Valid names, from the shortest to the most qualified; at least one.
    pub options: Vec<String>,
}

impl Candidate {
    pub fn new(id: impl Into<String>, options: Vec<String>) -> Candidate {
        let mut deduplicated: Vec<String> = Vec::with_capacity(options.len());
        for option in options {
            if !deduplicated.contains(&option) {
                deduplicated.push(option);
            }
        }
        assert!(!deduplicated.is_empty(), "a candidate needs a name option");
        Candidate {
            id: id.into(),
            options: deduplicated,
        }
    }
}

/// Unique names for `candidates` (same order): each takes its first option
/// no other candidate wants, and numbered suffixes settle the rest.
pub fn assign(candidates: &[Candidate]) -> Vec<String> {
    let mut levels = vec![0usize; candidates.len()];
    let name = |levels: &[usize], i: usize| candidates[i].options[levels[i]].clone();
    // Move every candidate whose current name is shared to its next option,
    // until nothing can move (levels only grow, so this ends).
    loop {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for i in 0..candidates.len() {
            *counts.entry(name(&levels, i)).or_default() += 1;
        }
        let mut moved = false;
        for i in 0..candidates.len() {
            if counts[&name(&levels, i)] > 1 && levels[i] + 1 < candidates[i].options.len() {
                levels[i] += 1;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let wanted: Vec<String> = (0..candidates.len()).map(|i| name(&levels, i)).collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        (&wanted[a], &candidates[a].id, a).cmp(&(&wanted[b], &candidates[b].id, b))
    });
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut first_claim: BTreeSet<&str> = BTreeSet::new();
    let mut result = vec![String::new(); candidates.len()];
    // First pass: the first claimant of each wanted name gets it, so that a
    // suffixed name never takes a name another candidate wants as is.
    for &i in &order {
        if first_claim.insert(&wanted[i]) {
            taken.insert(wanted[i].clone());
            result[i] = wanted[i].clone();
        }
    }
    for &i in &order {
        if !result[i].is_empty() {
            continue;
        }
        let mut n = 2;
        let unique = loop {
            let attempt = format!("{}_{n}", wanted[i]);
            if !taken.contains(&attempt) {
                break attempt;
            }
            n += 1;
        };
        taken.insert(unique.clone());
        result[i] = unique;
    }
    result
}

/// Joins fragments with `_`.
pub fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_underscores() {
        assert_eq!(slug("API Key Manager"), "api_key_manager");
        assert_eq!(slug("  data--reader  "), "data_reader");
        assert_eq!(slug("Équipe Données (EU)"), "equipe_donnees_eu");
        assert_eq!(slug("R&D / Ops"), "r_d_ops");
        assert_eq!(slug("日本"), "");
        assert_eq!(slug("already_snake"), "already_snake");
    }

    #[test]
    fn fragments_are_valid_names() {
        assert_eq!(fragment("group", "Support", "group_1"), "support");
        assert_eq!(
            fragment("group", "2024 Interns", "group_1"),
            "group_2024_interns"
        );
        assert_eq!(fragment("group", "日本", "group_01ABC"), "group_01abc");
        assert_eq!(fragment("group", "", ""), "group");
    }

    #[test]
    fn names_that_slugify_alike_get_distinct_names_ordered_by_id() {
        let candidates = [
            Candidate::new("role_b", vec![slug("Data Reader")]),
            Candidate::new("role_a", vec![slug("data-reader")]),
            Candidate::new("role_c", vec![slug("DATA_READER")]),
        ];
        assert_eq!(
            assign(&candidates),
            ["data_reader_2", "data_reader", "data_reader_3"]
        );
    }

    #[test]
    fn only_colliding_names_are_qualified() {
        let candidates = [
            Candidate::new("r1", vec!["analyst".into(), "alpha_analyst".into()]),
            Candidate::new("r2", vec!["analyst".into(), "beta_analyst".into()]),
            Candidate::new("r3", vec!["auditor".into(), "alpha_auditor".into()]),
        ];
        assert_eq!(
            assign(&candidates),
            ["alpha_analyst", "beta_analyst", "auditor"]
        );
    }

    #[test]
    fn a_suffix_never_takes_a_name_someone_wants() {
        let candidates = [
            Candidate::new("a", vec!["x".into()]),
            Candidate::new("b", vec!["x".into()]),
            Candidate::new("c", vec!["x_2".into()]),
        ];
        assert_eq!(assign(&candidates), ["x", "x_3", "x_2"]);
    }

    #[test]
    fn names_do_not_depend_on_input_order() {
        let a = Candidate::new("role_a", vec!["ops".into()]);
        let b = Candidate::new("role_b", vec!["ops".into()]);
        assert_eq!(assign(&[a.clone(), b.clone()]), ["ops", "ops_2"]);
        assert_eq!(assign(&[b, a]), ["ops_2", "ops"]);
    }

    #[test]
    fn join_skips_empty_parts() {
        assert_eq!(join(&["alpha", "", "analyst"]), "alpha_analyst");
    }
}
