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
        settings: Default::default(),
    }
}

/// A pending and an accepted invite, and a service account in Web and in
/// Old (archived: never exported).
fn declared() -> std::collections::BTreeMap<&'static str, Vec<ApiObject>> {
    let object = |json: serde_json::Value| match json {
        serde_json::Value::Object(map) => ApiObject(map),
        _ => unreachable!("objects are JSON objects"),
    };
    [
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
