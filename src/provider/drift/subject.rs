//! Which audit events are about the object of a state: the one query to
//! ask (`resource_ids[]`, `event_types[]`) and the payload test an event
//! must pass. Most objects are their `id`, which the events' payload
//! names. A composite ID (`<group_id>/<user_id>`, `<project_id>/<group_id>`,
//! a role assignment's `<principal>/<role>`) matches no event: the query
//! names one of its parts and the payload must name the others (a role
//! assignment event's role, principal and resource; a member change's
//! group; a project user's project).
//!
//! The description documents no event for a group's members: a member
//! added or removed is a `group.updated` on the group whose
//! `changes_requested` names no field (a rename names `group_name`), found
//! by the user's id through `resource_ids[]`.

use crate::api::AuditLogEvent;
use crate::value::Value;

/// What to ask the audit log about one object, and how to tell its events.
pub struct Subject {
    /// `resource_ids[]`: events on any of these.
    pub resource_ids: Vec<String>,
    /// `event_types[]`; empty: every type.
    pub event_types: &'static [&'static str],
    matches: Box<dyn Fn(&AuditLogEvent) -> bool + Send + Sync>,
}

impl Subject {
    /// Whether `event` is about this object (the query may return others).
    pub fn matches(&self, event: &AuditLogEvent) -> bool {
        (self.matches)(event)
    }
}

const ASSIGNMENT_EVENTS: &[&str] = &[
    "role.assignment.created",
    "role.assignment.deleted",
    "role.deleted",
];
const MEMBER_EVENTS: &[&str] = &["group.updated", "group.deleted", "user.deleted"];
const PROJECT_USER_EVENTS: &[&str] = &["user.added", "user.updated", "user.deleted"];

/// The subject of `state`, an object of `type_name`; `None` without an id.
pub fn of(type_name: &str, state: &Value) -> Option<Subject> {
    let part = |name: &str| state.get_str(name).map(str::to_string);
    match type_name {
        "openai_group_user" => membership(part("group_id")?, part("user_id")?),
        "openai_group_members" => members(part("group_id")?),
        "openai_group_role_assignment" => assignment(
            part("project_id"),
            "group",
            part("group_id")?,
            part("role_id")?,
        ),
        "openai_user_role_assignment" => assignment(
            part("project_id"),
            "user",
            part("user_id")?,
            part("role_id")?,
        ),
        "openai_project_user" => project_user(part("project_id")?, part("user_id")?),
        "openai_project_group" => {
            project_group(part("project_id")?, part("group_id")?, part("role"))
        }
        "openai_project_group_roles" => project_group(part("project_id")?, part("group_id")?, None),
        _ => by_id(state.get_str("id")?),
    }
}

/// Events whose payload names the object. A declared type's composite ID
/// (`<project_id>/<service_account_id>`) ends with the object's own id.
fn by_id(id: &str) -> Option<Subject> {
    let own = id
        .rsplit('/')
        .next()
        .filter(|own| !own.is_empty())?
        .to_string();
    // What the API's filter selects is about it (a service account's
    // `api_key.created` names the key, touching the account).
    Some(Subject {
        resource_ids: vec![own],
        event_types: &[],
        matches: Box::new(|_| true),
    })
}

/// A user in a group: a member change of that group found by the user, or
/// the user leaving the organization.
fn membership(group: String, user: String) -> Option<Subject> {
    Some(Subject {
        resource_ids: vec![user.clone()],
        event_types: MEMBER_EVENTS,
        matches: Box::new(move |e| {
            let on = |id: &str| e.details.id.as_deref() == Some(id);
            match e.kind.as_str() {
                "group.updated" => on(&group) && is_member_change(e),
                "group.deleted" => on(&group),
                "user.deleted" => on(&user) && e.project.is_none(),
                _ => false,
            }
        }),
    })
}

/// A group's whole member list: its member changes, or its deletion.
fn members(group: String) -> Option<Subject> {
    Some(Subject {
        resource_ids: vec![group.clone()],
        event_types: &["group.updated", "group.deleted"],
        matches: Box::new(move |e| {
            e.details.id.as_deref() == Some(group.as_str())
                && (e.kind == "group.deleted" || is_member_change(e))
        }),
    })
}

