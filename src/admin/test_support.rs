//! A small organization as an inventory, for the export and snapshot
//! tests.

use crate::admin::inventory::{
    GroupEntry, Inventory, ProjectContents, ProjectEntry, ProjectGroupEntry, ProjectUserEntry,
    UserEntry,
};
use crate::api::{
    ApiObject, AssignedRole, AssignmentSource, Group, GroupUser, Project, ProjectGroup,
    ProjectUser, Role, User,
};

fn role(id: &str, name: &str, permissions: &[&str], predefined: bool) -> Role {
    Role {
        id: id.into(),
        name: name.into(),
        description: None,
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        resource_type: "api.project".into(),
        predefined_role: predefined,
    }
}

fn assigned(role: &Role) -> AssignedRole {
    AssignedRole {
        role: role.clone(),
        created_at: None,
        updated_at: None,
        created_by: None,
        assignment_sources: None,
    }
}

/// A role `role_id` held through `sources` (none: held directly, with
/// an empty source list).
pub fn assigned_from(role_id: &str, sources: &[&str]) -> AssignedRole {
    let mut held = assigned(&role(
        role_id,
        role_id,
        &["api.model.read"],
        role_id.starts_with("role-api-"),
    ));
    held.assignment_sources = Some(
        sources
            .iter()
            .map(|id| AssignmentSource {
                principal_id: id.to_string(),
                principal_type: if id.starts_with("user_") {
                    "user"
                } else {
                    "group"
                }
                .into(),
            })
            .collect(),
    );
    held
}

fn group(id: &str, name: &str, scim: bool) -> GroupEntry {
    GroupEntry {
        group: Group {
            id: id.into(),
            name: name.into(),
            created_at: 1,
            scim_managed: scim,
            group_type: None,
        },
        members: Some(vec![GroupUser {
            id: "user_ann".into(),
            name: "Ann".into(),
            email: Some("ann@example.com".into()),
        }]),
        org_roles: Vec::new(),
    }
}

fn project(
    id: &str,
    name: &str,
    archived: bool,
    contents: Option<ProjectContents>,
) -> ProjectEntry {
    ProjectEntry {
        project: Project {
            id: id.into(),
            name: name.into(),
            created_at: 1,
            archived_at: archived.then_some(2),
            status: if archived { "archived" } else { "active" }.into(),
            external_key_id: None,
        },
        contents,
    }
}

fn access(project_id: &str, group_id: &str, roles: Vec<AssignedRole>) -> ProjectGroupEntry {
    ProjectGroupEntry {
        access: ProjectGroup {
            project_id: project_id.into(),
            group_id: group_id.into(),
            group_name: group_id.trim_start_matches("group_").into(),
            group_type: None,
            created_at: 1,
        },
        roles,
    }
}

/// Web (proj_web) with a custom role Deployer; ops joined with the member
/// role and also holds Deployer, which ann holds too (and, through ops
/// only, member); the SCIM group sso joined with Deployer; a custom role
/// with no permission (kept: the API accepts one); an archived project.
pub fn inventory() -> Inventory {
    let member = role(
        "role-api-project-member__api-project__proj_web",
        "member",
        &["api.model.read"],
        true,
    );
    let viewer = role(
        "role-api-project-viewer__api-project__proj_web",
        "viewer",
        &["api.model.read"],
        true,
    );
    let deployer = role("role_deploy", "Deployer", &["api.model.request"], false);
    let empty = role("role_empty", "Nothing Yet", &[], false);
    let mut inherited = assigned(&member);
    inherited.assignment_sources = Some(vec![AssignmentSource {
        principal_id: "group_ops".into(),
        principal_type: "group".into(),
    }]);
    let web = ProjectContents {
        roles: vec![member.clone(), viewer, deployer.clone(), empty],
        groups: vec![
            access(
                "proj_web",
                "group_ops",
                vec![assigned(&deployer), assigned(&member)],
            ),
            access("proj_web", "group_sso", vec![assigned(&deployer)]),
        ],
        users: vec![ProjectUserEntry {
            access: ProjectUser {
                id: "user_ann".into(),
                name: "Ann".into(),
                email: Some("ann@example.com".into()),
                role: "owner".into(),
                added_at: Some(1),
            },
            roles: vec![assigned(&deployer), inherited],
        }],
    };
    Inventory {
        users: vec![UserEntry {
            user: User {
                id: "user_ann".into(),
                name: "Ann".into(),
                email: Some("ann@example.com".into()),
                role: "owner".into(),
                added_at: Some(1),
            },
            org_roles: Vec::new(),
        }],
        groups: vec![
            group("group_ops", "Ops", false),
            group("group_sso", "SSO", true),
        ],
        org_roles: vec![role(
            "role-api-organization-owner",
            "owner",
            &["api.groups.read"],
            true,
        )],
        projects: vec![
            project("proj_web", "Web", false, Some(web)),
            project("proj_old", "Old", true, None),
        ],
        declared: declared(),
        settings: settings(),
    }
}

/// A PEM certificate valid until 2096, as the API returns an upload;
/// the same one every call (the key is random).
pub fn certificate_pem() -> String {
    static PEM: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PEM.get_or_init(generated_pem).clone()
}

