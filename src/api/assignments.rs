//! Role assignments to principals (groups and users), at project and
//! organization level.
//!
//! An assignment has no id of its own: it is the pair (principal, role),
//! scoped to a project or to the organization. Groups and users share the
//! endpoints' shapes, so one generic implementation serves both; the named
//! methods (`assign_project_group_role`, `list_org_user_roles`, ...) are
//! thin wrappers for callers that know the kind.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{build_path, check_body_id};
use super::types::{AssignRoleRequest, AssignedRole, Group, Principal, RoleAssignment, User};

/// All four assignment lists: up to 1000 per page, `after` = the previous
/// `next`.
const ASSIGNMENT_LIST: ListSpec = ListSpec {
    max_limit: 1000,
    cursor: Cursor::Next,
};

/// `/projects/{project_id}/<principals>/{id}/roles[/{role_id}]`, or
/// `/organization/<principals>/{id}/roles[/{role_id}]` without a project.
fn roles_path<P: Principal>(
    method: &Method,
    project_id: Option<&str>,
    principal_id: &str,
    role_id: Option<&str>,
) -> Result<String, ApiError> {
    let mut segments = match project_id {
        Some(project_id) => vec![Fixed("projects"), Id("project_id", project_id)],
        None => vec![Fixed("organization")],
    };
    segments.extend([
        Fixed(P::COLLECTION),
        Id(P::ID_NAME, principal_id),
        Fixed("roles"),
    ]);
    segments.extend(role_id.map(|role_id| Id("role_id", role_id)));
    build_path(method, &segments)
}

impl AdminClient {
    /// All groups or users of the organization (`GET /organization/groups`,
    /// `GET /organization/users`).
    pub async fn list_principals<P: Principal>(&self) -> Result<Vec<P>, ApiError> {
        let path = build_path(&Method::GET, &[Fixed("organization"), Fixed(P::COLLECTION)])?;
        self.list_all(&path, P::LIST).await
    }

    /// Gives a role to a principal, in a project or (without one) in the
    /// organization.
    pub async fn assign_role<P: Principal>(
        &self,
        project_id: Option<&str>,
        principal_id: &str,
        role_id: &str,
    ) -> Result<RoleAssignment<P>, ApiError> {
        let path = roles_path::<P>(&Method::POST, project_id, principal_id, None)?;
        check_body_id(&Method::POST, &path, "role_id", role_id)?;
        self.post_json(&path, &AssignRoleRequest { role_id }).await
    }

    /// One role assigned to a principal, in a project or (without one) in
    /// the organization; not found when the principal does not hold it.
    pub async fn get_assigned_role<P: Principal>(
        &self,
        project_id: Option<&str>,
        principal_id: &str,
        role_id: &str,
    ) -> Result<AssignedRole, ApiError> {
        let path = roles_path::<P>(&Method::GET, project_id, principal_id, Some(role_id))?;
        self.get_json(&path, &[]).await
    }

    /// Every role a principal has in a project or the organization.
    pub async fn list_assigned_roles<P: Principal>(
        &self,
        project_id: Option<&str>,
        principal_id: &str,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        let path = roles_path::<P>(&Method::GET, project_id, principal_id, None)?;
        self.list_all(&path, ASSIGNMENT_LIST).await
    }

    pub async fn unassign_role<P: Principal>(
        &self,
        project_id: Option<&str>,
        principal_id: &str,
        role_id: &str,
    ) -> Result<(), ApiError> {
        let path = roles_path::<P>(&Method::DELETE, project_id, principal_id, Some(role_id))?;
        self.delete(&path).await
    }
}

