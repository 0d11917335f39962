//! The provider block: schema, validation, and resolution against the
//! environment into an API client configuration.

use std::sync::Arc;

use super::timeouts::parse_duration;
use crate::api::{ClientConfig, is_loopback};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub const ENV_API_KEY: &str = "OPENAI_ADMIN_KEY";
pub const ENV_BASE_URL: &str = "OPENAI_BASE_URL";
pub const ENV_ORG_ID: &str = "OPENAI_ORG_ID";
pub const ENV_MAX_RETRIES: &str = "OPENAI_MAX_RETRIES";
pub const ENV_REQUEST_TIMEOUT: &str = "OPENAI_REQUEST_TIMEOUT";
pub const ENV_MAX_REQUESTS_PER_MINUTE: &str = "OPENAI_MAX_REQUESTS_PER_MINUTE";
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
const MAX_RETRIES_LIMIT: f64 = 100.0;

pub fn schema() -> Schema {
    Schema::new(
        "Manages OpenAI role-based access control through the OpenAI Admin API: \
         custom project and organization roles, and the roles given to groups and users.",
        vec![
            Attribute::optional(
                "api_key",
                Type::String,
                "OpenAI Admin API key (starts with `sk-admin-`). Defaults to the \
                 `OPENAI_ADMIN_KEY` environment variable. Never logged or stored in state.",
            )
            .sensitive(),
            Attribute::optional(
                "base_url",
                Type::String,
                "Base URL of the Admin API, ending in `/v1`. Defaults to \
                 `OPENAI_BASE_URL`, then `https://api.openai.com/v1`. Must be an \
                 absolute `https://` URL; plain `http://` only for loopback hosts \
                 (the admin key would travel unencrypted). A trailing slash is fine. \
                 Point it at the bundled fake (`openai-admin-fake`) to try \
                 configurations locally. `HTTPS_PROXY`/`NO_PROXY` are honoured.",
            ),
            Attribute::optional(
                "organization_id",
                Type::String,
                "Organization ID sent as the `OpenAI-Organization` header. Defaults \
                 to `OPENAI_ORG_ID`; optional, as admin keys belong to one organization.",
            ),
            Attribute::optional(
                "max_retries",
                Type::Number,
                "How many times a request is retried after a 429, a 5xx or a network \
                 error (0-100). Defaults to `OPENAI_MAX_RETRIES`, then 8. Each resource's \
                 `timeouts` bounds the total time.",
            )
            .validate_with(Arc::new(|v: &Value| match v {
                Value::Number(n) if n.fract() == 0.0 && (0.0..=MAX_RETRIES_LIMIT).contains(n) => {
                    Ok(())
                }
                _ => Err("must be a whole number from 0 to 100".into()),
            })),
            Attribute::optional(
                "request_timeout",
                Type::String,
                "Limit for one HTTP request, as a duration such as `30s`. Defaults to \
                 `OPENAI_REQUEST_TIMEOUT`, then `60s`.",
            )
            .validate_with(Arc::new(|v: &Value| {
                parse_duration(v.as_str().unwrap_or_default()).map(|_| ())
            })),
            Attribute::optional(
                "max_requests_per_minute",
                Type::Number,
                "Overall upper bound on Admin API requests per minute, shared by all \
                 resources of one Terraform run. Defaults to \
                 `OPENAI_MAX_REQUESTS_PER_MINUTE`; unset means no overall bound. Rarely \
                 needed: the API limits each endpoint (method and route) on its own, and \
                 the provider paces each endpoint by itself, learning its budget from the \
                 429s it gets (the rate one stated wait implies, or what the endpoint \
                 accepted in the last minute, a burst of what it accepted just before) \
                 and waiting out `Retry-After-Ms`, `Retry-After` or the wait in the \
                 message on that endpoint only; after a quiet minute it probes 25% \
                 faster.",
            )
            .validate_with(Arc::new(|v: &Value| match v {
                Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= 100_000.0 => Ok(()),
                _ => Err("must be a whole number from 1 to 100000".into()),
            })),
        ],
    )
}

/// Checks what can be checked before the configuration is complete.
pub fn validate(config: &Value) -> Diagnostics {
    let mut diags = schema().validate(config);
    if let Some(url) = config.get_str("base_url")
        && let Err(detail) = check_base_url(url)
    {
        diags.error_at(
            AttributePath::attribute("base_url"),
            "Invalid base_url",
            detail,
        );
    }
    diags
}

