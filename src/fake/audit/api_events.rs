//! Which audit event a successful `/v1` write makes: the documented type
//! and payload, built from the route, its path ids, the request body, the
//! answer, and (for a role update) the role as it was before.
//!
//! Two choices the description leaves open: it documents no event for a
//! group's members, so a member added or removed is a `group.updated` whose
//! `changes_requested` is empty (the schema has no member fields), and a
//! `resource_ids[]` filter on the user finds it too); a group joining or
//! leaving a project is the `role.assignment.created` / `.deleted` of its
//! join role, which is what the fake records it as.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::NewEvent;
use crate::fake::ORG_ID;
use crate::fake::collections::{DECLARATIONS, Declaration};

/// One write as the middleware saw it.
pub struct Write<'a> {
    pub method: &'a str,
    /// Template without `/v1`, e.g. `/organization/groups/{group_id}`.
    pub route: &'a str,
    pub ids: &'a HashMap<String, String>,
    pub request: &'a Value,
    pub response: &'a Value,
    /// The role before an update (`None` otherwise).
    pub prior_role: Option<&'a Value>,
}

impl Write<'_> {
    fn id(&self, key: &str) -> &str {
        self.ids.get(key).map(String::as_str).unwrap_or_default()
    }

    fn project(&self) -> Option<&str> {
        self.ids.get("project_id").map(String::as_str)
    }

    fn answered(&self, pointer: &str) -> &str {
        self.response
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    fn asked(&self, key: &str) -> Value {
        self.request.get(key).cloned().unwrap_or(Value::Null)
    }
}

/// The route of a role (`prior_role` is read before the handler runs).
pub fn is_role_item(route: &str) -> bool {
    matches!(
        route,
        "/projects/{project_id}/roles/{role_id}" | "/organization/roles/{role_id}"
    )
}

