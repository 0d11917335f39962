//! `openai-admin export --changed-since`: which objects the audit log says
//! changed since a time, and who changed them when.

use std::collections::BTreeMap;

use crate::api::{AdminClient, ApiError, AuditLogEvent, AuditLogFilter};
use crate::provider::drift::rfc3339;

/// Object id -> `group.updated by alice@example.com (...) at 2026-...Z`,
/// the newest event naming it.
pub type Changes = BTreeMap<String, String>;

/// `2026-12-01T00:00:00Z` (RFC 3339) or a duration back from `now`:
/// `90s`, `30m`, `24h`, `7d`. Unix seconds.
pub fn parse(text: &str, now: i64) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(at) =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
    {
        return Ok(at.unix_timestamp());
    }
    let bad = || {
        format!(
            "--changed-since {text:?}: expected an RFC 3339 time (2026-12-01T00:00:00Z) or a \
             duration (90s, 30m, 24h, 7d)"
        )
    };
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let number: i64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    Ok(now - number.checked_mul(seconds).ok_or_else(bad)?)
}

/// Every event since `since` (all pages), as [`Changes`].
pub async fn read(client: &AdminClient, since: i64) -> Result<Changes, ApiError> {
    let filter = AuditLogFilter {
        effective_since: Some(since),
        ..AuditLogFilter::default()
    };
    Ok(changes(&client.list_audit_logs(&filter).await?))
}

/// The objects `events` (newest first) name, each with its newest event.
pub fn changes(events: &[AuditLogEvent]) -> Changes {
    let mut out = Changes::new();
    for event in events {
        let who = event
            .actor
            .as_ref()
            .map_or_else(|| "an unknown actor".to_string(), ToString::to_string);
        let line = format!("{} by {who} at {}", event.kind, rfc3339(event.effective_at));
        for id in event.details.ids() {
            out.entry(id.to_string()).or_insert_with(|| line.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn times_and_durations_parse_and_nonsense_is_refused() {
        assert_eq!(parse("1970-01-02T00:00:00Z", 0), Ok(86_400));
        assert_eq!(parse("90s", 1000), Ok(910));
        assert_eq!(parse("2h", 10_000), Ok(2800));
        assert_eq!(parse("1d", 100_000), Ok(13_600));
        for bad in ["", "yesterday", "5w", "h", "12"] {
            assert!(parse(bad, 0).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_object_gets_its_newest_event() {
        let events: Vec<AuditLogEvent> = serde_json::from_value(json!([
            {"id": "a2", "type": "group.updated", "effective_at": 200,
             "actor": {"type": "session", "session": {"user": {"email": "bob@example.com"}}},
             "group.updated": {"id": "group_x", "changes_requested": {"users_added": ["user_y"]}}},
            {"id": "a1", "type": "group.created", "effective_at": 100,
             "group.created": {"id": "group_x"}},
        ]))
        .unwrap();
        let changes = changes(&events);
        assert_eq!(
            changes["group_x"],
            "group.updated by bob@example.com (dashboard session) at 1970-01-01T00:03:20Z"
        );
        assert!(changes.contains_key("user_y"));
        assert_eq!(changes.len(), 2);
    }
}
