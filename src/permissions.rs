//! The catalogue of permission names the provider knows (the same one the
//! bundled fake accepts), and the close matches offered when a configured
//! name is not in it.
//!
//! The Admin API publishes no list of its permissions; this one holds those
//! its documentation and the dashboard name. A well-formed name outside it
//! may still be real, so callers tell a likely typo (a close match exists)
//! from a name that is merely unknown.

/// Every permission in the catalogue.
pub const PERMISSIONS: &[&str] = &[
    "api.organization.projects.api_keys.read",
    "api.organization.projects.api_keys.write",
    "api.organization.projects.service_accounts.read",
    "api.organization.projects.service_accounts.write",
    "api.organization.projects.users.read",
    "api.organization.projects.users.write",
    "api.groups.read",
    "api.groups.write",
    "api.roles.read",
    "api.roles.write",
    "api.model.request",
    "api.model.read",
    "api.files.read",
    "api.files.write",
    "api.fine_tuning.jobs.read",
    "api.fine_tuning.jobs.write",
    "api.batches.read",
    "api.batches.write",
    "api.vector_stores.read",
    "api.vector_stores.write",
    "api.assistants.read",
    "api.assistants.write",
    "api.threads.read",
    "api.threads.write",
    "api.evals.read",
    "api.evals.write",
    "api.usage.read",
    "api.audit_logs.read",
];

/// How many close matches a message lists.
const MAX_MATCHES: usize = 3;

pub fn is_known(permission: &str) -> bool {
    PERMISSIONS.contains(&permission)
}

/// Catalogue names close to `permission`, closest first: within a few
/// edits (a typo, a missing `s`), or ending with it (`api_keys.write`).
pub fn close_matches(permission: &str) -> Vec<&'static str> {
    let budget = (permission.len() / 6).max(2);
    let mut scored: Vec<(usize, &'static str)> = PERMISSIONS
        .iter()
        .filter_map(|&known| {
            let distance = edit_distance(permission, known);
            let suffix = permission.len() >= 4 && known.ends_with(&format!(".{permission}"));
            (distance <= budget || suffix).then_some((distance, known))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(MAX_MATCHES)
        .map(|(_, p)| p)
        .collect()
}

/// Levenshtein distance over bytes (permission names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_suffixes_find_the_catalogue_name() {
        assert_eq!(
            close_matches("api.organization.projects.api_key.write")[0],
            "api.organization.projects.api_keys.write"
        );
        assert_eq!(
            close_matches("api_keys.write"),
            ["api.organization.projects.api_keys.write"]
        );
        assert_eq!(close_matches("api.file.read")[0], "api.files.read");
        assert!(close_matches("billing.invoices.export").is_empty());
        assert!(close_matches("api.files.read").contains(&"api.files.read"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
