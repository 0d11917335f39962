//! Configuration mistakes in the provider block fail within seconds and
//! name the setting to fix: a base URL where nothing listens, a host that
//! does not resolve, https to a plain-HTTP server, a wrong path, a plain
//! http URL over the network, and proxies.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::support::{API_KEY, HeadRecorder, Workspace, combined};

/// Far below the minute of patient retries a transient failure gets.
const FAILS_WITHIN: Duration = Duration::from_secs(10);

const DATA_SOURCE: &str = r#"
data "openai_project_role" "member" {
  project_id = "proj_alpha"
  name       = "member"
}
"#;

const ROLE: &str = r#"
resource "openai_project_role" "auditor" {
  project_id  = "proj_alpha"
  name        = "Auditor"
  permissions = ["api.files.read"]
}
"#;

/// Proxy variables of the machine running the tests must not leak in.
const PROXY_VARIABLES: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// A provider block with `base_url` and the fake's key, then `rest`.
fn with_base_url(ws: &Workspace, base_url: &str, rest: &str) {
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{base_url}\"\n  api_key  = \"{API_KEY}\"\n}}\n{rest}"
    ));
}

/// Runs terraform with `env` set (and no proxy variables otherwise);
/// returns how long it took, whether it succeeded, and its output.
fn timed(ws: &Workspace, args: &[&str], env: &[(&str, &str)]) -> (Duration, bool, String) {
    let mut command = ws.command(args);
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let started = Instant::now();
    let out = command.output().expect("run terraform");
    (started.elapsed(), out.status.success(), combined(&out))
}

/// Runs `terraform plan`, expecting it to fail fast; returns its output.
fn plan_fails_fast(ws: &Workspace, env: &[(&str, &str)]) -> String {
    let (elapsed, ok, out) = timed(ws, &["plan", "-no-color"], env);
    assert!(!ok, "plan unexpectedly succeeded:\n{out}");
    assert!(
        elapsed < FAILS_WITHIN,
        "took {elapsed:?} to fail (the patient retry path?):\n{out}"
    );
    out
}

/// `host:port` on loopback where nothing listens.
fn closed_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    drop(listener);
    address
}

fn assert_blames_configuration(out: &str) {
    assert!(out.contains("base_url"), "{out}");
    assert!(out.contains("OPENAI_ADMIN_BASE_URL"), "{out}");
    assert!(
        out.contains("most likely a configuration mistake rather than an outage"),
        "{out}"
    );
    assert!(!out.contains("This is likely temporary"), "{out}");
}

#[test]
fn a_port_where_nothing_listens_fails_in_seconds_naming_the_url() {
    let ws = Workspace::new();
    let address = closed_address();
    with_base_url(&ws, &format!("http://{address}/v1"), DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[]);
    assert!(
        out.contains(
            "Error: Failed to list the roles of project proj_alpha: cannot reach the OpenAI API"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!("cannot connect to http://{address}/v1/")),
        "names the URL tried: {out}"
    );
    assert!(out.contains("connection refused"), "{out}");
    assert!(
        out.contains(&format!(
            "Nothing is listening at {address}: check the host and port of base_url"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "of base_url = \"http://{address}/v1\" (set in the provider"
        )),
        "{out}"
    );
    assert_blames_configuration(&out);
}

#[test]
fn a_host_that_does_not_resolve_fails_in_seconds() {
    let ws = Workspace::new();
    // `.invalid` never resolves (RFC 6761).
    with_base_url(&ws, "https://api.openai-typo.invalid/v1", DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[]);
    assert!(
        out.contains("cannot connect to https://api.openai-typo.invalid/v1/"),
        "{out}"
    );
    assert!(
        out.contains("The host name api.openai-typo.invalid does not resolve"),
        "{out}"
    );
    assert!(out.contains("https://api.openai.com/v1"), "{out}");
    assert_blames_configuration(&out);
}

