//! Turns API errors into diagnostics that say what to do next.
//!
//! A wrong base URL or proxy must read as a configuration mistake, with the
//! URL tried and the setting to fix, never as "try again later" or as a
//! missing project.

use crate::api::{ApiError, ErrorKind, Unreachable, UnreachableCause, is_loopback};
use crate::diagnostics::Diagnostics;

/// Where the base URL is set, as the hints name it.
const BASE_URL_SETTING: &str =
    "base_url in the provider \"openai\" block (or OPENAI_ADMIN_BASE_URL when base_url is not set)";

/// The base URL with its value, when the error knows it.
fn base_url_setting(base_url: &str) -> String {
    if base_url.is_empty() {
        BASE_URL_SETTING.to_owned()
    } else {
        format!(
            "base_url = \"{base_url}\" (set in the provider \"openai\" block, or by \
             OPENAI_ADMIN_BASE_URL when base_url is not set)"
        )
    }
}

/// `action` completes "Failed to ...", e.g. "create project role".
pub fn api_error(action: &str, error: &ApiError) -> Diagnostics {
    if let Some((reason, hint)) = configuration_problem(error) {
        return Diagnostics::from_error(
            format!("Failed to {action}: {reason}"),
            format!("{error}\n\n{hint}"),
        );
    }
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

/// For errors caused by the provider's connection settings: a short reason
/// for the summary and the hint saying what to fix.
fn configuration_problem(error: &ApiError) -> Option<(&'static str, String)> {
    if error.unknown_url {
        return Some((
            "the API does not know this URL",
            unknown_url_hint(&error.base_url),
        ));
    }
    let unreachable = error.unreachable.as_ref()?;
    Some((
        "cannot reach the OpenAI API",
        unreachable_hint(unreachable, &error.base_url),
    ))
}

fn unknown_url_hint(base_url: &str) -> String {
    if base_url.is_empty() {
        return format!(
            "The server does not know this URL, so the base URL looks wrong (the IDs in \
             the configuration were not checked). Check {BASE_URL_SETTING}."
        );
    }
    let suggestion = match with_v1(base_url) {
        Some(fixed) => format!("Admin API URLs end in /v1: did you mean {fixed}?"),
        None => "It ends in /v1 as expected: if it points at a gateway or proxy, check that \
                 it forwards these paths to the Admin API (https://api.openai.com/v1)."
            .to_owned(),
    };
    format!(
        "The server at {base_url} does not know this URL, so base_url looks wrong (the IDs \
         in the configuration were not checked). {suggestion} Fix {BASE_URL_SETTING}."
    )
}

/// `base_url` ending in `/v1`: a last segment such as `v2` replaced, `/v1`
/// appended otherwise. `None` when it already ends in `/v1`.
fn with_v1(base_url: &str) -> Option<String> {
    let trimmed = base_url.trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).ok()?;
    let path = url.path().trim_end_matches('/');
    if path.ends_with("/v1") {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    let is_version =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    Some(if is_version {
        format!("{}/v1", &trimmed[..trimmed.len() - last.len() - 1])
    } else {
        format!("{trimmed}/v1")
    })
}

fn unreachable_hint(unreachable: &Unreachable, base_url: &str) -> String {
    let setting = base_url_setting(base_url);
    let api_host = reqwest::Url::parse(&unreachable.url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let Unreachable {
        address,
        host,
        detail,
        ..
    } = unreachable;
    let mut hint = match (unreachable.proxy_used(), unreachable.cause) {
        (Some(proxy), UnreachableCause::Refused) => format!(
            "The proxy {} set in {} refused the connection: check {1}, or add {api_host} \
             to NO_PROXY to connect directly.",
            proxy.url, proxy.variable
        ),
        (Some(proxy), UnreachableCause::UnknownHost) => format!(
            "The host name {host} of the proxy set in {} does not resolve: check {0}, or \
             add {api_host} to NO_PROXY to connect directly.",
            proxy.variable
        ),
        (Some(proxy), UnreachableCause::NotTls | UnreachableCause::Tls) => format!(
            "The TLS connection to {api_host} through the proxy {} (from {}) failed. A \
             TLS-inspecting proxy needs its CA certificate in the system trust store; \
             otherwise check {setting}.",
            proxy.url, proxy.variable
        ),
        (Some(proxy), UnreachableCause::Other) => format!(
            "The proxy {} (from {}) did not open a connection to {api_host}: check {1} \
             and its credentials, or add {api_host} to NO_PROXY to connect directly.",
            proxy.url, proxy.variable
        ),
        (None, UnreachableCause::Refused) => format!(
            "Nothing is listening at {address}: check the host and port of \
             {setting}."
        ),
        (None, UnreachableCause::UnknownHost) => format!(
            "The host name {host} does not resolve: check it for typos in \
             {setting}. The OpenAI Admin API is at \
             https://api.openai.com/v1."
        ),
        (None, UnreachableCause::NotTls) => not_tls_hint(base_url, address),
        (None, UnreachableCause::Tls) => format!(
            "The TLS handshake with {address} failed ({detail}). If a TLS-inspecting proxy \
             or a private certificate authority is in the way, add its CA certificate to \
             the system trust store; otherwise check {setting}."
        ),
        (None, UnreachableCause::Other) => format!(
            "Check {setting}, and the network between this machine \
             and {address}."
        ),
    };
    if let Some(proxy) = unreachable.proxy.as_ref().filter(|proxy| !proxy.used) {
        hint.push_str(&format!(
            " ({} is set, but {api_host} bypasses it (NO_PROXY, or a loopback address), \
             so the connection was direct.)",
            proxy.variable
        ));
    }
    hint.push_str(if unreachable.never_answered {
        "\n\nThe API has not answered at all in this run, so this is most likely a \
         configuration mistake rather than an outage: running the command again will not \
         help until it is fixed."
    } else {
        "\n\nThe API answered earlier in this run, so this looks like a network problem \
         or an outage: run the command again later."
    });
    hint
}

/// `https://` to a server that answers in plain text: a local fake wants
/// `http://`; elsewhere the port is probably wrong.
fn not_tls_hint(base_url: &str, address: &str) -> String {
    let plain = base_url
        .strip_prefix("https://")
        .map(|rest| format!("http://{rest}"))
        .filter(|plain| reqwest::Url::parse(plain).is_ok_and(|url| is_loopback(&url)));
    match plain {
        Some(plain) => format!(
            "base_url is https://, but the server at {address} does not speak TLS. A local \
             plain-HTTP server such as the bundled fake needs base_url = \"{plain}\" \
             (plain http is accepted for loopback hosts only). Fix {BASE_URL_SETTING}."
        ),
        None => format!(
            "base_url is https://, but the server at {address} does not speak TLS: check \
             the host and port of {}.",
            base_url_setting(base_url)
        ),
    }
}

/// The error codes that mean "this already exists": a duplicate role name,
/// or a membership or assignment that is already there. The only place
/// that lists them.
///
/// Evidence: the published description documents only 200 and 429 for
/// these operations, and the API notes say it is unknown whether a
/// duplicate answers 400 or 409; these are the codes the bundled fake
/// answers (with 400, or 409 for role names when configured so). The
/// wording of a message is no evidence: "already at the maximum" or
/// "already archived" are refusals, so messages are not matched.
pub const ALREADY_EXISTS_CODES: &[&str] = &[
    "role_name_taken",
    "role_already_assigned",
    "user_already_in_group",
    "group_already_in_project",
    "user_already_in_project",
    // A second invite to a pending invite's email (the fake's code; after
    // an unclear create it is that create's invite).
    "invite_already_exists",
];

/// True for the API's "this already exists" answers: a 400 or 409 with one
/// of [`ALREADY_EXISTS_CODES`].
///
/// A 409 alone is not enough: OpenAI's SDKs retry it as a lock timeout
/// (openai-python `_base_client.py`, `_should_retry`: "Retry on lock
/// timeouts"), and so does the official provider's client
/// (`responseMetadataControlsRetry`), which departs from the description's
/// silence; a conflict without a known code is reported, never taken for
/// success.
pub fn is_already_exists(error: &ApiError) -> bool {
    matches!(error.kind, ErrorKind::InvalidRequest | ErrorKind::Conflict)
        && error
            .code
            .as_deref()
            .is_some_and(|code| ALREADY_EXISTS_CODES.contains(&code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ProxyNote;

    fn text(diags: &Diagnostics) -> (String, String) {
        let diag = &diags.0[0];
        (diag.summary.clone(), diag.detail.clone())
    }

    fn unknown_url(base_url: &str) -> ApiError {
        let body = br#"{"error":{"message":"Invalid URL (GET /v2/projects/proj_alpha/roles)","type":"invalid_request_error","param":null,"code":null}}"#;
        let mut error =
            ApiError::from_response("GET", "/projects/proj_alpha/roles", 404, body, None);
        error.base_url = base_url.to_owned();
        error
    }

    #[test]
    fn an_unknown_url_blames_the_base_url_and_suggests_v1() {
        let (summary, detail) = text(&api_error(
            "list the roles of project proj_alpha",
            &unknown_url("http://127.0.0.1:8080/v2"),
        ));
        assert_eq!(
            summary,
            "Failed to list the roles of project proj_alpha: the API does not know this URL"
        );
        assert!(detail.contains("Invalid URL (GET /v2/projects/proj_alpha/roles)"));
        assert!(
            detail.contains("The server at http://127.0.0.1:8080/v2 does not know this URL"),
            "{detail}"
        );
        assert!(
            detail.contains("did you mean http://127.0.0.1:8080/v1?"),
            "{detail}"
        );
        assert!(detail.contains("OPENAI_ADMIN_BASE_URL"), "{detail}");
        assert!(!detail.contains("Check the IDs"), "{detail}");

        let (_, detail) = text(&api_error("x", &unknown_url("https://api.openai.com/v1")));
        assert!(detail.contains("It ends in /v1 as expected"), "{detail}");
        let (_, detail) = text(&api_error("x", &unknown_url("")));
        assert!(detail.contains("the base URL looks wrong"), "{detail}");
    }

    #[test]
    fn v1_suggestions() {
        assert_eq!(
            with_v1("https://api.openai.com").as_deref(),
            Some("https://api.openai.com/v1")
        );
        assert_eq!(
            with_v1("https://api.openai.com/v2").as_deref(),
            Some("https://api.openai.com/v1")
        );
        assert_eq!(
            with_v1("https://gw.corp/openai").as_deref(),
            Some("https://gw.corp/openai/v1")
        );
        assert_eq!(
            with_v1("https://gw.corp/openai/v10/").as_deref(),
            Some("https://gw.corp/openai/v1")
        );
        assert_eq!(
            with_v1("https://gw.corp/video").as_deref(),
            Some("https://gw.corp/video/v1")
        );
        assert_eq!(with_v1("https://api.openai.com/v1"), None);
    }

    fn unreachable(
        cause: UnreachableCause,
        proxy: Option<ProxyNote>,
        never_answered: bool,
    ) -> ApiError {
        let mut error = ApiError::new(ErrorKind::Transport, "GET", "/projects/p/roles", "");
        error.base_url = "https://api.openai.com/v1".into();
        let details = Unreachable {
            cause,
            detail: "some detail".into(),
            url: "https://api.openai.com/v1/projects/p/roles".into(),
            address: "api.openai.com:443".into(),
            host: "api.openai.com".into(),
            proxy,
            never_answered,
        };
        error.message = details.to_string();
        error.unreachable = Some(details);
        error.request_not_sent = true;
        error
    }

    #[test]
    fn a_server_never_reached_is_a_configuration_mistake() {
        let (summary, detail) = text(&api_error(
            "read project role",
            &unreachable(UnreachableCause::Refused, None, true),
        ));
        assert_eq!(
            summary,
            "Failed to read project role: cannot reach the OpenAI API"
        );
        assert!(
            detail.contains("Nothing is listening at api.openai.com:443"),
            "{detail}"
        );
        assert!(
            detail.contains("of base_url = \"https://api.openai.com/v1\" (set in the provider"),
            "{detail}"
        );
        assert!(detail.contains("base_url") && detail.contains("OPENAI_ADMIN_BASE_URL"));
        assert!(
            detail.contains("most likely a configuration mistake"),
            "{detail}"
        );
        assert!(!detail.contains("likely temporary"), "{detail}");

        let (_, detail) = text(&api_error(
            "x",
            &unreachable(UnreachableCause::UnknownHost, None, true),
        ));
        assert!(detail.contains("The host name api.openai.com does not resolve"));

        let (_, later) = text(&api_error(
            "x",
            &unreachable(UnreachableCause::Refused, None, false),
        ));
        assert!(
            later.contains("The API answered earlier in this run"),
            "{later}"
        );
    }

    #[test]
    fn proxies_are_named() {
        let proxy = |used| ProxyNote {
            variable: "HTTPS_PROXY",
            url: "http://proxy.corp:3128".into(),
            used,
        };
        let (_, detail) = text(&api_error(
            "x",
            &unreachable(UnreachableCause::Refused, Some(proxy(true)), true),
        ));
        assert!(
            detail.contains(
                "The proxy http://proxy.corp:3128 set in HTTPS_PROXY refused the connection"
            ),
            "{detail}"
        );
        assert!(
            detail.contains("add api.openai.com to NO_PROXY"),
            "{detail}"
        );

        let (_, detail) = text(&api_error(
            "x",
            &unreachable(UnreachableCause::Refused, Some(proxy(false)), true),
        ));
        assert!(detail.contains("Nothing is listening at api.openai.com:443"));
        assert!(
            detail.contains("HTTPS_PROXY is set, but api.openai.com bypasses it"),
            "{detail}"
        );
    }

    #[test]
    fn https_to_a_local_plain_http_server_suggests_http() {
        let mut error = unreachable(UnreachableCause::NotTls, None, true);
        error.base_url = "https://127.0.0.1:8080/v1".into();
        let (_, detail) = text(&api_error("x", &error));
        assert!(
            detail.contains("needs base_url = \"http://127.0.0.1:8080/v1\""),
            "{detail}"
        );
        let error = unreachable(UnreachableCause::NotTls, None, true);
        let (_, detail) = text(&api_error("x", &error));
        assert!(detail.contains("check the host and port"), "{detail}");
    }

    fn refusal(status: u16, code: Option<&str>, message: &str) -> ApiError {
        let body = serde_json::json!({"error": {"message": message, "code": code}});
        ApiError::from_response("POST", "/x", status, body.to_string().as_bytes(), None)
    }

    #[test]
    fn only_known_codes_mean_already_exists() {
        let member = refusal(
            400,
            Some("user_already_in_group"),
            "User is already a member.",
        );
        assert!(is_already_exists(&member));
        let name = refusal(
            409,
            Some("role_name_taken"),
            "A role named 'x' already exists.",
        );
        assert!(is_already_exists(&name));
        // Refusals that merely say "already" are errors, not success.
        for (code, message) in [
            (
                None,
                "The group is already at the maximum number of members.",
            ),
            (Some("invalid_request"), "Project is already archived."),
            (Some("limit_reached"), "already at the maximum"),
        ] {
            assert!(
                !is_already_exists(&refusal(400, code, message)),
                "{message}"
            );
        }
        // A conflict without a known code is a lock timeout to OpenAI's SDKs.
        assert!(!is_already_exists(&refusal(409, None, "Conflict")));
        assert!(!is_already_exists(&refusal(
            404,
            Some("role_already_assigned"),
            "x"
        )));
    }

    #[test]
    fn other_transport_failures_are_still_temporary() {
        let timeout = ApiError::new(ErrorKind::Transport, "GET", "/x", "no response within 1s");
        let (summary, detail) = text(&api_error("read", &timeout));
        assert_eq!(summary, "Failed to read");
        assert!(detail.ends_with("This is likely temporary: run the command again."));
        let missing = ApiError::from_response(
            "GET",
            "/x",
            404,
            br#"{"error":{"message":"No such project","code":"project_not_found"}}"#,
            None,
        );
        let (_, detail) = text(&api_error("read", &missing));
        assert!(detail.contains("Check the IDs"), "{detail}");
    }
}