/// The events `write` makes (none for reads and unknown routes).
pub fn events(write: &Write) -> Vec<NewEvent> {
    if write.method == "GET" {
        return Vec::new();
    }
    let p = write.project();
    let (resource_type, resource_id) = match p {
        Some(p) => ("api.project", p),
        None => ("api.organization", ORG_ID),
    };
    let event = match (write.method, write.route) {
        // Roles.
        ("POST", "/projects/{project_id}/roles" | "/organization/roles") => NewEvent::new(
            "role.created",
            json!({
                "id": write.answered("/id"),
                "role_name": write.answered("/name"),
                "permissions": write.response["permissions"],
                "resource_type": resource_type,
                "resource_id": resource_id,
            }),
        ),
        ("POST", route) if is_role_item(route) => role_updated(write, resource_type, resource_id),
        ("DELETE", route) if is_role_item(route) => {
            NewEvent::new("role.deleted", json!({"id": write.id("role_id")}))
        }
        // Role assignments of groups and users.
        ("POST", route) if route.ends_with("/roles") && route.contains("s/{") => {
            assignment("role.assignment.created", write, write.answered("/role/id"), resource_type, resource_id)
        }
        ("DELETE", route) if route.ends_with("/roles/{role_id}") => {
            assignment("role.assignment.deleted", write, write.id("role_id"), resource_type, resource_id)
        }
        // Groups and their members.
        ("POST", "/organization/groups") => NewEvent::new(
            "group.created",
            json!({"id": write.answered("/id"), "data": {"group_name": write.asked("name")}}),
        ),
        ("POST", "/organization/groups/{group_id}") => NewEvent::new(
            "group.updated",
            json!({"id": write.id("group_id"), "changes_requested": {"group_name": write.asked("name")}}),
        ),
        ("DELETE", "/organization/groups/{group_id}") => {
            NewEvent::new("group.deleted", json!({"id": write.id("group_id")}))
        }
        ("POST", "/organization/groups/{group_id}/users") => {
            let user = write.asked("user_id");
            NewEvent::new(
                "group.updated",
                json!({"id": write.id("group_id"), "changes_requested": {}}),
            )
            .touching(user.as_str().unwrap_or_default())
        }
        ("DELETE", "/organization/groups/{group_id}/users/{user_id}") => NewEvent::new(
            "group.updated",
            json!({"id": write.id("group_id"), "changes_requested": {}}),
        )
        .touching(write.id("user_id")),
        // Projects.
        ("POST", "/organization/projects") => NewEvent::new(
            "project.created",
            json!({"id": write.answered("/id"), "data": {"name": write.asked("name"), "title": write.asked("name")}}),
        )
        .in_project(Some(write.answered("/id"))),
        ("POST", "/organization/projects/{project_id}") => NewEvent::new(
            "project.updated",
            json!({"id": write.id("project_id"), "changes_requested": {"title": write.asked("name")}}),
        )
        .in_project(p),
        ("POST", "/organization/projects/{project_id}/archive") => {
            NewEvent::new("project.archived", json!({"id": write.id("project_id")})).in_project(p)
        }
        // Who has access to a project.
        ("POST", "/organization/projects/{project_id}/groups") => join_role(
            "role.assignment.created",
            write.asked("group_id").as_str().unwrap_or_default(),
            write.asked("role").as_str().unwrap_or_default(),
            resource_id,
        ),
        ("DELETE", "/organization/projects/{project_id}/groups/{group_id}") => {
            join_role("role.assignment.deleted", write.id("group_id"), "", resource_id)
        }
        ("POST", "/organization/projects/{project_id}/users") => NewEvent::new(
            "user.added",
            json!({"id": write.answered("/id"), "data": {"role": write.asked("role")}}),
        ),
        ("POST", "/organization/projects/{project_id}/users/{user_id}" | "/organization/users/{user_id}") => {
            NewEvent::new(
                "user.updated",
                json!({"id": write.id("user_id"), "changes_requested": {"role": write.asked("role")}}),
            )
        }
        ("DELETE", "/organization/projects/{project_id}/users/{user_id}" | "/organization/users/{user_id}") => {
            NewEvent::new("user.deleted", json!({"id": write.id("user_id")}))
        }
        // Another key of a service account.
        ("POST", "/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys") => {
            NewEvent::new(
                "api_key.created",
                json!({"id": write.answered("/id"), "data": {"scopes": scopes(write)}}),
            )
            .touching(write.id("service_account_id"))
        }
        // Certificates switched on or off, at the organization or in a project.
        (
            "POST",
            "/organization/certificates/activate"
            | "/organization/projects/{project_id}/certificates/activate",
        ) => certificates_toggled("certificates.activated", write),
        (
            "POST",
            "/organization/certificates/deactivate"
            | "/organization/projects/{project_id}/certificates/deactivate",
        ) => certificates_toggled("certificates.deactivated", write),
        (method, route) => return declared(write, method, route),
    };
    // A project's own events name it already; the others are scoped to
    // the project of their path, if any.
    let mut event = event;
    if event.project_id.is_none() {
        event.project_id = p.map(str::to_string);
    }
    vec![event]
}