/// The per-kind names of the generic methods above.
macro_rules! principal_role_methods {
    (
        $principal:ty, $id:ident,
        $assign_project:ident, $get_project:ident, $list_project:ident, $unassign_project:ident,
        $assign_org:ident, $get_org:ident, $list_org:ident, $unassign_org:ident $(,)?
    ) => {
        impl AdminClient {
            pub async fn $assign_project(
                &self,
                project_id: &str,
                $id: &str,
                role_id: &str,
            ) -> Result<RoleAssignment<$principal>, ApiError> {
                self.assign_role(Some(project_id), $id, role_id).await
            }

            pub async fn $get_project(
                &self,
                project_id: &str,
                $id: &str,
                role_id: &str,
            ) -> Result<AssignedRole, ApiError> {
                self.get_assigned_role::<$principal>(Some(project_id), $id, role_id)
                    .await
            }

            pub async fn $list_project(
                &self,
                project_id: &str,
                $id: &str,
            ) -> Result<Vec<AssignedRole>, ApiError> {
                self.list_assigned_roles::<$principal>(Some(project_id), $id)
                    .await
            }

            pub async fn $unassign_project(
                &self,
                project_id: &str,
                $id: &str,
                role_id: &str,
            ) -> Result<(), ApiError> {
                self.unassign_role::<$principal>(Some(project_id), $id, role_id)
                    .await
            }

            pub async fn $assign_org(
                &self,
                $id: &str,
                role_id: &str,
            ) -> Result<RoleAssignment<$principal>, ApiError> {
                self.assign_role(None, $id, role_id).await
            }

            pub async fn $get_org(
                &self,
                $id: &str,
                role_id: &str,
            ) -> Result<AssignedRole, ApiError> {
                self.get_assigned_role::<$principal>(None, $id, role_id)
                    .await
            }

            pub async fn $list_org(&self, $id: &str) -> Result<Vec<AssignedRole>, ApiError> {
                self.list_assigned_roles::<$principal>(None, $id).await
            }

            pub async fn $unassign_org(&self, $id: &str, role_id: &str) -> Result<(), ApiError> {
                self.unassign_role::<$principal>(None, $id, role_id).await
            }
        }
    };
}

principal_role_methods!(
    Group,
    group_id,
    assign_project_group_role,
    get_project_group_role,
    list_project_group_roles,
    unassign_project_group_role,
    assign_org_group_role,
    get_org_group_role,
    list_org_group_roles,
    unassign_org_group_role,
);

