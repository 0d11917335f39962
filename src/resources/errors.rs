//! Turns API errors into diagnostics that say what to do next.

use crate::api::{ApiError, ErrorKind};
use crate::diagnostics::Diagnostics;

/// `action` completes "Failed to ...", e.g. "create project role".
pub fn api_error(action: &str, error: &ApiError) -> Diagnostics {
    let hint = match error.kind {
        ErrorKind::NotFound => {
            "\n\nCheck the IDs in the configuration: the API does not know this object \
             (or the admin key belongs to another organization)."
        }
        ErrorKind::Unauthorized => {
            "\n\nCheck the admin key (api_key or OPENAI_ADMIN_KEY): it is missing, \
             malformed or revoked."
        }
        ErrorKind::Forbidden => {
            "\n\nThe key is valid but may not do this: use an Admin API key \
             (sk-admin-...) of an organization owner."
        }
        ErrorKind::RateLimited => {
            "\n\nThe Admin API kept rate limiting after all retries; apply again later \
             or with a lower -parallelism."
        }
        ErrorKind::Server | ErrorKind::Transport => {
            "\n\nThis is likely temporary: run the command again."
        }
        ErrorKind::Cancelled => {
            "\n\nNothing was sent after the stop; run the command again to finish."
        }
        _ => "",
    };
    Diagnostics::from_error(format!("Failed to {action}"), format!("{error}{hint}"))
}

/// True for the API's "this already exists" answers (400 or 409).
pub fn is_already_exists(error: &ApiError) -> bool {
    let code = error.code.as_deref().unwrap_or_default();
    error.kind == ErrorKind::Conflict
        || (error.kind == ErrorKind::InvalidRequest
            && (code.contains("already")
                || code.contains("taken")
                || code.contains("exists")
                || error.message.to_ascii_lowercase().contains("already")))
}