/// `certificates.activated` / `.deactivated`: the documented `id` and
/// `name` of each certificate the answer lists; a `resource_ids[]` filter
/// on any of them finds the event.
fn certificates_toggled(kind: &'static str, write: &Write) -> NewEvent {
    let listed = write.response["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let certificates: Vec<Value> = listed
        .iter()
        .map(|c| json!({"id": c["id"], "name": c["name"]}))
        .collect();
    let mut event = NewEvent::new(kind, json!({ "certificates": certificates }));
    for id in listed.iter().filter_map(|c| c["id"].as_str()) {
        event = event.touching(id);
    }
    event
}

fn role_updated(write: &Write, resource_type: &str, resource_id: &str) -> NewEvent {
    let before: Vec<&str> = permissions(write.prior_role);
    let after: Vec<&str> = permissions(Some(write.response));
    let added: Vec<&str> = after
        .iter()
        .filter(|p| !before.contains(p))
        .copied()
        .collect();
    let removed: Vec<&str> = before
        .iter()
        .filter(|p| !after.contains(p))
        .copied()
        .collect();
    let mut changes = json!({
        "resource_type": resource_type,
        "resource_id": resource_id,
        "permissions_added": added,
        "permissions_removed": removed,
    });
    // Only what was asked, and a cleared description not as `null` (the
    // schema types it as a string).
    for key in ["role_name", "description"] {
        if let Some(value) = write.request.get(key).filter(|v| !v.is_null()) {
            changes[key] = value.clone();
        }
    }
    NewEvent::new(
        "role.updated",
        json!({"id": write.id("role_id"), "changes_requested": changes}),
    )
}

fn permissions(role: Option<&Value>) -> Vec<&str> {
    role.and_then(|r| r["permissions"].as_array())
        .map(|ps| ps.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn assignment(
    kind: &'static str,
    write: &Write,
    role_id: &str,
    resource_type: &str,
    resource_id: &str,
) -> NewEvent {
    let (principal_type, principal_id) = if write.ids.contains_key("group_id") {
        ("group", write.id("group_id"))
    } else {
        ("user", write.id("user_id"))
    };
    NewEvent::new(
        kind,
        json!({
            "id": role_id,
            "principal_id": principal_id,
            "principal_type": principal_type,
            "resource_id": resource_id,
            "resource_type": resource_type,
        }),
    )
    .touching(principal_id)
}

fn join_role(kind: &'static str, group_id: &str, role: &str, project_id: &str) -> NewEvent {
    let mut details = json!({
        "id": role,
        "principal_id": group_id,
        "principal_type": "group",
        "resource_id": project_id,
        "resource_type": "api.project",
    });
    // Leaving a project: the join role is gone before the answer says it.
    if role.is_empty()
        && let Some(map) = details.as_object_mut()
    {
        map.remove("id");
    }
    NewEvent::new(kind, details).touching(group_id)
}

fn scopes(write: &Write) -> Value {
    match write.request.get("scopes") {
        Some(Value::Array(s)) => Value::Array(s.clone()),
        _ => json!([]),
    }
}

/// The documented events of each declared type: (created, updated, deleted).
pub fn declared_kinds(name: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match name {
        "invites" => ("invite.sent", "invite.updated", "invite.deleted"),
        "service_accounts" => (
            "service_account.created",
            "service_account.updated",
            "service_account.deleted",
        ),
        "project_api_keys" | "admin_api_keys" => {
            ("api_key.created", "api_key.updated", "api_key.deleted")
        }
        "certificates" => (
            "certificate.created",
            "certificate.updated",
            "certificate.deleted",
        ),
        // Rate limits are only ever updated: no creation is documented.
        "rate_limits" => (
            "rate_limit.updated",
            "rate_limit.updated",
            "rate_limit.deleted",
        ),
        _ => return None,
    })
}

/// Declared types whose writes the description documents no audit event
/// for (`AuditLogEventType` has none for spend alerts): recorded as none.
pub const WITHOUT_EVENTS: &[&str] = &["organization_spend_alerts", "project_spend_alerts"];

/// What `rate_limit.updated`'s `changes_requested` documents.
const RATE_LIMIT_FIELDS: &[&str] = &[
    "max_requests_per_1_minute",
    "max_tokens_per_1_minute",
    "max_images_per_1_minute",
    "max_audio_megabytes_per_1_minute",
    "max_requests_per_1_day",
    "batch_1_day_max_input_tokens",
];

/// `details` with the certificate's `name` when the request gave one (the
/// certificate events document `id` and `name`, nothing else).
fn named(mut details: Value, name: Value) -> Value {
    if name.is_string() {
        details["name"] = name;
    }
    details
}

/// The fields of an update its event documents (`role`, `scopes`; a rate
/// limit's limits).
fn picked(request: &Value, keys: &[&str]) -> Value {
    let mut changes = serde_json::Map::new();
    for key in keys.iter().copied() {
        if let Some(value) = request.get(key) {
            changes.insert(key.to_string(), value.clone());
        }
    }
    Value::Object(changes)
}

fn declared(write: &Write, method: &str, route: &str) -> Vec<NewEvent> {
    let found = DECLARATIONS.iter().find_map(|decl: &&Declaration| {
        let is_list = decl.path.strip_prefix("/v1") == Some(route);
        let is_item = decl.item_path.strip_prefix("/v1") == Some(route);
        (is_list || is_item).then_some((*decl, is_item))
    });
    let Some((decl, is_item)) = found else {
        return Vec::new();
    };
    let Some((created, updated, deleted)) = declared_kinds(decl.name) else {
        if WITHOUT_EVENTS.contains(&decl.name) {
            return Vec::new();
        }
        log::warn!(
            "openai-admin-fake: no audit event is declared for {}",
            decl.name
        );
        return Vec::new();
    };
    let p = write.project();
    let mut events = Vec::new();
    match (method, is_item) {
        ("POST", false) => {
            let id = write.answered("/id");
            let data = match decl.name {
                "invites" => json!({"email": write.asked("email"), "role": write.asked("role")}),
                "service_accounts" => json!({"role": write.answered("/role")}),
                _ => json!({"scopes": scopes(write)}),
            };
            let details = match decl.name {
                // `certificate.created` documents `id` and `name`, no `data`.
                "certificates" => named(json!({"id": id}), write.asked("name")),
                _ => json!({"id": id, "data": data}),
            };
            events.push(NewEvent::new(created, details));
            // A service account is made with its first key.
            let key = write.answered("/api_key/id");
            if decl.name == "service_accounts" && !key.is_empty() {
                events.push(
                    NewEvent::new(
                        "api_key.created",
                        json!({"id": key, "data": {"scopes": []}}),
                    )
                    .touching(id),
                );
            }
        }
        ("POST", true) => {
            let id = write.id(decl.item_param);
            let details = match decl.name {
                "certificates" => named(json!({"id": id}), write.asked("name")),
                "rate_limits" => {
                    json!({"id": id, "changes_requested": picked(write.request, RATE_LIMIT_FIELDS)})
                }
                _ => {
                    json!({"id": id, "changes_requested": picked(write.request, &["role", "scopes"])})
                }
            };
            events.push(NewEvent::new(updated, details));
        }
        ("DELETE", true) => events.push(NewEvent::new(
            deleted,
            json!({"id": write.id(decl.item_param)}),
        )),
        _ => {}
    }
    events.into_iter().map(|e| e.in_project(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write<'a>(
        method: &'a str,
        route: &'a str,
        ids: &'a HashMap<String, String>,
        request: &'a Value,
        response: &'a Value,
    ) -> Write<'a> {
        Write {
            method,
            route,
            ids,
            request,
            response,
            prior_role: None,
        }
    }

    fn ids(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_declared_type_has_its_documented_events() {
        for decl in DECLARATIONS {
            if WITHOUT_EVENTS.contains(&decl.name) {
                assert!(declared_kinds(decl.name).is_none(), "{}", decl.name);
                continue;
            }
            assert!(
                declared_kinds(decl.name).is_some(),
                "no audit events for {}",
                decl.name
            );
        }
    }

    #[test]
    fn certificate_activation_records_the_documented_event_with_each_certificate() {
        let project = ids(&[("project_id", "proj_a")]);
        let body = json!({"certificate_ids": ["cert_1", "cert_2"]});
        let answer = json!({
            "object": "organization.project.certificate.activation",
            "data": [
                {"object": "organization.project.certificate", "id": "cert_1", "name": "a", "active": true},
                {"object": "organization.project.certificate", "id": "cert_2", "name": "b", "active": true},
            ],
        });
        for (route, kind) in [
            (
                "/organization/projects/{project_id}/certificates/activate",
                "certificates.activated",
            ),
            (
                "/organization/projects/{project_id}/certificates/deactivate",
                "certificates.deactivated",
            ),
        ] {
            let [event] = events(&write("POST", route, &project, &body, &answer))
                .try_into()
                .unwrap();
            assert_eq!(event.kind, kind);
            assert_eq!(
                event.details,
                json!({"certificates": [{"id": "cert_1", "name": "a"}, {"id": "cert_2", "name": "b"}]})
            );
            assert_eq!(event.project_id.as_deref(), Some("proj_a"));
            assert_eq!(event.also_touches, ["cert_1", "cert_2"]);
        }
        let none = ids(&[]);
        let [event] = events(&write(
            "POST",
            "/organization/certificates/activate",
            &none,
            &body,
            &answer,
        ))
        .try_into()
        .unwrap();
        assert_eq!(
            (event.kind, event.project_id),
            ("certificates.activated", None)
        );
    }

    #[test]
    fn certificate_and_rate_limit_events_carry_only_their_documented_fields() {
        let none = ids(&[]);
        let upload = json!({"name": "mtls", "certificate": "PEM"});
        let made = json!({"id": "cert_1", "name": "mtls"});
        let [event] = events(&write(
            "POST",
            "/organization/certificates",
            &none,
            &upload,
            &made,
        ))
        .try_into()
        .unwrap();
        assert_eq!(
            (event.kind, event.details),
            (
                "certificate.created",
                json!({"id": "cert_1", "name": "mtls"})
            )
        );
        let cert = ids(&[("certificate_id", "cert_1")]);
        let rename = json!({"name": "renamed"});
        let [event] = events(&write(
            "POST",
            "/organization/certificates/{certificate_id}",
            &cert,
            &rename,
            &made,
        ))
        .try_into()
        .unwrap();
        assert_eq!(event.details, json!({"id": "cert_1", "name": "renamed"}));
        let limit = ids(&[("project_id", "proj_a"), ("rate_limit_id", "rl-x")]);
        let body = json!({"max_requests_per_1_minute": 5, "role": "not a limit field"});
        let [event] = events(&write(
            "POST",
            "/organization/projects/{project_id}/rate_limits/{rate_limit_id}",
            &limit,
            &body,
            &json!({"id": "rl-x"}),
        ))
        .try_into()
        .unwrap();
        assert_eq!(
            (event.kind, event.details),
            (
                "rate_limit.updated",
                json!({"id": "rl-x", "changes_requested": {"max_requests_per_1_minute": 5}})
            )
        );
    }

    #[test]
    fn a_role_update_names_the_permissions_added_and_removed() {
        let ids = ids(&[("project_id", "proj_alpha"), ("role_id", "role-1")]);
        let prior = json!({"permissions": ["a", "b"]});
        let request = json!({"permissions": ["b", "c"], "role_name": "R"});
        let response = json!({"id": "role-1", "permissions": ["b", "c"]});
        let mut w = write(
            "POST",
            "/projects/{project_id}/roles/{role_id}",
            &ids,
            &request,
            &response,
        );
        w.prior_role = Some(&prior);
        let [event] = events(&w).try_into().unwrap();
        assert_eq!(event.kind, "role.updated");
        let changes = &event.details["changes_requested"];
        assert_eq!(changes["permissions_added"], json!(["c"]));
        assert_eq!(changes["permissions_removed"], json!(["a"]));
        assert_eq!(changes["role_name"], "R");
        assert_eq!(event.project_id.as_deref(), Some("proj_alpha"));
    }

    #[test]
    fn assignments_and_members_are_found_by_either_id() {
        let ids1 = ids(&[("group_id", "group_x")]);
        let body = json!({"role_id": "role-o"});
        let answer = json!({"role": {"id": "role-o"}});
        let [event] = events(&write(
            "POST",
            "/organization/groups/{group_id}/roles",
            &ids1,
            &body,
            &answer,
        ))
        .try_into()
        .unwrap();
        assert_eq!(event.kind, "role.assignment.created");
        assert_eq!(event.details["principal_type"], "group");
        assert_eq!(event.details["resource_type"], "api.organization");
        assert_eq!(event.also_touches, ["group_x"]);
        let body = json!({"user_id": "user_bob"});
        let [member] = events(&write(
            "POST",
            "/organization/groups/{group_id}/users",
            &ids1,
            &body,
            &Value::Null,
        ))
        .try_into()
        .unwrap();
        assert_eq!(member.kind, "group.updated");
        assert_eq!(member.also_touches, ["user_bob"]);
    }

    #[test]
    fn a_service_account_create_records_its_first_key_too() {
        let ids = ids(&[("project_id", "proj_alpha")]);
        let answer = json!({"id": "svc_acct_1", "role": "member", "api_key": {"id": "key_1"}});
        let got = events(&write(
            "POST",
            "/organization/projects/{project_id}/service_accounts",
            &ids,
            &json!({"name": "bot"}),
            &answer,
        ));
        let kinds: Vec<&str> = got.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["service_account.created", "api_key.created"]);
        assert!(
            got.iter()
                .all(|e| e.project_id.as_deref() == Some("proj_alpha"))
        );
    }

    #[test]
    fn reads_make_no_event() {
        let none = HashMap::new();
        assert!(
            events(&write(
                "GET",
                "/organization/groups",
                &none,
                &Value::Null,
                &Value::Null
            ))
            .is_empty()
        );
    }
}