/// A `group.updated` that asked for no documented field: a member change.
fn is_member_change(e: &AuditLogEvent) -> bool {
    e.details.changes_requested.is_empty()
}

/// A role given to a principal in a project (or the organization, with
/// no project): its `role.assignment.*` events, or the role's deletion.
fn assignment(
    project: Option<String>,
    principal_type: &'static str,
    principal: String,
    role: String,
) -> Option<Subject> {
    Some(Subject {
        resource_ids: vec![principal.clone(), role.clone()],
        event_types: ASSIGNMENT_EVENTS,
        matches: Box::new(move |e| {
            let d = &e.details;
            if e.kind == "role.deleted" {
                return d.id.as_deref() == Some(role.as_str());
            }
            d.id.as_deref() == Some(role.as_str())
                && d.principal_id.as_deref() == Some(principal.as_str())
                && d.principal_type
                    .as_deref()
                    .is_none_or(|t| t == principal_type)
                && in_scope(e, project.as_deref())
        }),
    })
}

/// Whether a role assignment event is scoped to `project` (`None`: the
/// organization).
fn in_scope(e: &AuditLogEvent, project: Option<&str>) -> bool {
    match project {
        Some(project) => e.details.resource_id.as_deref() == Some(project),
        None => e.details.resource_type.as_deref() == Some("api.organization"),
    }
}

/// A user in a project: the `user.*` events of that user there, or the
/// user leaving the organization.
fn project_user(project: String, user: String) -> Option<Subject> {
    Some(Subject {
        resource_ids: vec![user.clone()],
        event_types: PROJECT_USER_EVENTS,
        matches: Box::new(move |e| {
            let here = e.project.as_ref().map(|p| p.id.as_str());
            e.details.id.as_deref() == Some(user.as_str())
                && (here == Some(project.as_str()) || (here.is_none() && e.kind == "user.deleted"))
        }),
    })
}

