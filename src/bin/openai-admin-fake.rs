//! openai-admin-fake: runs the local fake of the OpenAI Admin API
//! (`tfopenai::fake`, whose module docs describe the built-in organization)
//! until SIGINT/SIGTERM, serving the built-in organization or one loaded
//! from a fixture file (`tfopenai::fake::fixture`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tfopenai::fake::{
    DEFAULT_API_KEY, FakeConfig, FakeServer, Fixture, RateLimitScope, RateLimitSignal,
};

const USAGE: &str = r#"Usage: openai-admin-fake [OPTIONS]

Serves a fake OpenAI Admin API on 127.0.0.1: roles, group and user role assignments,
groups and their members, projects, project groups and project users, users,
invites, project service accounts, project API keys, admin API keys.

Built-in organization org_fake (served unless --fixture names another; rebuilt
on start and on POST /__fake/reset):
  projects   proj_alpha, proj_beta (active), proj_legacy (archived)
  groups     group_engineering, group_support, group_finance, group_contractors,
             group_sales (SCIM-managed: the API refuses to change it)
  users      user_alice (owner), user_bob, user_carol, user_dee, user_erin
             (<name>@example.com)
  invites    invite-fixtureFrank000000000 (frank@example.com, pending)
  service    svc_acct_fixtureDeployBot0000000 (deploy-bot, proj_alpha) with key
  accounts   key_fixtureDeployBot000000000; key_fixtureBobLaptop000000000 (user_bob,
             proj_beta)

Fixture file (--fixture FILE): JSON, as `openai-admin snapshot` writes it, ids kept
verbatim; POST /__fake/reset goes back to it. Unknown fields are errors; fields
marked ? may be left out; timestamps are unix seconds.
  {"version": 1, "organization_id"?: "org_...",
   "users"?:    [{id, name, email, role?: owner|reader, added_at?}],
   "groups"?:   [{id, name, created_at?, scim_managed?, members?: [user id]}],
   "projects"?: [{id, name, created_at?, archived_at?,
                  groups?: [{group_id, created_at?}],
                  users?:  [{user_id, role: owner|member, added_at?}]}],
   "roles"?:    [{id, name, permissions: ["api.<area>.<action>", ..], description?,
                  project_id?, predefined?, created_at?, updated_at?}],
   "group_assignments"?: [{project_id?, principal_id: group id, role_id}],
   "user_assignments"?:  [{project_id?, principal_id: user id, role_id}],
   "collections"?: {"invites"|"service_accounts"|"project_api_keys"|"admin_api_keys":
                    [objects as the API serves them, + project_id below a project]}}
A scope (the organization, a project) listing no predefined role gets the fake's
owner/member/viewer ones (e.g. role-api-project-member). A group's join role in a
project is one of its group_assignments there. Permissions the fake does not know
are accepted (a note on stderr lists them), here and in roles created later. A bad
file is refused (exit 2) with the JSON location of the problem, e.g.
groups[3].members[1]: no user "user_x".

