//! hclog-compatible JSON logging on stderr.
//!
//! go-plugin parses each stderr line that is a JSON object with `@level`,
//! `@message` and `@module` and re-emits it through Terraform's own logger,
//! so these lines appear under `TF_LOG=debug` with their level intact.

use std::io::Write;
use std::sync::{OnceLock, RwLock};

use log::{Level, LevelFilter, Log, Metadata, Record};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::api::redact::Redactor;

/// Only this crate's records are written: dependency logs (hyper, h2,
/// rustls) are noise for a Terraform user and may include wire details.
const CRATE_PREFIXES: [&str; 2] = ["tfopenai", "terraform_provider_openai"];

struct JsonLogger {
    /// Values that must never reach a log line (the API key, whole or in
    /// pieces), replaced as a last line of defence should any code path
    /// ever format one. Bearer and `sk-` tokens are replaced even before a
    /// key is registered.
    secrets: RwLock<Vec<Redactor>>,
}

static LOGGER: OnceLock<JsonLogger> = OnceLock::new();

/// Installs the logger with the level Terraform asked for:
/// `TF_LOG_PROVIDER`, else `TF_LOG`, else warnings only.
pub fn init() {
    let level = level_from_env(
        std::env::var("TF_LOG_PROVIDER").ok().as_deref(),
        std::env::var("TF_LOG").ok().as_deref(),
    );
    let logger = LOGGER.get_or_init(|| JsonLogger {
        secrets: RwLock::new(Vec::new()),
    });
    if log::set_logger(logger).is_ok() {
        log::set_max_level(level);
    }
}

/// Routes panics through the logger, so a panic message is one hclog
/// error line with secrets redacted, never raw text on stderr.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        log::error!("provider panic{location}: {payload}; please report this bug");
    }));
}

/// Registers a secret to redact from every later log line.
pub fn redact(secret: &str) {
    if secret.trim().is_empty() {
        return;
    }
    if let Some(logger) = LOGGER.get()
        && let Ok(mut secrets) = logger.secrets.write()
        && !secrets.iter().any(|s| s.is_for(secret))
    {
        secrets.push(Redactor::new(secret));
    }
}

/// `message` with every secret scrubbed (see [`Redactor::scrub`]).
fn scrubbed(mut message: String, secrets: &[Redactor]) -> String {
    let keyless = [Redactor::default()];
    let redactors = if secrets.is_empty() {
        &keyless[..]
    } else {
        secrets
    };
    for redactor in redactors {
        if let std::borrow::Cow::Owned(clean) = redactor.scrub(&message) {
            message = clean;
        }
    }
    message
}

fn level_from_env(provider: Option<&str>, global: Option<&str>) -> LevelFilter {
    let parse = |s: &str| match s.trim().to_ascii_uppercase().as_str() {
        "TRACE" | "JSON" => Some(LevelFilter::Trace),
        "DEBUG" => Some(LevelFilter::Debug),
        "INFO" => Some(LevelFilter::Info),
        "WARN" => Some(LevelFilter::Warn),
        "ERROR" => Some(LevelFilter::Error),
        "OFF" => Some(LevelFilter::Off),
        _ => None,
    };
    provider
        .and_then(parse)
        .or_else(|| global.and_then(parse))
        .unwrap_or(LevelFilter::Warn)
}

fn hclog_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warn",
        Level::Info => "info",
        Level::Debug => "debug",
        Level::Trace => "trace",
    }
}

/// `tfopenai::api::client` -> `provider.api.client`.
fn module_name(target: &str) -> String {
    let sub = CRATE_PREFIXES
        .iter()
        .find_map(|p| target.strip_prefix(p))
        .unwrap_or(target)
        .trim_start_matches("::");
    if sub.is_empty() {
        "provider".to_owned()
    } else {
        format!("provider.{}", sub.replace("::", "."))
    }
}

fn format_line(record: &Record<'_>, now: OffsetDateTime, secrets: &[Redactor]) -> String {
    let message = scrubbed(record.args().to_string(), secrets);
    let timestamp = now
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap_or_default();
    serde_json::json!({
        "@level": hclog_level(record.level()),
        "@message": message,
        "@module": module_name(record.target()),
        "@timestamp": timestamp,
    })
    .to_string()
}

impl Log for JsonLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        CRATE_PREFIXES
            .iter()
            .any(|p| metadata.target().starts_with(p))
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let secrets = self.secrets.read().map(|s| s.clone()).unwrap_or_default();
        let line = format_line(record, OffsetDateTime::now_utc(), &secrets);
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{line}");
    }

    fn flush(&self) {
        let _ = std::io::stderr().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_level_wins_over_global() {
        assert_eq!(
            level_from_env(Some("debug"), Some("TRACE")),
            LevelFilter::Debug
        );
        assert_eq!(level_from_env(None, Some("trace")), LevelFilter::Trace);
        assert_eq!(level_from_env(Some("bogus"), None), LevelFilter::Warn);
        assert_eq!(level_from_env(None, Some("JSON")), LevelFilter::Trace);
    }

    #[test]
    fn lines_are_hclog_json_and_redacted() {
        let secrets = vec![Redactor::new("sk-admin-secret")];
        let args = format_args!("key is sk-admin-secret");
        let record = Record::builder()
            .args(args)
            .level(Level::Debug)
            .target("tfopenai::api::client")
            .build();
        let line = format_line(&record, OffsetDateTime::UNIX_EPOCH, &secrets);
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(json["@level"], "debug");
        assert_eq!(json["@module"], "provider.api.client");
        assert_eq!(json["@message"], "key is <redacted>");
        assert_eq!(json["@timestamp"], "1970-01-01T00:00:00.000000Z");
    }

    fn message_of(text: &str, secrets: &[Redactor]) -> String {
        let args = format_args!("{text}");
        let record = Record::builder()
            .args(args)
            .level(Level::Warn)
            .target("tfopenai::api::client")
            .build();
        let line = format_line(&record, OffsetDateTime::UNIX_EPOCH, secrets);
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        json["@message"].as_str().unwrap().to_owned()
    }

    #[test]
    fn pieces_of_the_key_and_bearer_tokens_are_redacted() {
        let key = "sk-admin-TEST-NOT-A-REAL-KEY-0123456789abcdefgh";
        let secrets = [Redactor::new(key)];
        // An echo of the header cut short by a proxy, then by an excerpt.
        let cut_short = format!("502: <p>Authorization: Bearer {}…", &key[..25]);
        let message = message_of(&cut_short, &secrets);
        assert_eq!(message, "502: <p>Authorization: Bearer <redacted>…");
        let piece = format!("echo={}", &key[30..40]);
        assert_eq!(message_of(&piece, &secrets), "echo=<redacted>");
        // Before configure registered the key, key-shaped and bearer
        // tokens still go.
        assert_eq!(
            message_of(&format!("Authorization: Bearer {key}"), &[]),
            "Authorization: Bearer <redacted>"
        );
    }
}