fn generated_pem() -> String {
    let mut params =
        rcgen::CertificateParams::new(vec!["client.example.com".into()]).expect("params");
    let at = |secs| time::OffsetDateTime::from_unix_timestamp(secs).expect("a time");
    params.not_before = at(1_700_000_000);
    params.not_after = at(4_000_000_000);
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("key");
    params.self_signed(&key).expect("self-signed").pem()
}

fn object(json: serde_json::Value) -> ApiObject {
    match json {
        serde_json::Value::Object(map) => ApiObject(map),
        _ => unreachable!("objects are JSON objects"),
    }
}

/// Every settings type of the organization and of Web (and Old's
/// retention: archived, never exported): no organization spend limit
/// (never set), two of Web's rate limits, one with a limit its model
/// lacks (null).
fn settings() -> std::collections::BTreeMap<&'static str, Vec<ApiObject>> {
    use serde_json::json;
    [
        (
            "openai_organization_data_retention",
            vec![object(json!({"object": "organization.data_retention", "type": "zero_data_retention"}))],
        ),
        (
            "openai_project_data_retention",
            vec![
                object(json!({"object": "project.data_retention", "type": "none", "project_id": "proj_web"})),
                object(json!({"object": "project.data_retention", "type": "none", "project_id": "proj_old"})),
            ],
        ),
        (
            "openai_project_model_permissions",
            vec![object(json!({
                "object": "project.model_permissions", "mode": "allow_list",
                "model_ids": ["o3", "gpt-4.1"], "project_id": "proj_web",
            }))],
        ),
        (
            "openai_project_hosted_tool_permissions",
            vec![object(json!({
                "file_search": {"enabled": true}, "web_search": {"enabled": false},
                "image_generation": {"enabled": true}, "mcp": {"enabled": false},
                "code_interpreter": {"enabled": true}, "project_id": "proj_web",
            }))],
        ),
        ("openai_organization_spend_limit", vec![]),
        (
            "openai_project_spend_limit",
            vec![object(json!({
                "object": "project.spend_limit", "threshold_amount": 50000, "currency": "USD",
                "interval": "month", "enforcement": {"status": "inactive"},
                "project_id": "proj_web",
            }))],
        ),
        (
            "openai_project_rate_limit",
            vec![
                object(json!({
                    "object": "project.rate_limit", "id": "rl-gpt-4o", "model": "gpt-4o",
                    "max_requests_per_1_minute": 500, "max_tokens_per_1_minute": 30000,
                    "max_images_per_1_minute": null, "project_id": "proj_web",
                })),
                object(json!({
                    "object": "project.rate_limit", "id": "rl-dall-e-3", "model": "dall-e-3",
                    "max_requests_per_1_minute": 5000, "max_tokens_per_1_minute": 800000,
                    "max_images_per_1_minute": 50, "project_id": "proj_web",
                })),
            ],
        ),
    ]
    .into()
}

/// A pending and an accepted invite, a service account in Web and in Old
/// (archived: never exported), a spend alert of the organization (no
/// subject prefix) and of Web, and a certificate with its PEM.
fn declared() -> std::collections::BTreeMap<&'static str, Vec<ApiObject>> {
    use serde_json::json;
    let alert = |id: &str, cents: i64, project: Option<&str>, prefix: Option<&str>| {
        let mut alert = json!({
            "object": "spend_alert", "id": id, "threshold_amount": cents, "currency": "USD",
            "interval": "month",
            "notification_channel": {
                "type": "email", "recipients": ["b@example.com", "a@example.com"],
                "subject_prefix": prefix,
            },
        });
        if let Some(project) = project {
            alert["project_id"] = json!(project);
        }
        object(alert)
    };
    [
        (
            "openai_organization_spend_alert",
            vec![alert("alert_org", 2000, None, None)],
        ),
        (
            "openai_project_spend_alert",
            vec![alert("alert_web", 500, Some("proj_web"), Some("[web]"))],
        ),
        (
            "openai_certificate",
            vec![object(json!({
                "object": "certificate", "id": "cert_mtls", "name": "mTLS", "created_at": 1,
                "active": true,
                "certificate_details": {
                    "valid_at": 1_700_000_000, "expires_at": 4_000_000_000_i64,
                    "content": certificate_pem(),
                },
            }))],
        ),
        (
            "openai_invite",
            vec![
                object(serde_json::json!({
                    "object": "organization.invite", "id": "invite-bob",
                    "email": "bob@example.com", "role": "reader", "status": "pending",
                    "projects": [{"id": "proj_web", "role": "member"}],
                })),
                object(serde_json::json!({
                    "object": "organization.invite", "id": "invite-cy",
                    "email": "cy@example.com", "role": "owner", "status": "accepted",
                })),
            ],
        ),
        (
            "openai_project_service_account",
            vec![
                object(serde_json::json!({
                    "object": "organization.project.service_account", "id": "svc_acct_ci",
                    "name": "CI", "role": "member", "created_at": 1, "project_id": "proj_web",
                })),
                object(serde_json::json!({
                    "object": "organization.project.service_account", "id": "svc_acct_old",
                    "name": "Legacy", "role": "member", "created_at": 1, "project_id": "proj_old",
                })),
            ],
        ),
    ]
    .into()
}
