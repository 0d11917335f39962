//! SCIM-managed groups belong to the organization's identity provider,
//! which provisions them and their members through SCIM: the API refuses to
//! rename or delete them and to change their members. These are the
//! diagnostics that say so, and where to make the change instead.

use crate::api::ApiError;
use crate::diagnostics::{AttributePath, Diagnostics};

pub(super) const SUMMARY: &str = "Group is managed by SCIM";

/// True when the API refused a write because the group is SCIM-managed
/// (code `group_is_scim_managed`, or a message naming SCIM).
pub(super) fn is_refusal(error: &ApiError) -> bool {
    let code = error.code.as_deref().unwrap_or_default();
    code.contains("scim") || error.message.to_ascii_lowercase().contains("scim")
}

/// What to tell the user about a change to SCIM-managed group `group`:
/// `change` completes "... cannot <change> here", e.g. "rename it".
pub(super) fn explain(group: &str, change: &str) -> String {
    format!(
        "Group {group} is managed by SCIM: your identity provider (Okta, Entra ID, ...) \
         provisions it and its members, and the OpenAI API refuses to {change} here. Make \
         the change in the identity provider instead; it reaches OpenAI at the next SCIM \
         sync."
    )
}

/// The diagnostic for a write the API refused because the group is
/// SCIM-managed, at `path` when one attribute is to blame.
pub(super) fn refusal(
    path: Option<AttributePath>,
    group: &str,
    change: &str,
    error: &ApiError,
) -> Diagnostics {
    let detail = format!("{error}\n\n{}", explain(group, change));
    let mut diags = Diagnostics::new();
    match path {
        Some(path) => diags.error_at(path, SUMMARY, detail),
        None => diags.error(SUMMARY, detail),
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn refused(code: Option<&str>, message: &str) -> ApiError {
        let mut error = ApiError::new(ErrorKind::InvalidRequest, "POST", "/x", message);
        error.code = code.map(str::to_owned);
        error
    }

    #[test]
    fn recognises_the_refusal_by_code_or_message() {
        assert!(is_refusal(&refused(Some("group_is_scim_managed"), "no")));
        assert!(is_refusal(&refused(
            None,
            "Group 'Sales' is managed by SCIM"
        )));
        assert!(!is_refusal(&refused(Some("invalid_value"), "bad name")));
    }

    #[test]
    fn refusal_names_scim_and_the_identity_provider() {
        let error = refused(Some("group_is_scim_managed"), "managed by SCIM");
        let diags = refusal(
            Some(AttributePath::attribute("group_id")),
            "group_sales",
            "change its members",
            &error,
        );
        let diag = &diags.0[0];
        assert_eq!(diag.summary, SUMMARY);
        assert_eq!(diag.attribute, Some(AttributePath::attribute("group_id")));
        assert!(diag.detail.contains("identity provider"), "{}", diag.detail);
        assert!(
            diag.detail.contains("refuses to change its members here"),
            "{}",
            diag.detail
        );
    }
}
