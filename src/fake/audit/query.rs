//! The filters and paging of `GET /organization/audit_logs`: newest event
//! first, `limit` 1..=100 (default 20), `after`/`before` an event id, and
//! the documented filters, all of which must match (each list filter
//! matches any of its values).

use serde_json::{Value, json};

use super::AuditEvent;
use crate::fake::errors::ApiError;
use crate::fake::query::QueryPairs;

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

/// A parsed request.
#[derive(Debug, Default, PartialEq)]
pub struct AuditQuery {
    event_types: Vec<String>,
    project_ids: Vec<String>,
    actor_ids: Vec<String>,
    actor_emails: Vec<String>,
    resource_ids: Vec<String>,
    gt: Option<i64>,
    gte: Option<i64>,
    lt: Option<i64>,
    lte: Option<i64>,
    limit: usize,
    after: Option<String>,
    before: Option<String>,
}

impl AuditQuery {
    pub fn parse(query: &QueryPairs) -> Result<Self, ApiError> {
        let list = |name: &str| -> Vec<String> {
            query
                .all(&[name, &format!("{name}[]")])
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        let time = |bound: &str| -> Result<Option<i64>, ApiError> {
            let key = format!("effective_at[{bound}]");
            query
                .get(&key)
                .map(|raw| {
                    raw.trim().parse::<i64>().map_err(|_| {
                        ApiError::bad_request(format!(
                            "Invalid type for '{key}': expected an integer, but got '{raw}' instead."
                        ))
                        .with_param(&key)
                        .with_code("invalid_type")
                    })
                })
                .transpose()
        };
        let limit = match query.get("limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.trim().parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT as i64).contains(&n) => n as usize,
                Ok(n) => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid 'limit': expected a value between 1 and {MAX_LIMIT}, but got {n} instead."
                    ))
                    .with_param("limit")
                    .with_code("invalid_value"));
                }
                Err(_) => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid type for 'limit': expected an integer, but got '{raw}' instead."
                    ))
                    .with_param("limit")
                    .with_code("invalid_type"));
                }
            },
        };
        let cursor = |key: &str| query.get(key).filter(|c| !c.is_empty()).map(str::to_string);
        Ok(AuditQuery {
            event_types: list("event_types"),
            project_ids: list("project_ids"),
            actor_ids: list("actor_ids"),
            actor_emails: list("actor_emails"),
            resource_ids: list("resource_ids"),
            gt: time("gt")?,
            gte: time("gte")?,
            lt: time("lt")?,
            lte: time("lte")?,
            limit,
            after: cursor("after"),
            before: cursor("before"),
        })
    }

    fn matches(&self, event: &AuditEvent) -> bool {
        fn any<'a>(wanted: &[String], mut have: impl Iterator<Item = &'a str>) -> bool {
            wanted.is_empty() || have.any(|h| wanted.iter().any(|w| w == h))
        }
        let at = event.effective_at;
        any(&self.event_types, std::iter::once(event.kind))
            && any(
                &self.project_ids,
                event.project.iter().map(|(id, _)| id.as_str()),
            )
            && any(&self.actor_ids, event.actor.ids().into_iter())
            && (self.actor_emails.is_empty()
                || self
                    .actor_emails
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(event.actor.email())))
            && any(
                &self.resource_ids,
                event.resource_ids.iter().map(String::as_str),
            )
            && self.gt.is_none_or(|t| at > t)
            && self.gte.is_none_or(|t| at >= t)
            && self.lt.is_none_or(|t| at < t)
            && self.lte.is_none_or(|t| at <= t)
    }

    /// The page this request asks for, from `events` (oldest first), in the
    /// documented `ListAuditLogsResponse` envelope.
    pub fn page(&self, events: &[AuditEvent]) -> Result<Value, ApiError> {
        // Newest first.
        let listed: Vec<&AuditEvent> = events.iter().rev().filter(|e| self.matches(e)).collect();
        let position = |key: &str, id: &str| {
            listed.iter().position(|e| e.id == id).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Invalid '{key}': no audit log event with ID '{id}'."
                ))
                .with_param(key)
                .with_code("invalid_value")
            })
        };
        let (window, has_more): (&[&AuditEvent], bool) = if let Some(after) = &self.after {
            let rest = &listed[position("after", after)? + 1..];
            let n = rest.len().min(self.limit);
            (&rest[..n], rest.len() > n)
        } else if let Some(before) = &self.before {
            let ahead = &listed[..position("before", before)?];
            let start = ahead.len().saturating_sub(self.limit);
            (&ahead[start..], start > 0)
        } else {
            let n = listed.len().min(self.limit);
            (&listed[..n], listed.len() > n)
        };
        Ok(json!({
            "object": "list",
            "data": window.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
            "first_id": window.first().map(|e| e.id.clone()),
            "last_id": window.last().map(|e| e.id.clone()),
            "has_more": has_more,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Actor, AuditLog, NewEvent};
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> QueryPairs {
        QueryPairs(
            q.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// Five events at t = 100..=104 on groups g0..g4, the odd ones by bob.
    fn log() -> AuditLog {
        let mut log = AuditLog::default();
        for i in 0..5 {
            let actor = if i % 2 == 1 {
                Actor::session("user_bob", "bob@example.com")
            } else {
                Actor::user_key("key_tf", "user_alice", "alice@example.com")
            };
            let kind = if i == 4 {
                "group.deleted"
            } else {
                "group.updated"
            };
            log.record(
                NewEvent::new(kind, json!({"id": format!("g{i}")})).in_project(Some("p")),
                actor,
                100 + i,
                |_| None,
            );
        }
        log
    }

    fn ids(page: &Value) -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["group.updated"]["id"]
                    .as_str()
                    .or(e["group.deleted"]["id"].as_str())
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    fn ask(q: &[(&str, &str)]) -> Value {
        AuditQuery::parse(&pairs(q))
            .unwrap()
            .page(log().events())
            .unwrap()
    }

    #[test]
    fn newest_first_and_each_filter_narrows() {
        assert_eq!(ids(&ask(&[])), ["g4", "g3", "g2", "g1", "g0"]);
        assert_eq!(
            ids(&ask(&[("resource_ids[]", "g2"), ("resource_ids[]", "g3")])),
            ["g3", "g2"]
        );
        assert_eq!(
            ids(&ask(&[("actor_emails[]", "BOB@example.com")])),
            ["g3", "g1"]
        );
        assert_eq!(ids(&ask(&[("actor_ids[]", "key_tf")])), ["g4", "g2", "g0"]);
        assert_eq!(ids(&ask(&[("event_types[]", "group.deleted")])), ["g4"]);
        assert_eq!(
            ids(&ask(&[
                ("effective_at[gte]", "102"),
                ("effective_at[lt]", "104")
            ])),
            ["g3", "g2"]
        );
        assert_eq!(
            ids(&ask(&[
                ("effective_at[gt]", "102"),
                ("effective_at[lte]", "103")
            ])),
            ["g3"]
        );
        assert_eq!(
            ids(&ask(&[("project_ids[]", "other")])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn pages_continue_after_the_last_id_and_back_before_the_first() {
        let first = ask(&[("limit", "2")]);
        assert_eq!(ids(&first), ["g4", "g3"]);
        assert_eq!(first["has_more"], true);
        let last_id = first["last_id"].as_str().unwrap();
        let second = ask(&[("limit", "2"), ("after", last_id)]);
        assert_eq!(ids(&second), ["g2", "g1"]);
        let third = ask(&[
            ("limit", "2"),
            ("after", second["last_id"].as_str().unwrap()),
        ]);
        assert_eq!(
            (ids(&third), third["has_more"].clone()),
            (vec!["g0".to_string()], json!(false))
        );
        let back = ask(&[
            ("limit", "1"),
            ("before", second["first_id"].as_str().unwrap()),
        ]);
        assert_eq!(
            (ids(&back), back["has_more"].clone()),
            (vec!["g3".to_string()], json!(true))
        );
    }

    #[test]
    fn bad_limits_times_and_cursors_are_refused_as_the_api_refuses_them() {
        for q in [
            [("limit", "0")],
            [("limit", "101")],
            [("limit", "x")],
            [("effective_at[gt]", "soon")],
        ] {
            assert_eq!(
                AuditQuery::parse(&pairs(&q)).unwrap_err().status,
                400,
                "{q:?}"
            );
        }
        let unknown = AuditQuery::parse(&pairs(&[("after", "audit_log-nope")])).unwrap();
        assert_eq!(unknown.page(log().events()).unwrap_err().status, 400);
    }
}