/// An absolute http(s) URL the API paths can be appended to. Plain http
/// only for loopback hosts: elsewhere it would carry the admin key in clear
/// text. A trailing slash is fine.
fn check_base_url(url: &str) -> Result<(), String> {
    let parsed = match reqwest::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(_) if !url.contains("://") => {
            return Err(format!(
                "{url:?} has no scheme; expected an absolute URL such as \
                 https://{} or {DEFAULT_BASE_URL}",
                url.trim_start_matches('/')
            ));
        }
        Err(e) => {
            return Err(format!(
                "{url:?} is not a URL ({e}); expected something like {DEFAULT_BASE_URL}"
            ));
        }
    };
    // Checked first: the other messages quote the URL.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(
            "the URL must not contain credentials: the admin key goes in api_key \
                    (or OPENAI_ADMIN_KEY)"
                .to_owned(),
        );
    }
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&parsed) => {}
        "http" => {
            return Err(format!(
                "{url:?} uses plain http, which is accepted only for loopback hosts \
                 (localhost, 127.0.0.1, ::1) such as the bundled fake: over a network it \
                 would send the admin key unencrypted. Use https://{}.",
                &url[url.find("://").map_or(0, |i| i + 3)..]
            ));
        }
        other => {
            return Err(format!(
                "{url:?} uses the scheme {other:?}; expected an http or https URL such as \
                 {DEFAULT_BASE_URL}"
            ));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "{url:?} has no host; expected something like {DEFAULT_BASE_URL}"
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "the URL has a query string or fragment; API paths are appended to base_url, \
             so it must end with its path, e.g. {DEFAULT_BASE_URL}"
        ));
    }
    Ok(())
}

/// A configuration attribute, else its environment variable, else `None`.
/// An unknown configuration value is an error: the client cannot wait.
fn resolve(config: &Value, name: &str, env: &str, diags: &mut Diagnostics) -> Option<String> {
    match config.get(name) {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Unknown => {
            diags.error_at(
                AttributePath::attribute(name),
                format!("Provider attribute {name} is unknown"),
                format!(
                    "The value of {name} depends on something that is only known after \
                     apply. Provider configuration must be known at plan time: use a \
                     literal, a variable, or the {env} environment variable."
                ),
            );
            None
        }
        _ => std::env::var(env).ok().filter(|v| !v.is_empty()),
    }
}

