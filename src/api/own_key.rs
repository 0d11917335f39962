//! Whether a listed admin key is the key this client authenticates with,
//! told from the key's `redacted_value` alone (the API never shows a key's
//! secret again, and no operation says which key a request used).
//!
//! Evidence for the redacted form: the published description's
//! `AdminApiKey.redacted_value` examples are `sk-admin...def` and
//! `sk-admin...xyz` (the key's first characters, `...`, its last
//! characters); the bundled fake redacts to the first 8 and last 4
//! (`fake/collections/issued_keys.rs`). How many characters the real API
//! keeps at each end is not documented, so the match takes the visible
//! head and tail as they are, whatever their lengths: the configured key
//! must start with the head and end with the tail, with hidden characters
//! between. A different key sharing both ends is refused too: a false
//! refusal is the safe side of this check.

use super::AdminClient;

/// The visible head and tail of a redacted key (`sk-admin...def`), split
/// at the first run of `.` or `*` of three or more.
fn visible_ends(redacted: &str) -> Option<(&str, &str)> {
    let start = redacted.find(['.', '*'])?;
    let hidden_len = redacted[start..]
        .find(|c: char| c != '.' && c != '*')
        .unwrap_or(redacted.len() - start);
    if hidden_len < 3 {
        return None;
    }
    Some((&redacted[..start], &redacted[start + hidden_len..]))
}

/// Whether `key` is shown as `redacted`.
pub fn redacts_to(key: &str, redacted: &str) -> bool {
    let key = key.trim();
    match visible_ends(redacted) {
        Some((head, tail)) => {
            !head.is_empty()
                && !tail.is_empty()
                && head.len() + tail.len() < key.len()
                && key.starts_with(head)
                && key.ends_with(tail)
        }
        None => false,
    }
}

impl AdminClient {
    /// Whether this client's own key is the one shown as `redacted`.
    pub fn authenticates_with_key_shown_as(&self, redacted: &str) -> bool {
        self.own_key().is_some_and(|key| redacts_to(key, redacted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-admin-TEST-NOT-A-REAL-KEY-0000abcdef";

    #[test]
    fn the_descriptions_form_and_the_fakes_form_match_their_key() {
        // The description's form: `sk-admin` and the last three.
        assert!(redacts_to(KEY, "sk-admin...def"));
        // The fake's: the first 8 and the last 4.
        assert!(redacts_to(KEY, "sk-admin...cdef"));
        assert!(redacts_to(KEY, "sk-admin-TEST****cdef"));
    }

    #[test]
    fn other_keys_and_other_forms_do_not_match() {
        assert!(!redacts_to(KEY, "sk-admin...xyz"), "another tail");
        assert!(!redacts_to(KEY, "sk-proj-...cdef"), "another head");
        assert!(!redacts_to(KEY, "sk-admin..def"), "not a redaction");
        assert!(!redacts_to(KEY, "...def"), "nothing visible in front");
        assert!(!redacts_to(KEY, "sk-admin..."), "nothing visible after");
        assert!(
            !redacts_to("sk-admin-def", "sk-admin-...-def"),
            "no hidden part"
        );
    }
}
