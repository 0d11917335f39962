//! The organization's audit log (`GET /organization/audit_logs`): who
//! changed what, and when. Typed events, the documented filters, every page
//! or one bounded page.

use std::fmt;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::client::AdminClient;
use super::error::ApiError;
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::Fixed;
use super::path::build_path;
use super::types::{ListItem, ListPage};

/// `limit` 1..=100; pages continue after the previous page's `last_id`.
pub(crate) const AUDIT_LOG_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// Which events to list; every filter set must match, each list matches
/// any of its values. Times are Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditLogFilter {
    pub event_types: Vec<String>,
    pub project_ids: Vec<String>,
    pub actor_ids: Vec<String>,
    pub actor_emails: Vec<String>,
    pub resource_ids: Vec<String>,
    pub effective_after: Option<i64>,
    pub effective_since: Option<i64>,
    pub effective_before: Option<i64>,
    pub effective_until: Option<i64>,
}

impl AuditLogFilter {
    /// Events on any of these objects.
    pub fn on(ids: &[&str]) -> Self {
        AuditLogFilter {
            resource_ids: ids.iter().map(|id| id.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Only events at or after `unix` seconds.
    pub fn since(mut self, unix: Option<i64>) -> Self {
        self.effective_since = unix;
        self
    }

    /// The query pairs, arrays with brackets and `effective_at[gte]` as
    /// OpenAI's SDKs send them (openai-python 3.63 `Querystring` with
    /// brackets for arrays and nested objects).
    fn query(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let lists = [
            ("event_types[]", &self.event_types),
            ("project_ids[]", &self.project_ids),
            ("actor_ids[]", &self.actor_ids),
            ("actor_emails[]", &self.actor_emails),
            ("resource_ids[]", &self.resource_ids),
        ];
        for (key, values) in lists {
            out.extend(values.iter().map(|v| (key.to_string(), v.clone())));
        }
        let times = [
            ("effective_at[gt]", self.effective_after),
            ("effective_at[gte]", self.effective_since),
            ("effective_at[lt]", self.effective_before),
            ("effective_at[lte]", self.effective_until),
        ];
        for (key, time) in times {
            if let Some(t) = time {
                out.push((key.to_string(), t.to_string()));
            }
        }
        out
    }
}

/// One event: its documented common fields, and the per-type payload
/// (the object under the key named like its type).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLogEvent {
    pub id: String,
    /// E.g. `group.updated`.
    pub kind: String,
    /// Unix seconds.
    pub effective_at: i64,
    pub project: Option<AuditProject>,
    pub actor: Option<AuditActor>,
    /// What the per-type payload says the event was about.
    pub details: AuditDetails,
}

/// The ids an event's payload names: the object (`id`), a role
/// assignment's principal and the resource it is scoped to, the members a
/// group change added or removed; and which fields an update asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditDetails {
    pub id: Option<String>,
    pub principal_id: Option<String>,
    /// `user` or `group`, of a role assignment.
    pub principal_type: Option<String>,
    /// A role assignment's project (`proj_...`) or organization.
    pub resource_id: Option<String>,
    /// `api.project` or `api.organization`, of a role assignment.
    pub resource_type: Option<String>,
    pub users_added: Vec<String>,
    pub users_removed: Vec<String>,
    /// The keys of `changes_requested` (an update's fields), sorted.
    pub changes_requested: Vec<String>,
}

impl AuditDetails {
    fn from_payload(payload: &Value) -> Self {
        let text = |v: &Value| v.as_str().map(str::to_string);
        let users = |key: &str| -> Vec<String> {
            payload["changes_requested"][key]
                .as_array()
                .map(|users| users.iter().filter_map(text).collect())
                .unwrap_or_default()
        };
        let mut changes_requested: Vec<String> = payload["changes_requested"]
            .as_object()
            .map(|changes| changes.keys().cloned().collect())
            .unwrap_or_default();
        changes_requested.sort();
        AuditDetails {
            id: text(&payload["id"]),
            principal_id: text(&payload["principal_id"]),
            principal_type: text(&payload["principal_type"]),
            resource_id: text(&payload["resource_id"]),
            resource_type: text(&payload["resource_type"]),
            users_added: users("users_added"),
            users_removed: users("users_removed"),
            changes_requested,
        }
    }

