//! The provider block: schema, validation, and resolution against the
//! environment into an API client configuration.

use std::sync::Arc;

use super::timeouts::parse_duration;
use crate::api::{ClientConfig, is_loopback};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::schema::{Attribute, Schema};
use crate::spellings;
use crate::value::{Type, Value};

pub const ENV_API_KEY: &str = "OPENAI_ADMIN_KEY";
/// Named for the Admin API, like `OPENAI_ADMIN_KEY`: see [`ENV_SDK_BASE_URL`].
pub const ENV_BASE_URL: &str = "OPENAI_ADMIN_BASE_URL";
/// The base URL variable of OpenAI's SDKs. Never read as the provider's
/// base URL: shells point it at inference gateways and proxies for model
/// calls, which must not receive the admin key (the official provider reads
/// no base URL variable at all). Only looked at to warn that it is ignored.
pub const ENV_SDK_BASE_URL: &str = "OPENAI_BASE_URL";
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
                 `OPENAI_ADMIN_KEY` environment variable. Never logged or stored in state. \
                 `admin_api_key` is the same setting under the official provider's name; \
                 set at most one of the two.",
            )
            .sensitive(),
            Attribute::optional(
                "admin_api_key",
                Type::String,
                "The official provider's spelling of `api_key` (OpenAI's `openai/openai` \
                 calls it `admin_api_key`), accepted so that its provider blocks work \
                 unchanged. Same meaning and default; set at most one of the two.",
            )
            .sensitive(),
            Attribute::optional(
                "base_url",
                Type::String,
                "Base URL of the Admin API, ending in `/v1`. Defaults to \
                 `OPENAI_ADMIN_BASE_URL`, then `https://api.openai.com/v1`. \
                 `OPENAI_BASE_URL` (the variable of OpenAI's SDKs, often pointing at an \
                 inference gateway) is ignored, with a warning. Must be an \
                 absolute `https://` URL; plain `http://` only for loopback hosts \
                 (the admin key would travel unencrypted). A host other than \
                 `*.openai.com` or loopback gets a warning, as it receives the admin key. \
                 A trailing slash is fine. Point it at the bundled fake \
                 (`openai-admin-fake`) to try configurations locally. \
                 `HTTPS_PROXY`/`NO_PROXY` are honoured.",
            ),
            Attribute::optional(
                "organization_id",
                Type::String,
                "Organization ID sent as the `OpenAI-Organization` header. Defaults \
                 to `OPENAI_ORG_ID`; optional, as admin keys belong to one organization. \
                 `organization` is the official provider's name for it; set at most one \
                 of the two.",
            ),
            Attribute::optional(
                "organization",
                Type::String,
                "The official provider's spelling of `organization_id`, accepted so that \
                 its provider blocks work unchanged. Same meaning and default; set at \
                 most one of the two.",
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
                 message on that endpoint only. An endpoint not learned yet gets one \
                 request at a time until a 429 teaches its budget or 11 answers show \
                 none, so a parallel first wave does not bounce; a 429 lowers a learned \
                 pace only when it shows a lower rate or a token almost due, not for \
                 random 429s; after a quiet minute it probes 25% faster.",
            )
            .validate_with(Arc::new(|v: &Value| match v {
                Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= 100_000.0 => Ok(()),
                _ => Err("must be a whole number from 1 to 100000".into()),
            })),
        ],
    )
    .with_official_spelling("api_key", "admin_api_key", false)
    .with_official_spelling("organization_id", "organization", false)
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

/// A configuration attribute, else its environment variable (read by
/// `read_env`), else `None`. An unknown configuration value is an error:
/// the client cannot wait.
fn resolve(
    config: &Value,
    name: &str,
    env: &str,
    read_env: &impl Fn(&str) -> Option<String>,
    diags: &mut Diagnostics,
) -> Option<String> {
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
        _ => read_env(env),
    }
}

/// A provider block resolved against the environment.
#[derive(Debug)]
pub struct Resolved {
    pub client: ClientConfig,
    /// How the configuration was found, worth a look (shown by
    /// ConfigureProvider, and by openai-admin on stderr).
    pub warnings: Diagnostics,
}

impl From<ClientConfig> for Resolved {
    fn from(client: ClientConfig) -> Self {
        Resolved {
            client,
            warnings: Diagnostics::new(),
        }
    }
}

/// Where the base URL came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseUrlSource {
    Config,
    Environment,
    Default,
}

/// Resolves the provider block and environment into a client configuration.
pub fn resolve_client_config(config: &Value) -> Result<Resolved, Diagnostics> {
    resolve_with_env(config, |name| std::env::var(name).ok())
}