/// A group's access to a project (and, with `join_role`, that role): the
/// group's role assignment events there. Leaving the project names no role.
fn project_group(project: String, group: String, join_role: Option<String>) -> Option<Subject> {
    Some(Subject {
        resource_ids: vec![group.clone()],
        event_types: &["role.assignment.created", "role.assignment.deleted"],
        matches: Box::new(move |e| {
            let d = &e.details;
            d.principal_id.as_deref() == Some(group.as_str())
                && d.principal_type.as_deref().is_none_or(|t| t == "group")
                && d.resource_id.as_deref() == Some(project.as_str())
                && match (&join_role, &d.id) {
                    (Some(join), Some(role)) => join == role,
                    _ => true,
                }
        }),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use super::*;
    use crate::value::test_support::object;

    fn event(kind: &str, project: Option<&str>, payload: Json) -> AuditLogEvent {
        let mut raw = json!({"id": "audit_log-1", "type": kind, "effective_at": 1});
        raw[kind] = payload;
        if let Some(p) = project {
            raw["project"] = json!({"id": p, "name": "P"});
        }
        serde_json::from_value(raw).unwrap()
    }

    fn state(pairs: &[(&str, &str)]) -> Value {
        let pairs: Vec<(&str, Value)> =
            pairs.iter().map(|(k, v)| (*k, Value::string(*v))).collect();
        object(&pairs)
    }

    fn assignment_event(kind: &str, role: &str, principal: &str, resource: &str) -> AuditLogEvent {
        let resource_type = if resource.starts_with("proj_") {
            "api.project"
        } else {
            "api.organization"
        };
        event(
            kind,
            None,
            json!({"id": role, "principal_id": principal, "principal_type": "group",
                   "resource_id": resource, "resource_type": resource_type}),
        )
    }

    #[test]
    fn a_membership_is_found_by_its_user_and_told_by_its_group() {
        let s = of(
            "openai_group_user",
            &state(&[
                ("id", "group_a/user_b"),
                ("group_id", "group_a"),
                ("user_id", "user_b"),
            ]),
        )
        .unwrap();
        assert_eq!(s.resource_ids, ["user_b"]);
        let member = |group: &str| {
            event(
                "group.updated",
                None,
                json!({"id": group, "changes_requested": {}}),
            )
        };
        assert!(s.matches(&member("group_a")));
        assert!(
            !s.matches(&member("group_other")),
            "another group's member change"
        );
        let rename = event(
            "group.updated",
            None,
            json!({"id": "group_a", "changes_requested": {"group_name": "New"}}),
        );
        assert!(!s.matches(&rename), "a rename is not a member change");
        assert!(s.matches(&event("user.deleted", None, json!({"id": "user_b"}))));
        assert!(
            !s.matches(&event(
                "user.deleted",
                Some("proj_x"),
                json!({"id": "user_b"})
            )),
            "leaving a project is not leaving the group"
        );
    }

    #[test]
    fn an_assignment_is_told_by_role_principal_and_scope() {
        let s = of(
            "openai_group_role_assignment",
            &state(&[
                ("id", "proj_p/group_g/role-r"),
                ("project_id", "proj_p"),
                ("group_id", "group_g"),
                ("role_id", "role-r"),
            ]),
        )
        .unwrap();
        assert_eq!(s.resource_ids, ["group_g", "role-r"]);
        let deleted = "role.assignment.deleted";
        assert!(s.matches(&assignment_event(deleted, "role-r", "group_g", "proj_p")));
        assert!(!s.matches(&assignment_event(
            deleted,
            "role-other",
            "group_g",
            "proj_p"
        )));
        assert!(!s.matches(&assignment_event(
            deleted,
            "role-r",
            "group_other",
            "proj_p"
        )));
        assert!(!s.matches(&assignment_event(deleted, "role-r", "group_g", "proj_q")));
        assert!(s.matches(&event(
            "role.deleted",
            Some("proj_p"),
            json!({"id": "role-r"})
        )));

        let org = of(
            "openai_group_role_assignment",
            &state(&[
                ("id", "group_g/role-r"),
                ("group_id", "group_g"),
                ("role_id", "role-r"),
            ]),
        )
        .unwrap();
        assert!(org.matches(&assignment_event(deleted, "role-r", "group_g", "org-1")));
        assert!(!org.matches(&assignment_event(deleted, "role-r", "group_g", "proj_p")));
    }

    #[test]
    fn project_access_is_told_by_project_and_join_role() {
        let s = of(
            "openai_project_group",
            &state(&[
                ("id", "proj_p/group_g"),
                ("project_id", "proj_p"),
                ("group_id", "group_g"),
                ("role", "role-join"),
            ]),
        )
        .unwrap();
        let left = event(
            "role.assignment.deleted",
            Some("proj_p"),
            json!({"principal_id": "group_g", "principal_type": "group",
                   "resource_id": "proj_p", "resource_type": "api.project"}),
        );
        assert!(s.matches(&left), "leaving names no role");
        let kind = "role.assignment.deleted";
        assert!(!s.matches(&assignment_event(kind, "role-other", "group_g", "proj_p")));
        assert!(s.matches(&assignment_event(kind, "role-join", "group_g", "proj_p")));
        assert!(!s.matches(&assignment_event(kind, "role-join", "group_g", "proj_q")));

        let user = of(
            "openai_project_user",
            &state(&[
                ("id", "proj_p/user_u"),
                ("project_id", "proj_p"),
                ("user_id", "user_u"),
            ]),
        )
        .unwrap();
        assert!(user.matches(&event(
            "user.deleted",
            Some("proj_p"),
            json!({"id": "user_u"})
        )));
        assert!(!user.matches(&event(
            "user.deleted",
            Some("proj_q"),
            json!({"id": "user_u"})
        )));
        assert!(user.matches(&event("user.deleted", None, json!({"id": "user_u"}))));
    }

    #[test]
    fn other_objects_are_their_id_or_its_last_part() {
        let group = of("openai_group", &state(&[("id", "group_a")])).unwrap();
        assert_eq!(group.resource_ids, ["group_a"]);
        assert!(group.matches(&event("group.deleted", None, json!({"id": "group_a"}))));
        let account = of(
            "openai_project_service_account",
            &state(&[("id", "proj_p/svc_acct_1")]),
        )
        .unwrap();
        assert_eq!(account.resource_ids, ["svc_acct_1"]);
        assert!(of("openai_group", &state(&[])).is_none());
    }
}