    /// Every id named, the object first.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.id
            .iter()
            .chain(&self.principal_id)
            .chain(&self.users_added)
            .chain(&self.users_removed)
            .map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for AuditLogEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            id: String,
            #[serde(rename = "type")]
            kind: String,
            effective_at: i64,
            #[serde(default)]
            project: Option<AuditProject>,
            #[serde(default)]
            actor: Option<AuditActor>,
            #[serde(flatten)]
            rest: Map<String, Value>,
        }
        let mut raw = Raw::deserialize(d)?;
        let details =
            AuditDetails::from_payload(&raw.rest.remove(&raw.kind).unwrap_or(Value::Null));
        Ok(AuditLogEvent {
            id: raw.id,
            kind: raw.kind,
            effective_at: raw.effective_at,
            project: raw.project,
            actor: raw.actor,
            details,
        })
    }
}

impl ListItem for AuditLogEvent {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditProject {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// `AuditLogActor`: a dashboard `session` or an `api_key`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditActor {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub session: Option<AuditSession>,
    #[serde(default)]
    pub api_key: Option<AuditApiKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditSession {
    #[serde(default)]
    pub user: Option<AuditUser>,
    #[serde(default)]
    pub ip_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditApiKey {
    /// The key's tracking id.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub user: Option<AuditUser>,
    #[serde(default)]
    pub service_account: Option<AuditServiceAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditUser {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditServiceAccount {
    #[serde(default)]
    pub id: Option<String>,
}

impl AuditUser {
    fn label(&self) -> Option<&str> {
        self.email.as_deref().or(self.id.as_deref())
    }
}

/// Who, in words: `alice@example.com (dashboard session from 127.0.0.1)`,
/// `alice@example.com (API key key_abc)`, `service account svc_x (API key key_abc)`.
impl fmt::Display for AuditActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(session) = &self.session {
            let who = session
                .user
                .as_ref()
                .and_then(AuditUser::label)
                .unwrap_or("someone");
            return match &session.ip_address {
                Some(ip) => write!(f, "{who} (dashboard session from {ip})"),
                None => write!(f, "{who} (dashboard session)"),
            };
        }
        if let Some(key) = &self.api_key {
            let owner = match (&key.user, &key.service_account) {
                (Some(user), _) if user.label().is_some() => {
                    user.label().unwrap_or_default().to_string()
                }
                (_, Some(AuditServiceAccount { id: Some(id) })) => format!("service account {id}"),
                _ => "an API key's owner".to_string(),
            };
            return match &key.id {
                Some(id) => write!(f, "{owner} (API key {id})"),
                None => write!(f, "{owner} (API key)"),
            };
        }
        f.write_str("an unknown actor")
    }
}

impl AdminClient {
    /// Every event `filter` selects, newest first, all pages.
    pub async fn list_audit_logs(
        &self,
        filter: &AuditLogFilter,
    ) -> Result<Vec<AuditLogEvent>, ApiError> {
        let path = audit_logs_path()?;
        let query = filter.query();
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.list_all_filtered(&path, AUDIT_LOG_LIST, &pairs).await
    }

    /// The newest `limit` (1..=100) events `filter` selects: one request.
    pub async fn recent_audit_logs(
        &self,
        filter: &AuditLogFilter,
        limit: u32,
    ) -> Result<Vec<AuditLogEvent>, ApiError> {
        let path = audit_logs_path()?;
        let limit = limit.clamp(1, AUDIT_LOG_LIST.max_limit).to_string();
        let query = filter.query();
        let mut pairs: Vec<(&str, &str)> = vec![("limit", limit.as_str())];
        pairs.extend(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let page: ListPage<AuditLogEvent> = self.get_json(&path, &pairs).await?;
        Ok(page.data)
    }
}

fn audit_logs_path() -> Result<String, ApiError> {
    build_path(&Method::GET, &[Fixed("organization"), Fixed("audit_logs")])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::{Reply, Stub};

    /// The list-audit-logs example's first event.
    fn example_event() -> Value {
        json!({"id": "audit_log-xxx_yyyymmdd", "type": "project.archived",
               "effective_at": 1722461446,
               "actor": {"type": "api_key", "api_key": {"type": "user",
                         "user": {"id": "user-xxx", "email": "user@example.com"}}},
               "project.archived": {"id": "proj_abc"}})
    }

    #[test]
    fn the_payload_is_the_object_named_like_the_type() {
        let event: AuditLogEvent = serde_json::from_value(example_event()).unwrap();
        assert_eq!(event.kind, "project.archived");
        assert_eq!(event.details.id.as_deref(), Some("proj_abc"));
        assert_eq!(
            event.actor.unwrap().to_string(),
            "user@example.com (API key)"
        );
    }

    #[test]
    fn actors_read_as_who_did_it() {
        let session: AuditActor = serde_json::from_value(json!({"type": "session",
            "session": {"user": {"id": "user_a", "email": "alice@example.com"},
                        "ip_address": "10.1.2.3"}}))
        .unwrap();
        assert_eq!(
            session.to_string(),
            "alice@example.com (dashboard session from 10.1.2.3)"
        );
        let machine: AuditActor = serde_json::from_value(json!({"type": "api_key",
            "api_key": {"id": "key_1", "type": "service_account",
                        "service_account": {"id": "svc_acct_1"}}}))
        .unwrap();
        assert_eq!(
            machine.to_string(),
            "service account svc_acct_1 (API key key_1)"
        );
    }

    #[tokio::test]
    async fn filters_go_with_brackets_and_every_page_is_read() {
        let mut second = example_event();
        second["id"] = json!("audit_log-2");
        let stub = Stub::sequence(vec![
            Reply::json(200, json!({"object": "list", "data": [example_event()],
                "first_id": "audit_log-xxx_yyyymmdd", "last_id": "audit_log-xxx_yyyymmdd", "has_more": true})),
            Reply::json(200, json!({"object": "list", "data": [second],
                "first_id": "audit_log-2", "last_id": "audit_log-2", "has_more": false})),
        ])
        .await;
        let filter = AuditLogFilter {
            event_types: vec!["group.updated".into()],
            ..AuditLogFilter::on(&["group_a", "group_b"]).since(Some(1700000000))
        };
        let events = stub.client().list_audit_logs(&filter).await.unwrap();
        assert_eq!(events.len(), 2);
        let requests: Vec<String> = stub
            .requests()
            .iter()
            .map(|r| r.query.clone().unwrap_or_default())
            .collect();
        assert!(requests[0].contains("limit=100"), "{}", requests[0]);
        for expected in [
            "event_types%5B%5D=group.updated",
            "resource_ids%5B%5D=group_a",
            "resource_ids%5B%5D=group_b",
            "effective_at%5Bgte%5D=1700000000",
        ] {
            assert!(
                requests[0].contains(expected),
                "{expected} in {}",
                requests[0]
            );
        }
        assert!(
            requests[1].contains("after=audit_log-xxx_yyyymmdd"),
            "{}",
            requests[1]
        );
    }

    #[tokio::test]
    async fn a_bounded_read_is_one_request() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list",
            "data": [example_event()], "has_more": true}),
        )])
        .await;
        let events = stub
            .client()
            .recent_audit_logs(&AuditLogFilter::on(&["proj_abc"]), 5)
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(stub.requests().len(), 1);
        assert_eq!(
            stub.requests()[0].query_param("limit").as_deref(),
            Some("5")
        );
    }
}
