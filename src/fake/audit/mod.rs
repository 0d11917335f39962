//! The organization's audit log (`GET /organization/audit_logs`): one event
//! for every write, through the API or out of band, with the actor who made
//! it, in the documented `AuditLog` shape (`id`, `type`, `effective_at`,
//! `project`, `actor`, and the per-type payload under a key named like the
//! type). [`api_events`] says which event a `/v1` write makes; the test
//! handle records out-of-band changes with a settable actor ([`Actor`]).
//! docs/fake.md lists the event names and payloads.

pub(super) mod actor;
pub(super) mod api_events;
pub(super) mod query;
pub(super) mod recorder;

use serde_json::{Map, Value, json};

pub use actor::Actor;

/// One recorded event.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    /// The documented event type, e.g. `group.updated`.
    pub kind: &'static str,
    /// Unix seconds.
    pub effective_at: i64,
    /// `(id, name)` of the project the change was scoped to.
    pub project: Option<(String, String)>,
    pub actor: Actor,
    /// The per-type payload (`{"id": ..., "changes_requested": {...}}`).
    pub details: Value,
    /// Ids a `resource_ids[]` filter matches: the payload's `id` and the
    /// other objects the change touched (an assignment's principal, a
    /// group member).
    pub resource_ids: Vec<String>,
}

impl AuditEvent {
    /// The documented wire shape.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(self.id));
        out.insert("type".into(), json!(self.kind));
        out.insert("effective_at".into(), json!(self.effective_at));
        if let Some((id, name)) = &self.project {
            out.insert("project".into(), json!({"id": id, "name": name}));
        }
        out.insert("actor".into(), self.actor.to_json());
        out.insert(self.kind.into(), self.details.clone());
        Value::Object(out)
    }
}

/// What a write makes before the log gives it an id, a time and an actor.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub project_id: Option<String>,
    pub details: Value,
    /// Besides `details.id`, the ids a `resource_ids[]` filter matches.
    pub also_touches: Vec<String>,
}

impl NewEvent {
    pub fn new(kind: &'static str, details: Value) -> Self {
        NewEvent {
            kind,
            project_id: None,
            details,
            also_touches: Vec::new(),
        }
    }

    pub fn in_project(mut self, project_id: Option<&str>) -> Self {
        self.project_id = project_id.map(str::to_string);
        self
    }

    pub fn touching(mut self, id: &str) -> Self {
        self.also_touches.push(id.to_string());
        self
    }
}

/// Every event since start or the last reset, oldest first, and the actor
/// that out-of-band changes are recorded with.
#[derive(Default)]
pub struct AuditLog {
    events: Vec<AuditEvent>,
    /// Survives resets so ids are never reused within one server.
    seq: u64,
    /// `None`: a dashboard session of the organization's first owner.
    out_of_band_actor: Option<Actor>,
}

impl AuditLog {
    /// Appends `event` made by `actor` at `now` (Unix seconds); `project_name`
    /// names the event's project if it has one.
    pub fn record(
        &mut self,
        event: NewEvent,
        actor: Actor,
        now: i64,
        project_name: impl Fn(&str) -> Option<String>,
    ) {
        self.seq += 1;
        let mut resource_ids: Vec<String> = event
            .details
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect();
        resource_ids.extend(event.also_touches);
        let project = event.project_id.map(|id| {
            let name = project_name(&id).unwrap_or_default();
            (id, name)
        });
        self.events.push(AuditEvent {
            // The documented shape: `audit_log-<id>_<yyyymmdd>`.
            id: format!("audit_log-{:010}_{}", self.seq, day_of(now)),
            kind: event.kind,
            effective_at: now,
            project,
            actor,
            details: event.details,
            resource_ids,
        });
    }

    pub fn events(&self) -> &[AuditEvent] {
        &self.events
    }

    pub fn out_of_band_actor(&self) -> Option<&Actor> {
        self.out_of_band_actor.as_ref()
    }

    pub fn set_out_of_band_actor(&mut self, actor: Option<Actor>) {
        self.out_of_band_actor = actor;
    }

    /// Back to no events and the default out-of-band actor.
    pub fn clear(&mut self) {
        self.events.clear();
        self.out_of_band_actor = None;
    }
}

/// `yyyymmdd` of a Unix time, for event ids.
fn day_of(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_else(|_| "00000000".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_has_the_documented_shape_with_its_payload_under_its_type() {
        let mut log = AuditLog::default();
        let event = NewEvent::new(
            "group.updated",
            json!({"id": "group_x", "changes_requested": {"group_name": "New"}}),
        )
        .in_project(Some("proj_alpha"));
        log.record(
            event,
            Actor::session("user_alice", "alice@example.com"),
            1_700_000_000,
            |_| Some("Alpha".into()),
        );
        let wire = log.events()[0].to_json();
        assert_eq!(wire["type"], "group.updated");
        assert_eq!(wire["id"], "audit_log-0000000001_20231114");
        assert_eq!(wire["effective_at"], 1_700_000_000);
        assert_eq!(
            wire["project"],
            json!({"id": "proj_alpha", "name": "Alpha"})
        );
        assert_eq!(
            wire["group.updated"]["changes_requested"]["group_name"],
            "New"
        );
        assert_eq!(wire["actor"]["type"], "session");
        assert_eq!(
            wire["actor"]["session"]["user"]["email"],
            "alice@example.com"
        );
        assert_eq!(log.events()[0].resource_ids, vec!["group_x".to_string()]);
    }

    #[test]
    fn ids_keep_growing_across_a_clear() {
        let mut log = AuditLog::default();
        let actor = Actor::session("u", "u@example.com");
        log.record(
            NewEvent::new("group.deleted", json!({"id": "g"})),
            actor.clone(),
            0,
            |_| None,
        );
        log.clear();
        log.record(
            NewEvent::new("group.deleted", json!({"id": "g"})),
            actor,
            0,
            |_| None,
        );
        assert_eq!(log.events().len(), 1);
        assert!(log.events()[0].id.starts_with("audit_log-0000000002_"));
    }
}