Options:
  --fixture FILE     organization to serve            [env OPENAI_FAKE_FIXTURE, default built-in]
  --port N           port to listen on, 0 = random    [env OPENAI_FAKE_PORT, default 0]
  --api-key K        accepted admin key               [env OPENAI_FAKE_API_KEY, default sk-admin-fake-local]
  --page-size N      max items per list page          [env OPENAI_FAKE_PAGE_SIZE, default 100]
  --rate-429 F       probability of a 429 (0..1)      [env OPENAI_FAKE_RATE_429, default 0]
  --retry-after S    Retry-After seconds on 429s      [env OPENAI_FAKE_RETRY_AFTER, default 1]
  --rate-5xx F       probability of a 503 (0..1)      [env OPENAI_FAKE_RATE_5XX, default 0]
  --rate-5xx-after-apply F
                     probability that a request is applied, then
                     answered with a 503 (0..1)       [env OPENAI_FAKE_RATE_5XX_AFTER_APPLY, default 0]
  --rate-limit-per-minute R
                     server-side limit on /v1 requests (a token
                     bucket); 429 beyond it, 0 = none [env OPENAI_FAKE_RATE_LIMIT_PER_MINUTE, default 0]
  --rate-limit-burst N
                     requests allowed back to back    [env OPENAI_FAKE_RATE_LIMIT_BURST, default 1]
  --rate-limit-scope global|per_route
                     one bucket for all requests, or
                     one per route (METHOD /template),
                     each R/min, burst N, as the real
                     API limits each endpoint         [env OPENAI_FAKE_RATE_LIMIT_SCOPE, default global]
  --rate-limit-signal retry_after|retry_after_ms|message
                     how a rate-limit 429 tells its
                     wait: Retry-After (whole seconds),
                     Retry-After-Ms, or only the message
                     ("... Please try again after
                     6.937 seconds.", no header), as
                     the real API often answers       [env OPENAI_FAKE_RATE_LIMIT_SIGNAL, default retry_after]
  --consistency-delay-ms N
                     reads miss whatever the API
                     created for this long            [env OPENAI_FAKE_CONSISTENCY_DELAY_MS, default 0]
  --latency-ms N     added latency per request        [env OPENAI_FAKE_LATENCY_MS, default 0]
  --seed N           seed for random faults           [env OPENAI_FAKE_SEED, default 0]
  -h, --help         print this help

Control endpoints (no auth): GET /__fake/state, GET /__fake/stats,
GET|POST /__fake/faults, POST /__fake/reset, GET /__fake/health,
GET /__fake/issued_keys (every key value handed out, once, by a create),
POST /__fake/invites/{id}/accept (body {"name": ..} optional) and .../expire.
"#;

struct Args {
    port: u16,
    config: FakeConfig,
    /// Read and validated by [`load_fixture`] once the flags parse.
    fixture: Option<PathBuf>,
}

/// Command-line flags, each falling back to its environment variable.
fn parse_args(argv: &[String]) -> Result<Option<Args>, String> {
    let mut port: u16 = env_or("OPENAI_FAKE_PORT", 0)?;
    let mut fixture = std::env::var_os("OPENAI_FAKE_FIXTURE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let mut config = FakeConfig {
        api_key: std::env::var("OPENAI_FAKE_API_KEY").unwrap_or_else(|_| DEFAULT_API_KEY.into()),
        page_size: env_or("OPENAI_FAKE_PAGE_SIZE", 100)?,
        latency: Duration::from_millis(env_or("OPENAI_FAKE_LATENCY_MS", 0)?),
        read_after_write_delay: Duration::from_millis(env_or(
            "OPENAI_FAKE_CONSISTENCY_DELAY_MS",
            0,
        )?),
        ..FakeConfig::default()
    };
    let mut rate_limit: u32 = env_or("OPENAI_FAKE_RATE_LIMIT_PER_MINUTE", 0)?;
    config.faults.rate_429 = env_or("OPENAI_FAKE_RATE_429", 0.0)?;
    config.faults.retry_after_secs = env_or("OPENAI_FAKE_RETRY_AFTER", 1)?;
    config.faults.rate_5xx = env_or("OPENAI_FAKE_RATE_5XX", 0.0)?;
    config.faults.seed = env_or("OPENAI_FAKE_SEED", 0)?;
    config.faults.rate_5xx_after_apply = env_or("OPENAI_FAKE_RATE_5XX_AFTER_APPLY", 0.0)?;
    config.faults.rate_limit_burst = env_or("OPENAI_FAKE_RATE_LIMIT_BURST", 1)?;
    config.faults.rate_limit_scope =
        env_or("OPENAI_FAKE_RATE_LIMIT_SCOPE", RateLimitScope::Global)?;
    config.faults.rate_limit_signal =
        env_or("OPENAI_FAKE_RATE_LIMIT_SIGNAL", RateLimitSignal::RetryAfter)?;

    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        // Accept both `--flag value` and `--flag=value`.
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name {
            "--port" => port = parse(name, &value()?)?,
            "--fixture" => fixture = Some(PathBuf::from(value()?)),
            "--api-key" => config.api_key = value()?,
            "--page-size" => config.page_size = parse(name, &value()?)?,
            "--rate-429" => config.faults.rate_429 = parse(name, &value()?)?,
            "--retry-after" => config.faults.retry_after_secs = parse(name, &value()?)?,
            "--rate-5xx" => config.faults.rate_5xx = parse(name, &value()?)?,
            "--rate-5xx-after-apply" => {
                config.faults.rate_5xx_after_apply = parse(name, &value()?)?;
            }
            "--rate-limit-per-minute" => rate_limit = parse(name, &value()?)?,
            "--rate-limit-burst" => config.faults.rate_limit_burst = parse(name, &value()?)?,
            "--rate-limit-scope" => config.faults.rate_limit_scope = parse(name, &value()?)?,
            "--rate-limit-signal" => config.faults.rate_limit_signal = parse(name, &value()?)?,
            "--consistency-delay-ms" => {
                config.read_after_write_delay = Duration::from_millis(parse(name, &value()?)?);
            }
            "--latency-ms" => config.latency = Duration::from_millis(parse(name, &value()?)?),
            "--seed" => config.faults.seed = parse(name, &value()?)?,
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if config.page_size == 0 {
        return Err("--page-size must be at least 1".into());
    }
    config.faults.rate_limit_per_minute = (rate_limit > 0).then_some(rate_limit);
    for rate in [
        config.faults.rate_429,
        config.faults.rate_5xx,
        config.faults.rate_5xx_after_apply,
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("fault rates must be within 0..1, got {rate}"));
        }
    }
    Ok(Some(Args {
        port,
        config,
        fixture,
    }))
}