#[test]
fn https_to_the_plain_http_fake_suggests_http() {
    let ws = Workspace::new();
    let https = ws.fake.base_url().replace("http://", "https://");
    with_base_url(&ws, &https, DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[]);
    assert!(out.contains("does not speak TLS"), "{out}");
    assert!(
        out.contains(&format!("needs base_url = \"{}\"", ws.fake.base_url())),
        "{out}"
    );
    assert_blames_configuration(&out);
}

#[test]
fn a_wrong_path_blames_the_base_url_not_the_project() {
    let ws = Workspace::new();
    let fake = ws.fake.base_url();
    let host = fake.trim_end_matches("/v1");
    for (base_url, shown) in [
        (format!("{host}/v2"), format!("{host}/v2")),
        (host.to_owned(), host.to_owned()),
        (format!("{host}/"), host.to_owned()),
    ] {
        with_base_url(&ws, &base_url, DATA_SOURCE);
        let out = plan_fails_fast(&ws, &[]);
        assert!(
            out.contains(
                "Failed to list the roles of project proj_alpha: the API does not know this URL"
            ),
            "{base_url}: {out}"
        );
        assert!(out.contains("Invalid URL (GET /"), "{out}");
        assert!(
            out.contains(&format!("The server at {shown} does not know this URL")),
            "{out}"
        );
        assert!(out.contains(&format!("did you mean {fake}?")), "{out}");
        assert!(out.contains("OPENAI_ADMIN_BASE_URL"), "{out}");
        assert!(!out.contains("Project not found"), "{out}");
        assert!(!out.contains("no project"), "{out}");
    }
}

#[test]
fn a_wrong_path_never_drops_resources_from_state() {
    let ws = Workspace::new();
    ws.write(ROLE);
    ws.apply();
    let before = ws.state_list();

    let wrong = ws.fake.base_url().replace("/v1", "/v2");
    with_base_url(&ws, &wrong, ROLE);
    let (_, ok, out) = timed(
        &ws,
        &["apply", "-refresh-only", "-auto-approve", "-no-color"],
        &[],
    );
    assert!(!ok, "{out}");
    assert!(out.contains("the API does not know this URL"), "{out}");
    assert!(!out.contains("no longer exists"), "{out}");
    assert_eq!(ws.state_list(), before, "the refresh removed nothing");

    ws.write(ROLE);
    ws.assert_plan_empty();
}

#[test]
fn plain_http_is_refused_at_plan_time_except_on_loopback() {
    let ws = Workspace::new();
    with_base_url(&ws, "http://api.openai.com/v1", DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[]);
    assert!(out.contains("Error: Invalid base_url"), "{out}");
    assert!(out.contains("accepted only for loopback hosts"), "{out}");
    assert!(out.contains("unencrypted"), "says why: {out}");
    assert!(out.contains("Use https://api.openai.com/v1."), "{out}");

    // The same from the environment.
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  api_key = \"{API_KEY}\"\n}}\n{DATA_SOURCE}"
    ));
    let out = plan_fails_fast(
        &ws,
        &[("OPENAI_ADMIN_BASE_URL", "http://api.openai.com/v1")],
    );
    assert!(out.contains("Error: Invalid base_url"), "{out}");
    assert!(out.contains("(from OPENAI_ADMIN_BASE_URL)"), "{out}");

    with_base_url(&ws, "api.openai.com/v1", DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[]);
    assert!(out.contains("has no scheme"), "{out}");

    // A trailing slash is fine, and loopback may be plain http.
    with_base_url(&ws, &format!("{}/", ws.fake.base_url()), ROLE);
    let (_, ok, out) = timed(&ws, &["apply", "-auto-approve", "-no-color"], &[]);
    assert!(ok, "{out}");
}

