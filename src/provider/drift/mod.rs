//! Who changed it: when a refresh finds an object changed or gone outside
//! Terraform, one bounded audit-log query (the object's events since the
//! provider last saw the state match, newest few) names the last recorded
//! change, its actor and time in the warning. Nothing is asked when
//! nothing drifted, and a key that may not read the audit log (403) only
//! gets a log line.
//!
//! "Changed" is [`compare`]'s: an attribute the user manages has another
//! value (sets as sets), not a computed value the API moved. Which events
//! are the object's is [`subject`]'s: its id, or for a composite ID the
//! parts the events' payload names.
//!
//! "Since when" comes from the resource's private data, which Terraform
//! keeps beside the state: the time of the last apply or of the last
//! refresh that found no drift. A state without it (imported, or written
//! by an older version) is only attributed when its object is gone, since
//! an imported state differs from its first refresh by design.

pub mod compare;
pub mod subject;

use serde_json::{Map, Value as Json, json};

use crate::api::{AdminClient, AuditLogEvent, AuditLogFilter, ErrorKind};
use crate::diagnostics::Diagnostics;
use crate::value::Value;

/// The private-data key of that time (Unix seconds).
const SEEN_AT: &str = "tfopenai_seen_at";

/// Events read per drifted object: the newest the object's [`subject`]
/// accepts is the one named; a composite ID's query also returns events of
/// its parts' other objects (another member of the group), which this
/// leaves room for in one page.
const EVENTS_PER_OBJECT: u32 = 20;

/// When the provider last saw this state match the API, if it recorded it.
pub fn seen_at(private: &[u8]) -> Option<i64> {
    serde_json::from_slice::<Json>(private)
        .ok()?
        .get(SEEN_AT)?
        .as_i64()
}

/// `private` with the time set to `now`, other keys kept. Private data
/// that is not a JSON object is not ours to rewrite and stays as it is.
pub fn stamped(private: &[u8], now: i64) -> Vec<u8> {
    let mut object = if private.is_empty() {
        Map::new()
    } else {
        match serde_json::from_slice::<Json>(private) {
            Ok(Json::Object(object)) => object,
            _ => return private.to_vec(),
        }
    };
    object.insert(SEEN_AT.to_string(), json!(now));
    serde_json::to_vec(&Json::Object(object)).unwrap_or_else(|_| private.to_vec())
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// "Last recorded change in the audit log: ..." for the object of `state`
/// (a `type_name`), or `None` (no id, no event of it, or the log could not
/// be read: logged). One request.
pub async fn last_change(
    client: &AdminClient,
    type_name: &str,
    state: &Value,
    since: Option<i64>,
) -> Option<String> {
    let subject = subject::of(type_name, state)?;
    let id = state.get_str("id").unwrap_or("(unknown)");
    let ids: Vec<&str> = subject.resource_ids.iter().map(String::as_str).collect();
    let filter = AuditLogFilter {
        event_types: subject.event_types.iter().map(|t| t.to_string()).collect(),
        ..AuditLogFilter::on(&ids).since(since)
    };
    match client.recent_audit_logs(&filter, EVENTS_PER_OBJECT).await {
        Ok(events) => events.iter().find(|e| subject.matches(e)).map(describe),
        Err(e) if matches!(e.kind, ErrorKind::Forbidden | ErrorKind::Unauthorized) => {
            log::info!(
                "drift attribution: the API key may not read the audit log ({e}); {id} changed \
                 outside Terraform, by whom is not known"
            );
            None
        }
        Err(e) => {
            log::warn!("drift attribution: reading the audit log for {id} failed: {e}");
            None
        }
    }
}

/// `group.updated by alice@example.com (dashboard session from 127.0.0.1)
/// at 2026-12-07T11:40:03Z (audit log event audit_log-...)`.
pub fn describe(event: &AuditLogEvent) -> String {
    let who = event
        .actor
        .as_ref()
        .map_or_else(|| "an unknown actor".to_string(), ToString::to_string);
    format!(
        "Last recorded change in the audit log: {} by {who} at {} (event {}).",
        event.kind,
        rfc3339(event.effective_at),
        event.id
    )
}

pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

/// The warning of an object changed outside Terraform, when the log says by whom.
pub fn changed_warning(type_name: &str, state: &Value, change: &str) -> Diagnostics {
    let id = state.get_str("id").unwrap_or("(unknown)");
    let mut diags = Diagnostics::new();
    diags.warning(
        format!("{type_name} {id} was changed outside Terraform"),
        format!(
            "The refresh found the {type_name} with ID {id} different from the state. {change}"
        ),
    );
    diags
}

/// `warning` with the attribution added to each of its details.
pub fn attributed(mut warning: Diagnostics, change: &str) -> Diagnostics {
    for diag in &mut warning.0 {
        diag.detail = format!("{}\n\n{change}", diag.detail);
    }
    warning
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seen_time_round_trips_and_keeps_other_keys() {
        assert_eq!(seen_at(b""), None);
        let first = stamped(b"", 100);
        assert_eq!(seen_at(&first), Some(100));
        let other = br#"{"other": 1}"#;
        let both = stamped(other, 200);
        assert_eq!(seen_at(&both), Some(200));
        assert_eq!(serde_json::from_slice::<Json>(&both).unwrap()["other"], 1);
        // Not JSON: someone else's, left alone.
        assert_eq!(stamped(b"\x01opaque", 5), b"\x01opaque".to_vec());
    }

    #[test]
    fn an_event_reads_as_what_who_and_when() {
        let event: AuditLogEvent = serde_json::from_value(json!({
            "id": "audit_log-1", "type": "group.updated", "effective_at": 1_796_643_603,
            "actor": {"type": "session", "session": {"user": {"email": "alice@example.com"},
                      "ip_address": "127.0.0.1"}},
            "group.updated": {"id": "group_x"}}))
        .unwrap();
        assert_eq!(
            describe(&event),
            "Last recorded change in the audit log: group.updated by alice@example.com \
             (dashboard session from 127.0.0.1) at 2026-12-07T11:40:03Z (event audit_log-1)."
        );
    }
}
