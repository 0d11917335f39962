//! Every secret key value the fake has handed out (in a create answer,
//! once), so that tests can search Terraform's files, logs and output for
//! them: `GET /__fake/issued_keys`. Never part of the state dump, kept
//! across resets (a value handed out stays a leak to look for).

use serde::Serialize;

/// One key value handed out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssuedKey {
    /// The key's id (`key_...`).
    pub id: String,
    /// `project` (a project API key, e.g. a service account's) or `admin`.
    pub kind: &'static str,
    pub value: String,
    /// What the key belongs to: a service account id, or `organization`.
    pub owner: String,
}

/// The API's redaction of a key value: its first 8 and last 4 characters
/// (`sk-svcac...Xy3z`), like the `sk-admin...def` of the description's
/// example.
pub fn redact(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 12 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}...{tail}")
}
