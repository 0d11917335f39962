//! Where the admin key may go, and what may show of it: an error page that
//! echoes the Authorization header shows no part of the key (in the output
//! or in TF_LOG=trace logs), `OPENAI_BASE_URL` (OpenAI's SDK variable, often
//! an inference gateway) is ignored with a warning, `OPENAI_ADMIN_BASE_URL`
//! is read instead, and a host that is neither OpenAI's nor loopback warns.

use crate::support::{API_KEY, HeadRecorder, Workspace, combined};

/// An admin key of a real key's shape that reads as the fake it is (the
/// fake's own key would do, but a stub needs none, and a long secret part
/// makes the leak check meaningful).
const KEY: &str = "sk-admin-TEST-NOT-A-REAL-KEY-0123456789abcdefghijklmnopq";

/// The provider's quote of a body stops after this many characters.
const EXCERPT_CHARS: usize = 200;

/// How many characters of the key fall before the quote's cut: one offset
/// per request, in turn (two requests per data source: one retry, which
/// the provider logs with the error it retries).
const KEY_CHARS_BEFORE_THE_CUT: [usize; 5] = [4, 12, 20, 31, 50];

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

/// A misbehaving gateway on loopback: every request head is recorded, and
/// answered with a 502 HTML page that echoes the request's Authorization
/// header, placed so that it crosses the provider's quote limit after
/// `KEY_CHARS_BEFORE_THE_CUT[n]` characters of the key for the n-th request.
fn echoing_gateway() -> HeadRecorder {
    HeadRecorder::start(echo_authorization)
}

fn echo_authorization(head: &str, n: usize) -> Vec<u8> {
    let authorization = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("authorization")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    let before_cut = KEY_CHARS_BEFORE_THE_CUT[n % KEY_CHARS_BEFORE_THE_CUT.len()];
    let intro = "<html><body><h1>502 Bad Gateway</h1> <p>The upstream server did not answer. \
                 Request headers: Authorization: ";
    let bearer = "Bearer ".len();
    let padding = ".".repeat(EXCERPT_CHARS - intro.len() - bearer - before_cut);
    let body =
        format!("{intro}{padding}{authorization}</p><hr><address>gateway</address></body></html>");
    format!(
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The first 8-character piece of the key's secret part found in `text`.
fn leaked_piece(text: &str) -> Option<&'static str> {
    let secret = KEY.strip_prefix("sk-admin-").unwrap();
    (0..=secret.len() - 8)
        .map(|start| &secret[start..start + 8])
        .find(|piece| text.contains(piece))
}

fn data_sources() -> String {
    (0..KEY_CHARS_BEFORE_THE_CUT.len())
        .map(|n| {
            format!(
                "data \"openai_project_role\" \"r{n}\" {{\n  project_id = \"proj_{n}\"\n  \
                 name       = \"member\"\n}}\n"
            )
        })
        .collect()
}

#[test]
fn an_error_page_echoing_the_authorization_header_shows_no_part_of_the_key() {
    let ws = Workspace::new();
    let gateway = echoing_gateway();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url    = \"http://{}/v1\"\n  max_retries = 1\n}}\n{}",
        gateway.address,
        data_sources()
    ));
    let log = ws.path().join("trace.log");
    let out = ws
        .command(&["plan", "-no-color"])
        .env("OPENAI_ADMIN_KEY", KEY)
        .env("TF_LOG", "trace")
        .env("TF_LOG_PATH", &log)
        .output()
        .unwrap();
    let text = combined(&out);
    assert!(!out.status.success(), "{text}");
    assert_eq!(
        gateway.heads().len(),
        2 * KEY_CHARS_BEFORE_THE_CUT.len(),
        "two requests per data source: {text}"
    );
    assert!(
        gateway.heads().iter().all(|head| head.contains(KEY)),
        "the gateway got the key (and echoed it)"
    );
    assert!(text.contains("502 Bad Gateway"), "{text}");
    assert!(
        text.contains("Request headers: Authorization: ...."),
        "the page is quoted up to the key: {text}"
    );
    assert_eq!(leaked_piece(&text), None, "in the output: {text}");
    assert!(!text.contains("Bearer sk-adm"), "{text}");

    let trace = std::fs::read_to_string(&log).expect("TF_LOG_PATH written");
    assert!(
        trace.contains("retrying GET /projects/proj_0/roles")
            && trace.contains("Request headers: Authorization: ...."),
        "the trace log quotes the page in the provider's retry lines"
    );
    if let Some(piece) = leaked_piece(&trace) {
        let at = trace.find(piece).unwrap();
        let line_start = trace[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = trace[at..].find('\n').map_or(trace.len(), |i| at + i);
        panic!(
            "{piece:?} in the trace log: {}",
            &trace[line_start..line_end]
        );
    }
}