/// Reads and validates a fixture file; the message names the file and
/// where in it the problem is.
fn load_fixture(path: &Path) -> Result<Fixture, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read fixture {}: {e}", path.display()))?;
    Fixture::from_json(&text).map_err(|e| format!("fixture {}: {e}", path.display()))
}

/// One line per permission the fixture uses that the fake's catalogue
/// lacks: accepted, but worth a look in a hand-written file (a typo?).
fn uncatalogued_notes(path: &Path, fixture: &Fixture) -> Vec<String> {
    fixture
        .uncatalogued_permissions()
        .into_iter()
        .map(|(at, permission)| {
            format!(
                "note: fixture {}: {at}: {permission:?} is not a permission the fake knows; \
                 accepted as one of a newer API (also in roles created later)",
                path.display()
            )
        })
        .collect()
}

fn parse<T: std::str::FromStr>(name: &str, raw: &str) -> Result<T, String> {
    raw.parse()
        .map_err(|_| format!("invalid value '{raw}' for {name}"))
}

fn env_or<T: std::str::FromStr>(var: &str, default: T) -> Result<T, String> {
    match std::env::var(var) {
        Ok(raw) if !raw.is_empty() => parse(var, &raw),
        _ => Ok(default),
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut args = match parse_args(&argv) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("openai-admin-fake: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &args.fixture {
        match load_fixture(path) {
            Ok(fixture) => {
                for note in uncatalogued_notes(path, &fixture) {
                    eprintln!("openai-admin-fake: {note}");
                }
                args.config.fixture = Some(Arc::new(fixture));
            }
            Err(e) => {
                eprintln!("openai-admin-fake: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if !args.config.api_key.starts_with("sk-admin-") {
        eprintln!(
            "openai-admin-fake: warning: --api-key does not start with sk-admin-; \
             every request will be refused with 403"
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("openai-admin-fake: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match FakeServer::start(args.port, args.config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "openai-admin-fake: cannot listen on 127.0.0.1:{}: {e}",
                    args.port
                );
                return ExitCode::FAILURE;
            }
        };
        // Scripts wait for exactly this line to learn the address.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "openai-admin-fake listening on {}", server.base_url());
        let _ = out.flush();
        drop(out);
        shutdown_signal().await;
        server.shutdown().await;
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Option<Args>, String> {
        parse_args(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_flags() {
        let a = args(&[
            "--port",
            "8089",
            "--api-key=sk-admin-x",
            "--page-size",
            "3",
            "--rate-429",
            "0.5",
            "--retry-after",
            "9",
            "--rate-5xx",
            "0.1",
            "--latency-ms",
            "20",
            "--rate-5xx-after-apply=0.25",
            "--rate-limit-per-minute",
            "8",
            "--rate-limit-burst",
            "2",
            "--rate-limit-scope",
            "per_route",
            "--rate-limit-signal=message",
            "--consistency-delay-ms",
            "1500",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.port, 8089);
        assert_eq!(a.config.api_key, "sk-admin-x");
        assert_eq!(a.config.page_size, 3);
        assert_eq!(a.config.faults.rate_429, 0.5);
        assert_eq!(a.config.faults.retry_after_secs, 9);
        assert_eq!(a.config.faults.rate_5xx, 0.1);
        assert_eq!(a.config.latency, Duration::from_millis(20));
        assert_eq!(a.config.faults.rate_5xx_after_apply, 0.25);
        assert_eq!(a.config.faults.rate_limit_per_minute, Some(8));
        assert_eq!(a.config.faults.rate_limit_burst, 2);
        assert_eq!(a.config.faults.rate_limit_scope, RateLimitScope::PerRoute);
        assert_eq!(a.config.faults.rate_limit_signal, RateLimitSignal::Message);
        assert_eq!(a.config.read_after_write_delay, Duration::from_millis(1500));
        let defaults = args(&[]).unwrap().unwrap();
        assert_eq!(defaults.config.faults.rate_limit_per_minute, None);
        assert_eq!(
            defaults.config.faults.rate_limit_scope,
            RateLimitScope::Global
        );
        assert_eq!(
            defaults.config.faults.rate_limit_signal,
            RateLimitSignal::RetryAfter
        );
        assert_eq!(defaults.config.read_after_write_delay, Duration::ZERO);
    }

    #[test]
    fn fixture_flag_is_read_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json");
        let a = args(&["--fixture", path.to_str().unwrap()])
            .unwrap()
            .unwrap();
        assert_eq!(a.fixture.as_deref(), Some(path.as_path()));
        assert!(a.config.fixture.is_none(), "read later, by load_fixture");

        let err = load_fixture(&path).unwrap_err();
        assert!(
            err.starts_with(&format!("cannot read fixture {}: ", path.display())),
            "{err}"
        );
        std::fs::write(&path, r#"{"version": 1, "users": [{"id": "user_x"}]}"#).unwrap();
        let err = load_fixture(&path).unwrap_err();
        assert!(
            err.starts_with(&format!("fixture {}: missing field `name`", path.display())),
            "{err}"
        );
        std::fs::write(&path, r#"{"version": 1, "organization_id": "org_x"}"#).unwrap();
        let fixture = load_fixture(&path).unwrap();
        assert_eq!(fixture.organization_id(), "org_x");
        assert!(uncatalogued_notes(&path, &fixture).is_empty());
        assert!(args(&["--fixture"]).is_err());
    }

    #[test]
    fn permissions_the_fake_lacks_are_noted() {
        let text = r#"{"version": 1, "projects": [{"id": "proj_a", "name": "A"}],
            "roles": [{"id": "role_a", "name": "A", "project_id": "proj_a",
                       "permissions": ["api.model.read", "api.future.write"]}]}"#;
        let fixture = Fixture::from_json(text).unwrap();
        assert_eq!(
            uncatalogued_notes(Path::new("org.json"), &fixture),
            [
                "note: fixture org.json: roles[0].permissions[1]: \"api.future.write\" is not a \
                 permission the fake knows; accepted as one of a newer API (also in roles \
                 created later)"
            ]
        );
    }

    #[test]
    fn help_and_errors() {
        assert!(args(&["--help"]).unwrap().is_none());
        assert!(args(&["--port"]).is_err());
        assert!(args(&["--port", "x"]).is_err());
        assert!(args(&["--bogus"]).is_err());
        assert!(args(&["--rate-429", "2"]).is_err());
        assert!(args(&["--rate-5xx-after-apply", "-0.5"]).is_err());
        assert!(args(&["--rate-limit-per-minute", "-1"]).is_err());
        assert!(args(&["--rate-limit-scope", "route"]).is_err());
        assert!(args(&["--rate-limit-signal", "header"]).is_err());
    }
}
