//! The official provider's `provider "openai"` block: `admin_api_key`
//! (else `OPENAI_ADMIN_KEY`), `base_url` (no environment fallback; default
//! `https://api.openai.com/v1`, plain http only for loopback hosts),
//! `organization` (else `OPENAI_ORG_ID`) and `project` (else
//! `OPENAI_PROJECT_ID`), as in its internal/provider/provider.go.

use tfopenai::api::{ClientConfig, is_loopback};
use tfopenai::diagnostics::Diagnostics;
use tfopenai::provider::ConfigHandling;
use tfopenai::provider::config::Resolved;
use tfopenai::schema::{Attribute, Schema};
use tfopenai::value::{Type, Value};

const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

pub fn handling() -> ConfigHandling {
    ConfigHandling {
        schema: schema(),
        validate,
        resolve,
    }
}

fn schema() -> Schema {
    Schema::new(
        "Terraform provider for OpenAI administration APIs, specific to the API Platform.",
        vec![
            Attribute::optional(
                "admin_api_key",
                Type::String,
                "Admin API key used for organization administration requests.",
            )
            .sensitive(),
            Attribute::optional(
                "base_url",
                Type::String,
                "Base URL used for OpenAI API requests.",
            ),
            Attribute::optional(
                "organization",
                Type::String,
                "Organization identifier to send with requests.",
            ),
            Attribute::optional(
                "project",
                Type::String,
                "Project identifier to send with requests.",
            ),
        ],
    )
}

/// The official provider checks everything in Configure.
fn validate(_config: &Value) -> Diagnostics {
    Diagnostics::new()
}

/// A configured string, else the environment variable `env`.
fn setting(config: &Value, name: &str, env: Option<&str>) -> Option<String> {
    config
        .get_str(name)
        .map(str::to_owned)
        .or_else(|| env.and_then(|env| std::env::var(env).ok()))
}

fn resolve(config: &Value) -> Result<Resolved, Diagnostics> {
    let base_url = setting(config, "base_url", None)
        .map(|url| url.trim().to_owned())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    check_base_url(&base_url)
        .map_err(|detail| Diagnostics::from_error("Invalid OpenAI API base URL", detail))?;
    let api_key = setting(config, "admin_api_key", Some("OPENAI_ADMIN_KEY"))
        .filter(|key| !key.trim().is_empty())
        .ok_or_else(|| {
            Diagnostics::from_error(
                "Missing OpenAI API key",
                "Set admin_api_key, OPENAI_ADMIN_KEY.",
            )
        })?;
    let mut client = ClientConfig::new(api_key.trim(), base_url);
    client.organization_id =
        setting(config, "organization", Some("OPENAI_ORG_ID")).filter(|o| !o.trim().is_empty());
    // `project` (OPENAI_PROJECT_ID) becomes an OpenAI-Project header in the
    // official provider; the Admin API endpoints used here ignore it, and
    // the client has no such header, so it is accepted and not sent.
    client.user_agent = format!("openai-official-standin/{}", env!("CARGO_PKG_VERSION"));
    Ok(client.into())
}

/// The official `validateAPIBaseURL`: absolute, no credentials, https, or
/// http for localhost and loopback addresses.
fn check_base_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url)
        .ok()
        .filter(|u| u.host_str().is_some_and(|h| !h.is_empty()))
        .ok_or("base_url must be an absolute HTTP or HTTPS URL.")?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("base_url must not contain embedded credentials.".into());
    }
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&parsed) => Ok(()),
        "http" => Err(
            "base_url must use HTTPS unless its host is localhost or a loopback IP address.".into(),
        ),
        _ => Err("base_url must use the HTTP or HTTPS scheme.".into()),
    }
}