#[test]
fn openai_base_url_alone_is_ignored_with_a_warning() {
    let ws = Workspace::new();
    let proxy = echoing_gateway();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  max_retries = 0\n}}\n{}",
        data_sources()
    ));
    let mut command = ws.command(&["plan", "-no-color"]);
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    // If OPENAI_BASE_URL were read, the plan would read the fake (and
    // succeed); ignored, the requests go to api.openai.com, here through a
    // local proxy that records where they were going and refuses them.
    let out = command
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_BASE_URL", ws.fake.base_url())
        .env("HTTPS_PROXY", format!("http://{}", proxy.address))
        .output()
        .unwrap();
    let text = combined(&out);
    assert!(!out.status.success(), "{text}");
    assert_eq!(ws.handle().request_count(), 0, "the fake was not asked");
    let heads = proxy.heads();
    assert!(!heads.is_empty(), "{text}");
    for head in &heads {
        assert!(head.starts_with("CONNECT api.openai.com:443 "), "{head}");
        assert!(!head.contains(API_KEY), "the key stays inside the tunnel");
    }
    assert!(
        text.contains("Warning: OPENAI_BASE_URL is ignored"),
        "{text}"
    );
    assert!(
        text.contains(
            "it is the variable of OpenAI's SDKs for model requests, often pointing at an \
             inference gateway or proxy, which must not receive the organization's admin key"
        ),
        "says why: {text}"
    );
    assert!(
        text.contains("set base_url in the provider \"openai\" block or OPENAI_ADMIN_BASE_URL"),
        "{text}"
    );
}

#[test]
fn openai_admin_ignores_openai_base_url_with_a_warning_on_stderr() {
    let ws = Workspace::new();
    let proxy = echoing_gateway();
    let out_dir = ws.path().join("export");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_openai-admin"))
        .args(["export", "--out", out_dir.to_str().unwrap(), "-q"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_MAX_RETRIES", "0")
        .env("OPENAI_BASE_URL", ws.fake.base_url())
        .env("HTTPS_PROXY", format!("http://{}", proxy.address))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(ws.handle().request_count(), 0, "the fake was not asked");
    let heads = proxy.heads();
    assert!(!heads.is_empty(), "{stderr}");
    assert!(
        heads
            .iter()
            .all(|head| head.starts_with("CONNECT api.openai.com:443 ")),
        "{heads:?}"
    );
    let warning = stderr
        .lines()
        .find(|line| line.starts_with("openai-admin: warning: OPENAI_BASE_URL is ignored: "))
        .unwrap_or_else(|| panic!("no warning line: {stderr}"));
    assert!(warning.contains("inference gateway"), "{warning}");
    assert!(warning.contains("OPENAI_ADMIN_BASE_URL"), "{warning}");
    assert!(!out_dir.exists());
}

#[test]
fn openai_admin_base_url_is_read_and_a_foreign_host_warns() {
    const ROLE: &str = r#"
resource "openai_project_role" "auditor" {
  project_id  = "proj_alpha"
  name        = "Auditor"
  permissions = ["api.files.read"]
}
"#;
    let ws = Workspace::new();
    ws.write_raw(&format!("provider \"openai\" {{}}\n{ROLE}"));
    let out = ws
        .command(&["apply", "-auto-approve", "-no-color"])
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", ws.fake.base_url())
        // Beside OPENAI_ADMIN_BASE_URL it changes nothing, and needs no warning.
        .env("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
        .output()
        .unwrap();
    let text = combined(&out);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("is ignored"), "{text}");
    assert!(!text.contains("not an OpenAI host"), "{text}");
    assert_eq!(ws.handle().custom_project_roles("proj_alpha").len(), 1);

    // A gateway that is neither OpenAI nor loopback: planning a create asks
    // no API, so the host need not exist to show the warning.
    let ws = Workspace::new();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"https://llm-gateway.example.invalid/v1\"\n  \
         api_key  = \"{API_KEY}\"\n}}\n{ROLE}"
    ));
    let text = ws.ok(&["plan", "-no-color"]);
    assert!(
        text.contains("Warning: base_url is not an OpenAI host"),
        "{text}"
    );
    assert!(
        text.contains(
            "base_url = \"https://llm-gateway.example.invalid/v1\" is neither OpenAI's API \
             (api.openai.com, or another *.openai.com host) nor a loopback address, and every \
             request sends it the organization's admin key"
        ),
        "{text}"
    );
    assert!(text.contains("1 to add"), "{text}");
}