/// Resolves the provider block and environment into a client configuration.
pub fn resolve_client_config(config: &Value) -> Result<ClientConfig, Diagnostics> {
    let mut diags = validate(config);
    let api_key = resolve(config, "api_key", ENV_API_KEY, &mut diags);
    let base_url = resolve(config, "base_url", ENV_BASE_URL, &mut diags)
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let organization_id = resolve(config, "organization_id", ENV_ORG_ID, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(detail) = check_base_url(&base_url) {
        diags.error_at(
            AttributePath::attribute("base_url"),
            "Invalid base_url",
            format!("{detail} (from {ENV_BASE_URL})"),
        );
        return Err(diags);
    }
    let Some(api_key) = api_key else {
        diags.error_at(
            AttributePath::attribute("api_key"),
            "Missing OpenAI Admin API key",
            format!(
                "Set api_key in the provider \"openai\" block or the {ENV_API_KEY} \
                 environment variable. Admin keys start with sk-admin- and are created \
                 by an organization owner under Organization settings > Admin keys."
            ),
        );
        return Err(diags);
    };
    let mut client = ClientConfig::new(api_key, base_url);
    client.organization_id = organization_id;
    if let Some(retries) = resolve_number(config, "max_retries", ENV_MAX_RETRIES, &mut diags) {
        client.max_retries = retries.min(MAX_RETRIES_LIMIT) as u32;
    }
    if let Some(timeout) = resolve(config, "request_timeout", ENV_REQUEST_TIMEOUT, &mut diags) {
        match parse_duration(&timeout) {
            Ok(timeout) => client.request_timeout = timeout,
            Err(detail) => diags.error_at(
                AttributePath::attribute("request_timeout"),
                "Invalid request_timeout",
                detail,
            ),
        }
    }
    if let Some(rpm) = resolve_number(
        config,
        "max_requests_per_minute",
        ENV_MAX_REQUESTS_PER_MINUTE,
        &mut diags,
    ) {
        client.max_requests_per_minute = Some(rpm.clamp(1.0, 100_000.0) as u32);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(client)
}

/// A number attribute, else its environment variable (which must parse).
fn resolve_number(config: &Value, name: &str, env: &str, diags: &mut Diagnostics) -> Option<f64> {
    match config.get(name) {
        Value::Number(n) => Some(*n),
        Value::Unknown => {
            diags.error_at(
                AttributePath::attribute(name),
                format!("Provider attribute {name} is unknown"),
                "Provider configuration must be known at plan time.",
            );
            None
        }
        _ => {
            let text = std::env::var(env).ok().filter(|v| !v.trim().is_empty())?;
            match text.trim().parse::<f64>() {
                Ok(n) if n >= 0.0 && n.fract() == 0.0 => Some(n),
                _ => {
                    diags.error(
                        format!("Invalid {env}"),
                        format!("{env}={text:?} is not a whole number (it sets {name})."),
                    );
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut attrs: BTreeMap<String, Value> = schema()
            .attributes
            .iter()
            .map(|a| a.name)
            .map(|k| (k.to_string(), Value::Null))
            .collect();
        for (k, v) in pairs {
            attrs.insert(k.to_string(), v.clone());
        }
        Value::Object(attrs)
    }

    #[test]
    fn explicit_values_win() {
        let c = resolve_client_config(&config(&[
            ("api_key", Value::string("sk-admin-x")),
            ("base_url", Value::string("http://127.0.0.1:1/v1")),
            ("organization_id", Value::string("org_1")),
        ]))
        .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:1/v1");
        assert_eq!(c.organization_id.as_deref(), Some("org_1"));
    }

    #[test]
    fn bad_url_and_unknown_key_are_attribute_errors() {
        let diags = resolve_client_config(&config(&[
            ("api_key", Value::Unknown),
            ("base_url", Value::string("ftp://x")),
        ]))
        .unwrap_err();
        let paths: Vec<String> = diags
            .0
            .iter()
            .filter_map(|d| d.attribute.as_ref().map(|p| p.to_string()))
            .collect();
        assert!(paths.contains(&"base_url".to_string()));
        assert!(paths.contains(&"api_key".to_string()));
    }

    #[test]
    fn base_url_rules() {
        for ok in [
            "https://api.openai.com/v1",
            "https://api.openai.com/v1/",
            "https://gateway.corp:8443/openai/v1",
            "http://127.0.0.1:8080/v1",
            "http://localhost:8080/v1/",
            "http://[::1]:8080/v1",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        let rejected = |url: &str| check_base_url(url).unwrap_err();

        let plain = rejected("http://api.openai.com/v1");
        assert!(
            plain.contains("accepted only for loopback hosts"),
            "{plain}"
        );
        assert!(plain.contains("unencrypted"), "says why: {plain}");
        assert!(plain.contains("Use https://api.openai.com/v1."), "{plain}");

        let relative = rejected("api.openai.com/v1");
        assert!(relative.contains("has no scheme"), "{relative}");
        assert!(relative.contains("https://api.openai.com/v1"), "{relative}");

        assert!(rejected("ftp://example").contains("uses the scheme \"ftp\""));
        assert!(rejected("https://").contains("is not a URL"));

        let with_query = rejected("https://api.openai.com/v1?x=1");
        assert!(with_query.contains("query string"), "{with_query}");
        let with_credentials = rejected("https://user:hunter2@api.openai.com/v1");
        assert!(with_credentials.contains("must not contain credentials"));
        assert!(!with_credentials.contains("hunter2"), "{with_credentials}");
    }

    #[test]
    fn retry_and_timeout_settings() {
        let c = resolve_client_config(&config(&[
            ("api_key", Value::string("sk-admin-x")),
            ("max_retries", Value::Number(2.0)),
            ("request_timeout", Value::string("5s")),
        ]))
        .unwrap();
        assert_eq!(c.max_retries, 2);
        assert_eq!(c.request_timeout, std::time::Duration::from_secs(5));

        let diags = validate(&config(&[
            ("max_retries", Value::Number(-1.0)),
            ("request_timeout", Value::string("soon")),
            ("max_requests_per_minute", Value::Number(0.5)),
        ]));
        let paths: Vec<String> = diags
            .0
            .iter()
            .filter_map(|d| d.attribute.as_ref().map(|p| p.to_string()))
            .collect();
        assert_eq!(
            paths,
            ["max_retries", "request_timeout", "max_requests_per_minute"]
        );
    }
}