#[test]
fn a_proxy_that_refuses_is_named() {
    let ws = Workspace::new();
    let proxy = format!("http://{}", closed_address());
    with_base_url(&ws, "https://api.openai.com/v1", DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[("HTTPS_PROXY", &proxy)]);
    assert!(
        out.contains(&format!(
            "cannot connect to the proxy {proxy} (from HTTPS_PROXY) to reach \
             https://api.openai.com/v1/"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "The proxy {proxy} set in HTTPS_PROXY refused the connection"
        )),
        "{out}"
    );
    assert!(out.contains("add api.openai.com to NO_PROXY"), "{out}");
}

/// A proxy on loopback that records each request head and refuses every
/// tunnel with 403.
fn refusing_proxy() -> HeadRecorder {
    HeadRecorder::start(|_, _| {
        b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec()
    })
}

#[test]
fn https_proxy_is_honoured_with_its_credentials_never_shown() {
    let ws = Workspace::new();
    let proxy = refusing_proxy();
    with_base_url(&ws, "https://api.openai.com/v1", DATA_SOURCE);
    let with_credentials = format!("http://tf-user:proxy-secret-42@{}", proxy.address);
    let out = plan_fails_fast(&ws, &[("HTTPS_PROXY", &with_credentials)]);

    let heads = proxy.heads();
    assert!(
        (1..=3).contains(&heads.len()),
        "a few quick tries at most: {heads:?}"
    );
    for head in &heads {
        assert!(head.starts_with("CONNECT api.openai.com:443 "), "{head}");
        // base64("tf-user:proxy-secret-42")
        assert!(
            head.to_ascii_lowercase()
                .contains("proxy-authorization: basic dgytdxnlcjpwcm94es1zzwnyzxqtndi="),
            "{head}"
        );
        assert!(!head.contains(API_KEY), "the key stays inside the tunnel");
    }
    let shown = format!("http://{}", proxy.address);
    assert!(
        out.contains(&format!(
            "the proxy {shown} (from HTTPS_PROXY) did not connect to https://api.openai.com/v1/"
        )),
        "{out}"
    );
    assert!(
        out.contains("check HTTPS_PROXY and its credentials"),
        "{out}"
    );
    assert!(
        !out.contains("proxy-secret-42"),
        "credentials shown:\n{out}"
    );
}

#[test]
fn no_proxy_and_loopback_connect_directly() {
    let ws = Workspace::new();
    let dead_proxy = format!("http://{}", closed_address());

    // NO_PROXY: the API host is looked up directly instead of via the proxy.
    with_base_url(&ws, "https://api.openai-typo.invalid/v1", DATA_SOURCE);
    let out = plan_fails_fast(
        &ws,
        &[
            ("HTTPS_PROXY", &dead_proxy),
            ("NO_PROXY", "example.com,openai-typo.invalid"),
        ],
    );
    assert!(
        out.contains("The host name api.openai-typo.invalid does not resolve"),
        "{out}"
    );
    assert!(
        out.contains("HTTPS_PROXY is set, but api.openai-typo.invalid bypasses it"),
        "{out}"
    );

    // The local fake is never reached through a proxy.
    ws.write(ROLE);
    let (_, ok, out) = timed(
        &ws,
        &["apply", "-auto-approve", "-no-color"],
        &[
            ("HTTPS_PROXY", &dead_proxy),
            ("HTTP_PROXY", &dead_proxy),
            ("ALL_PROXY", &dead_proxy),
        ],
    );
    assert!(ok, "{out}");
}

#[test]
fn an_unsupported_proxy_is_a_configuration_error() {
    let ws = Workspace::new();
    with_base_url(&ws, "https://api.openai.com/v1", DATA_SOURCE);
    let out = plan_fails_fast(&ws, &[("ALL_PROXY", "socks5://user:hunter2@proxy:1080")]);
    assert!(
        out.contains(
            "ALL_PROXY names a socks5:// proxy; only http:// and https:// proxies are supported"
        ),
        "{out}"
    );
    assert!(!out.contains("hunter2"), "{out}");
}