/// [`resolve_client_config`] with the environment read from `env`.
fn resolve_with_env(
    config: &Value,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Resolved, Diagnostics> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let mut diags = validate(config);
    // The official provider's names read as ours from here on.
    let config = &spellings::ours(&schema().spellings, config);
    let api_key = resolve(config, "api_key", ENV_API_KEY, &env, &mut diags);
    let configured_url = config
        .get_str("base_url")
        .is_some_and(|url| !url.is_empty());
    let (base_url, source) = match resolve(config, "base_url", ENV_BASE_URL, &env, &mut diags) {
        Some(url) if configured_url => (url, BaseUrlSource::Config),
        Some(url) => (url, BaseUrlSource::Environment),
        None => (DEFAULT_BASE_URL.to_owned(), BaseUrlSource::Default),
    };
    let organization_id = resolve(config, "organization_id", ENV_ORG_ID, &env, &mut diags);
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
    let mut warnings = Diagnostics::new();
    if source == BaseUrlSource::Default && env(ENV_SDK_BASE_URL).is_some() {
        warnings.warning(
            format!("{ENV_SDK_BASE_URL} is ignored"),
            format!(
                "{ENV_SDK_BASE_URL} is set, but this provider does not read it: it is the \
                 variable of OpenAI's SDKs for model requests, often pointing at an \
                 inference gateway or proxy, which must not receive the organization's \
                 admin key. Requests go to {DEFAULT_BASE_URL}. To send them elsewhere \
                 (such as the bundled fake), set base_url in the provider \"openai\" \
                 block or {ENV_BASE_URL}."
            ),
        );
    }
    if let Some(detail) = foreign_host_warning(&base_url, source) {
        warnings.warning("base_url is not an OpenAI host", detail);
    }
    let Some(api_key) = api_key else {
        diags.error_at(
            AttributePath::attribute("api_key"),
            "Missing OpenAI Admin API key",
            format!(
                "Set api_key (or admin_api_key) in the provider \"openai\" block or the \
                 {ENV_API_KEY} \
                 environment variable. Admin keys start with sk-admin- and are created \
                 by an organization owner under Organization settings > Admin keys."
            ),
        );
        return Err(diags);
    };
    let mut client = ClientConfig::new(api_key, base_url);
    client.organization_id = organization_id;
    if let Some(retries) = resolve_number(config, "max_retries", ENV_MAX_RETRIES, &env, &mut diags)
    {
        client.max_retries = retries.min(MAX_RETRIES_LIMIT) as u32;
    }
    if let Some(timeout) = resolve(
        config,
        "request_timeout",
        ENV_REQUEST_TIMEOUT,
        &env,
        &mut diags,
    ) {
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
        &env,
        &mut diags,
    ) {
        client.max_requests_per_minute = Some(rpm.clamp(1.0, 100_000.0) as u32);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Resolved { client, warnings })
}

/// Why a base URL whose host is neither OpenAI's nor loopback deserves a
/// second look: every request hands it the admin key. `None` otherwise.
fn foreign_host_warning(base_url: &str, source: BaseUrlSource) -> Option<String> {
    let parsed = reqwest::Url::parse(base_url).ok()?;
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if host == "openai.com" || host.ends_with(".openai.com") || is_loopback(&parsed) {
        return None;
    }
    let from = match source {
        BaseUrlSource::Environment => format!(" (from {ENV_BASE_URL})"),
        BaseUrlSource::Config | BaseUrlSource::Default => String::new(),
    };
    Some(format!(
        "base_url = {base_url:?}{from} is neither OpenAI's API (api.openai.com, or another \
         *.openai.com host) nor a loopback address, and every request sends it the \
         organization's admin key. Make sure it is the Admin API, or a proxy you trust \
         with that key."
    ))
}