principal_role_methods!(
    User,
    user_id,
    assign_project_user_role,
    get_project_user_role,
    list_project_user_roles,
    unassign_project_user_role,
    assign_org_user_role,
    get_org_user_role,
    list_org_user_roles,
    unassign_org_user_role,
);

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::ErrorKind;
    use crate::api::test_support::{Reply, Stub};

    fn role(id: &str) -> Value {
        json!({"object": "role", "id": id, "name": "Key Manager", "description": null,
               "permissions": ["a.read"], "resource_type": "api.project", "predefined_role": false})
    }

    fn group() -> Value {
        json!({"object": "group", "id": "group_1", "name": "Support Team",
               "created_at": 1711471533, "scim_managed": false})
    }

    /// `METHOD /path` of each request the stub saw.
    fn calls(stub: &Stub) -> Vec<String> {
        stub.requests()
            .into_iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    fn nested(role_id: &str) -> Value {
        json!({"object": "group.role", "group": group(), "role": role(role_id)})
    }

    fn flat(role_id: &str) -> Value {
        let mut item = role(role_id);
        item.as_object_mut().unwrap().extend(
            json!({"created_at": 1711471533, "updated_at": 1711472599, "created_by": "user_1",
                   "created_by_user_obj": null, "metadata": {}, "assignment_sources": null})
            .as_object()
            .unwrap()
            .clone(),
        );
        item
    }

    #[tokio::test]
    async fn assign_project_group_role_posts_the_role_id() {
        let stub = Stub::sequence(vec![Reply::json(201, nested("role_1"))]).await;
        let assignment = stub
            .client()
            .assign_project_group_role("proj_1", "group_1", "role_1")
            .await
            .unwrap();
        assert_eq!(assignment.principal.name, "Support Team");
        assert_eq!(assignment.role.id, "role_1");
        let seen = &stub.requests()[0];
        assert_eq!(seen.path, "/v1/projects/proj_1/groups/group_1/roles");
        assert_eq!(
            serde_json::from_str::<Value>(&seen.body).unwrap(),
            json!({"role_id": "role_1"})
        );
    }

    #[tokio::test]
    async fn get_project_group_role_reads_the_flat_object() {
        let stub = Stub::sequence(vec![Reply::json(200, flat("role_1"))]).await;
        let assigned = stub
            .client()
            .get_project_group_role("proj_1", "group_1", "role_1")
            .await
            .unwrap();
        assert_eq!(assigned.role.id, "role_1");
        assert_eq!(assigned.created_by.as_deref(), Some("user_1"));
        assert_eq!(
            stub.requests()[0].path,
            "/v1/projects/proj_1/groups/group_1/roles/role_1"
        );
    }

    #[tokio::test]
    async fn a_missing_assignment_is_not_found() {
        let stub = Stub::sequence(vec![Reply::json(
            404,
            json!({"error": {"message": "Role assignment not found", "type": "invalid_request_error", "param": null, "code": null}}),
        )])
        .await;
        let error = stub
            .client()
            .get_project_group_role("proj_1", "group_1", "role_1")
            .await
            .unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(
            error.to_string(),
            "OpenAI API error 404 Not Found on GET /projects/proj_1/groups/group_1/roles/role_1: Role assignment not found"
        );
    }

    #[tokio::test]
    async fn list_items_may_be_flat_or_nested() {
        let page = json!({"object": "list", "data": [flat("role_a"), nested("role_b")], "has_more": false});
        let stub = Stub::sequence(vec![Reply::json(200, page)]).await;
        let client = stub.client();
        let org = client.list_org_group_roles("group_1").await.unwrap();
        let project = client
            .list_project_group_roles("proj_1", "group_1")
            .await
            .unwrap();
        for list in [&org, &project] {
            let ids: Vec<_> = list.iter().map(|item| item.role.id.as_str()).collect();
            assert_eq!(ids, ["role_a", "role_b"]);
        }
        assert_eq!(org[0].updated_at, Some(1711472599));
        assert_eq!(org[1].updated_at, None);
        let paths: Vec<_> = stub.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            [
                "/v1/organization/groups/group_1/roles",
                "/v1/projects/proj_1/groups/group_1/roles"
            ]
        );
    }

    #[tokio::test]
    async fn an_unrecognised_list_item_is_a_decode_error() {
        let page = json!({"object": "list", "data": [{"object": "mystery"}], "has_more": false});
        let stub = Stub::sequence(vec![Reply::json(200, page)]).await;
        let error = stub
            .client()
            .list_org_group_roles("group_1")
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert!(
            error.to_string().contains("expected an assigned role"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn org_assign_and_unassign_use_organization_paths() {
        let stub = Stub::start(|request, _| match request.method.as_str() {
            "POST" => Reply::json(200, nested("role_o")),
            _ => Reply::json(
                200,
                json!({"object": "group.role.deleted", "deleted": true}),
            ),
        })
        .await;
        let client = stub.client();
        client
            .assign_org_group_role("group_1", "role_o")
            .await
            .unwrap();
        client
            .unassign_org_group_role("group_1", "role_o")
            .await
            .unwrap();
        client
            .unassign_project_group_role("proj_1", "group_1", "role_p")
            .await
            .unwrap();
        assert_eq!(
            calls(&stub),
            [
                "POST /v1/organization/groups/group_1/roles",
                "DELETE /v1/organization/groups/group_1/roles/role_o",
                "DELETE /v1/projects/proj_1/groups/group_1/roles/role_p",
            ]
        );
    }

    #[tokio::test]
    async fn user_methods_use_user_paths() {
        let user = json!({"object": "organization.user", "id": "user_1", "name": "Alice",
                          "email": "alice@example.com", "role": "reader", "added_at": 5});
        let stub = Stub::start(move |request, _| match request.method.as_str() {
            "POST" => Reply::json(
                200,
                json!({"object": "user.role", "user": user.clone(), "role": role("role_u")}),
            ),
            "GET" if request.path.ends_with("/roles") => Reply::json(
                200,
                json!({"object": "list", "data": [flat("role_u")], "has_more": false}),
            ),
            "GET" => Reply::json(200, flat("role_u")),
            _ => Reply::json(200, json!({"object": "user.role.deleted", "deleted": true})),
        })
        .await;
        let client = stub.client();
        let created = client
            .assign_project_user_role("proj_1", "user_1", "role_u")
            .await
            .unwrap();
        assert_eq!(
            created.principal.email.as_deref(),
            Some("alice@example.com")
        );
        assert_eq!(created.role.id, "role_u");
        let org = client
            .assign_org_user_role("user_1", "role_u")
            .await
            .unwrap();
        assert_eq!(org.principal.name, "Alice");
        let got = client
            .get_project_user_role("proj_1", "user_1", "role_u")
            .await
            .unwrap();
        assert_eq!(got.role.id, "role_u");
        for list in [
            client
                .list_project_user_roles("proj_1", "user_1")
                .await
                .unwrap(),
            client.list_org_user_roles("user_1").await.unwrap(),
        ] {
            assert_eq!(list[0].role.id, "role_u");
        }
        client
            .unassign_project_user_role("proj_1", "user_1", "role_u")
            .await
            .unwrap();
        client
            .unassign_org_user_role("user_1", "role_u")
            .await
            .unwrap();
        assert_eq!(
            calls(&stub),
            [
                "POST /v1/projects/proj_1/users/user_1/roles",
                "POST /v1/organization/users/user_1/roles",
                "GET /v1/projects/proj_1/users/user_1/roles/role_u",
                "GET /v1/projects/proj_1/users/user_1/roles",
                "GET /v1/organization/users/user_1/roles",
                "DELETE /v1/projects/proj_1/users/user_1/roles/role_u",
                "DELETE /v1/organization/users/user_1/roles/role_u",
            ]
        );
    }

    #[tokio::test]
    async fn ids_are_checked_and_encoded_for_users_too() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list", "data": [], "has_more": false}),
        )])
        .await;
        let client = stub.client();
        let error = client
            .unassign_org_user_role("", "role_1")
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(error.param.as_deref(), Some("user_id"));
        let error = client.assign_org_user_role("user_1", "").await.unwrap_err();
        assert_eq!(error.param.as_deref(), Some("role_id"));
        client
            .list_project_user_roles("proj_1", "user/../x")
            .await
            .unwrap();
        assert_eq!(
            stub.requests()[0].path,
            "/v1/projects/proj_1/users/user%2F..%2Fx/roles"
        );
    }

    /// The retrieve-group-role / retrieve-user-role example
    /// (AssignedRoleDetails).
    fn assigned_role_details() -> Value {
        json!({"id": "role_01J1F8ROLE01", "name": "API Group Manager",
               "permissions": ["api.groups.read", "api.groups.write"],
               "resource_type": "api.organization", "predefined_role": false,
               "description": "Allows managing organization groups", "created_at": 1711471533,
               "updated_at": 1711472599, "created_by": "user_abc123", "created_by_user_obj": null,
               "metadata": {}, "assignment_sources": null})
    }

    #[tokio::test]
    async fn organization_assignments_can_be_retrieved() {
        let stub = Stub::sequence(vec![Reply::json(200, assigned_role_details())]).await;
        let client = stub.client();
        let group = client
            .get_org_group_role("group_01J1F8ABCDXYZ", "role_01J1F8ROLE01")
            .await
            .unwrap();
        let user = client
            .get_org_user_role("user_abc123", "role_01J1F8ROLE01")
            .await
            .unwrap();
        let generic = client
            .get_assigned_role::<crate::api::Group>(
                None,
                "group_01J1F8ABCDXYZ",
                "role_01J1F8ROLE01",
            )
            .await
            .unwrap();
        assert_eq!(group, user);
        assert_eq!(group, generic);
        assert_eq!(group.role.name, "API Group Manager");
        assert_eq!(
            (group.created_at, group.updated_at),
            (Some(1711471533), Some(1711472599))
        );
        assert_eq!(group.created_by.as_deref(), Some("user_abc123"));
        assert_eq!(group.assignment_sources, None);
        assert_eq!(
            calls(&stub),
            [
                "GET /v1/organization/groups/group_01J1F8ABCDXYZ/roles/role_01J1F8ROLE01",
                "GET /v1/organization/users/user_abc123/roles/role_01J1F8ROLE01",
                "GET /v1/organization/groups/group_01J1F8ABCDXYZ/roles/role_01J1F8ROLE01",
            ]
        );
    }

    #[tokio::test]
    async fn list_examples_without_assignment_sources_decode() {
        // list-group-role-assignments' example: no assignment_sources (the
        // schema requires it) and a created_by_user_obj object.
        let page = json!({"object": "list", "data": [{"id": "role_01J1F8ROLE01",
            "name": "API Group Manager", "permissions": ["api.groups.read", "api.groups.write"],
            "resource_type": "api.organization", "predefined_role": false,
            "description": "Allows managing organization groups", "created_at": 1711471533,
            "updated_at": 1711472599, "created_by": "user_abc123",
            "created_by_user_obj": {"id": "user_abc123", "name": "Ada Lovelace",
                                    "email": "ada@example.com"},
            "metadata": {}}], "has_more": false, "next": null});
        let stub = Stub::sequence(vec![Reply::json(200, page)]).await;
        let listed = stub
            .client()
            .list_org_group_roles("group_01J1F8ABCDXYZ")
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].role.id, "role_01J1F8ROLE01");
        assert_eq!(listed[0].assignment_sources, None);
        assert_eq!(listed[0].updated_at, Some(1711472599));
    }
}
