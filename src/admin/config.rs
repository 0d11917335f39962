//! The client configuration from the environment, resolved by the
//! provider's own code: the same variables, defaults, checks and warnings
//! (`OPENAI_ADMIN_KEY`, `OPENAI_ADMIN_BASE_URL`, `OPENAI_ORG_ID`,
//! `OPENAI_MAX_RETRIES`, `OPENAI_REQUEST_TIMEOUT`,
//! `OPENAI_MAX_REQUESTS_PER_MINUTE`; `OPENAI_BASE_URL` is ignored).

use std::collections::BTreeMap;

use crate::api::ClientConfig;
use crate::provider::config::{self, ENV_API_KEY};
use crate::value::Value;

/// The client configuration from the environment, with one line per
/// warning for stderr (e.g. that `OPENAI_BASE_URL` is ignored); or what is
/// wrong with the environment (never quoting the key).
pub fn from_env() -> Result<(ClientConfig, Vec<String>), String> {
    if std::env::var(ENV_API_KEY).map_or(true, |key| key.trim().is_empty()) {
        return Err(format!(
            "{ENV_API_KEY} is not set: set it to an Admin API key of the organization \
             (sk-admin-..., created by an owner under Organization settings > Admin keys)"
        ));
    }
    // An empty provider block: every setting comes from the environment.
    let schema = config::schema();
    let empty: BTreeMap<String, Value> = schema
        .attributes
        .iter()
        .map(|a| (a.name.to_owned(), Value::Null))
        .collect();
    let resolved = config::resolve_client_config(&Value::Object(empty)).map_err(|diags| {
        diags
            .0
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let warnings = resolved
        .warnings
        .0
        .iter()
        .map(|d| format!("warning: {}: {}", d.summary, d.detail))
        .collect();
    let mut client = resolved.client;
    client.user_agent = format!("openai-admin/{}", env!("CARGO_PKG_VERSION"));
    Ok((client, warnings))
}