/// A number attribute, else its environment variable (which must parse).
fn resolve_number(
    config: &Value,
    name: &str,
    env: &str,
    read_env: &impl Fn(&str) -> Option<String>,
    diags: &mut Diagnostics,
) -> Option<f64> {
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
            let text = read_env(env).filter(|v| !v.trim().is_empty())?;
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
        assert_eq!(c.client.base_url, "http://127.0.0.1:1/v1");
        assert_eq!(c.client.organization_id.as_deref(), Some("org_1"));
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
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

    /// Resolves `config` with only `vars` in the environment.
    fn resolve_in(config: &Value, vars: &[(&str, &str)]) -> Result<Resolved, Diagnostics> {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        resolve_with_env(config, |name| vars.get(name).cloned())
    }

    fn summaries(diags: &Diagnostics) -> Vec<&str> {
        diags.0.iter().map(|d| d.summary.as_str()).collect()
    }

    const FAKE: &str = "http://127.0.0.1:8080/v1";

    #[test]
    fn openai_base_url_is_ignored_with_a_warning_that_says_why() {
        let key = [("api_key", Value::string("sk-admin-x"))];
        let resolved = resolve_in(&config(&key), &[("OPENAI_BASE_URL", FAKE)]).unwrap();
        assert_eq!(resolved.client.base_url, DEFAULT_BASE_URL);
        assert_eq!(
            summaries(&resolved.warnings),
            ["OPENAI_BASE_URL is ignored"]
        );
        let warning = &resolved.warnings.0[0];
        assert_eq!(warning.severity, crate::diagnostics::Severity::Warning);
        for why in [
            "OpenAI's SDKs",
            "inference gateway",
            "must not receive the organization's admin key",
            "Requests go to https://api.openai.com/v1",
            "OPENAI_ADMIN_BASE_URL",
        ] {
            assert!(warning.detail.contains(why), "{why}: {}", warning.detail);
        }

        // Set elsewhere, it changes nothing and needs no warning.
        let both = resolve_in(
            &config(&key),
            &[
                ("OPENAI_BASE_URL", "https://gateway.example/v1"),
                ("OPENAI_ADMIN_BASE_URL", FAKE),
            ],
        )
        .unwrap();
        assert_eq!(both.client.base_url, FAKE);
        assert!(both.warnings.is_empty(), "{:?}", both.warnings);
        let configured = config(&[key[0].clone(), ("base_url", Value::string(FAKE))]);
        let resolved =
            resolve_in(&configured, &[("OPENAI_BASE_URL", "https://gw.example/v1")]).unwrap();
        assert_eq!(resolved.client.base_url, FAKE);
        assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);
    }

    #[test]
    fn openai_admin_base_url_sets_the_base_url_and_is_checked() {
        let key = config(&[("api_key", Value::string("sk-admin-x"))]);
        let resolved = resolve_in(&key, &[("OPENAI_ADMIN_BASE_URL", FAKE)]).unwrap();
        assert_eq!(resolved.client.base_url, FAKE);
        assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);

        let diags = resolve_in(
            &key,
            &[("OPENAI_ADMIN_BASE_URL", "http://api.openai.com/v1")],
        )
        .unwrap_err();
        assert!(
            diags.0[0].detail.ends_with("(from OPENAI_ADMIN_BASE_URL)"),
            "{diags:?}"
        );
    }

    #[test]
    fn a_host_neither_openai_nor_loopback_gets_a_warning() {
        let with_url = |url: &str| {
            config(&[
                ("api_key", Value::string("sk-admin-x")),
                ("base_url", Value::string(url)),
            ])
        };
        for quiet in [
            "https://api.openai.com/v1",
            "https://API.OpenAI.com./v1",
            "https://eu.api.openai.com/v1",
            "http://localhost:8080/v1",
            "http://[::1]:8080/v1",
            FAKE,
        ] {
            let resolved = resolve_in(&with_url(quiet), &[]).unwrap();
            assert!(
                resolved.warnings.is_empty(),
                "{quiet}: {:?}",
                resolved.warnings
            );
        }
        for foreign in [
            "https://gateway.corp:8443/openai/v1",
            "https://api.openai.com.evil.example/v1",
            "https://notopenai.com/v1",
        ] {
            let resolved = resolve_in(&with_url(foreign), &[]).unwrap();
            assert_eq!(
                summaries(&resolved.warnings),
                ["base_url is not an OpenAI host"],
                "{foreign}"
            );
            let detail = &resolved.warnings.0[0].detail;
            assert!(
                detail.contains(&format!("base_url = {foreign:?} is neither")),
                "{detail}"
            );
            assert!(
                detail.contains("sends it the organization's admin key"),
                "{detail}"
            );
        }
        let key = config(&[("api_key", Value::string("sk-admin-x"))]);
        let from_env =
            resolve_in(&key, &[("OPENAI_ADMIN_BASE_URL", "https://gw.example/v1")]).unwrap();
        assert!(
            from_env.warnings.0[0]
                .detail
                .contains("\"https://gw.example/v1\" (from OPENAI_ADMIN_BASE_URL)"),
            "{:?}",
            from_env.warnings
        );
    }

    #[test]
    fn retry_and_timeout_settings() {
        let c = resolve_client_config(&config(&[
            ("api_key", Value::string("sk-admin-x")),
            ("max_retries", Value::Number(2.0)),
            ("request_timeout", Value::string("5s")),
        ]))
        .unwrap();
        assert_eq!(c.client.max_retries, 2);
        assert_eq!(c.client.request_timeout, std::time::Duration::from_secs(5));

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
