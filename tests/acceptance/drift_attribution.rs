//! Drift attribution through Terraform: a plan that finds an object changed
//! or deleted outside Terraform names who did it and when, from the audit
//! log, with one query per drifted object and none when nothing drifted; a
//! key that may not read the audit log gets the ordinary warning.

use std::collections::BTreeMap;

use serde_json::json;
use tfopenai::fake::FaultConfig;

use crate::refresh_scenario::AUDIT_LOGS;
use crate::support::Workspace;

const CONFIG: &str = r#"
resource "openai_group" "team" {
  name = "Platform"
}

resource "openai_project" "app" {
  name = "Attribution"
}
"#;

pub(crate) fn applied() -> Workspace {
    let ws = Workspace::new();
    ws.write(CONFIG);
    ws.apply();
    ws
}

pub(crate) fn id_of(ws: &Workspace, address: &str) -> String {
    ws.state_of(address)["id"]
        .as_str()
        .expect("id in state")
        .to_string()
}

/// `terraform plan`'s output (changes expected) and its requests by route.
pub(crate) fn plan(ws: &Workspace) -> (String, BTreeMap<String, usize>) {
    ws.handle().reset_counters();
    let out = ws.plan_changes().expect("the drift is planned away");
    (out, ws.handle().request_counts())
}

/// The time of the newest audit event, as the warning writes it.
pub(crate) fn newest_event_time(ws: &Workspace) -> String {
    let events = ws.handle().audit_events();
    let at = events.last().expect("an event")["effective_at"]
        .as_i64()
        .unwrap();
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Terraform wraps warning text at 80 columns: compare words, not lines.
pub(crate) fn flat(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn assert_mentions(out: &str, parts: &[&str]) {
    let out = flat(out);
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

#[test]
fn a_group_deleted_by_bob_says_who_deleted_it() {
    let ws = applied();
    let group = id_of(&ws, "openai_group.team");
    // The fake's control endpoint: out-of-band changes are bob's session.
    let (status, answer) = ws.fake_request(
        "POST",
        "/__fake/actor",
        Some(json!({"email": "bob@example.com"})),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(ws.handle().delete_group(&group));

    let (out, requests) = plan(&ws);
    assert_mentions(
        &out,
        &[
            &format!("openai_group {group} no longer exists"),
            "deleted outside Terraform",
            "group.deleted by bob@example.com (dashboard session from 127.0.0.1)",
            &format!("at {}", newest_event_time(&ws)),
            "1 to add",
        ],
    );
    assert_eq!(requests.get(AUDIT_LOGS), Some(&1), "{requests:?}");
}

#[test]
fn a_refresh_without_drift_asks_the_audit_log_nothing() {
    let ws = applied();
    ws.handle().reset_counters();
    ws.assert_plan_empty();
    let clean = ws.handle().request_counts();
    assert_eq!(clean.get(AUDIT_LOGS), None, "{clean:?}");
    let clean_total: usize = clean.values().sum();

    // One object drifts: one query more, for it alone.
    let project = id_of(&ws, "openai_project.app");
    ws.handle().act_as("alice@example.com");
    assert!(ws.handle().archive_project(&project));
    let (out, drifted) = plan(&ws);
    assert_mentions(
        &out,
        &[
            "project.archived by alice@example.com (dashboard session",
            &format!("at {}", newest_event_time(&ws)),
        ],
    );
    assert_eq!(drifted.get(AUDIT_LOGS), Some(&1), "{drifted:?}");
    let drifted_total: usize = drifted.values().sum();
    eprintln!(
        "requests per refresh of 2 resources: {clean_total} without drift, {drifted_total} \
         with one drifted ({} of them to the audit log)",
        drifted[AUDIT_LOGS]
    );
    assert_eq!(drifted_total, clean_total + 1);
}

#[test]
fn a_key_that_may_not_read_the_audit_log_gets_the_ordinary_warning() {
    let ws = applied();
    let group = id_of(&ws, "openai_group.team");
    ws.handle().set_faults(FaultConfig {
        fail_route: [(AUDIT_LOGS.to_string(), vec![403; 3])].into(),
        ..FaultConfig::default()
    });
    assert!(ws.handle().delete_group(&group));

    let (out, requests) = plan(&ws);
    assert_mentions(
        &out,
        &[
            &format!("openai_group {group} no longer exists"),
            "deleted outside Terraform",
        ],
    );
    assert!(!out.contains("audit log"), "{out}");
    assert_eq!(requests.get(AUDIT_LOGS), Some(&1), "{requests:?}");
    assert_eq!(ws.handle().status_counts().get(&403), Some(&1));
}
