//! Role assignments to groups, at project and organization level.
//!
//! An assignment has no id of its own: it is the pair (group, role), scoped
//! to a project or to the organization.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path, check_body_id};
use super::types::{AssignRoleRequest, AssignedRole, GroupRoleAssignment};

fn project_group_roles<'a>(project_id: &'a str, group_id: &'a str) -> [Segment<'a>; 5] {
    [
        Fixed("projects"),
        Id("project_id", project_id),
        Fixed("groups"),
        Id("group_id", group_id),
        Fixed("roles"),
    ]
}

fn project_group_role<'a>(
    project_id: &'a str,
    group_id: &'a str,
    role_id: &'a str,
) -> [Segment<'a>; 6] {
    let [projects, project, groups, group, roles] = project_group_roles(project_id, group_id);
    [
        projects,
        project,
        groups,
        group,
        roles,
        Id("role_id", role_id),
    ]
}

fn org_group_roles(group_id: &str) -> [Segment<'_>; 4] {
    [
        Fixed("organization"),
        Fixed("groups"),
        Id("group_id", group_id),
        Fixed("roles"),
    ]
}

fn org_group_role<'a>(group_id: &'a str, role_id: &'a str) -> [Segment<'a>; 5] {
    let [organization, groups, group, roles] = org_group_roles(group_id);
    [organization, groups, group, roles, Id("role_id", role_id)]
}

impl AdminClient {
    pub async fn assign_project_group_role(
        &self,
        project_id: &str,
        group_id: &str,
        role_id: &str,
    ) -> Result<GroupRoleAssignment, ApiError> {
        let path = build_path(&Method::POST, &project_group_roles(project_id, group_id))?;
        check_body_id(&Method::POST, &path, "role_id", role_id)?;
        self.post_json(&path, &AssignRoleRequest { role_id }).await
    }

    pub async fn get_project_group_role(
        &self,
        project_id: &str,
        group_id: &str,
        role_id: &str,
    ) -> Result<AssignedRole, ApiError> {
        let path = build_path(
            &Method::GET,
            &project_group_role(project_id, group_id, role_id),
        )?;
        self.get_json(&path, &[]).await
    }

    pub async fn list_project_group_roles(
        &self,
        project_id: &str,
        group_id: &str,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        let path = build_path(&Method::GET, &project_group_roles(project_id, group_id))?;
        self.list_all(&path).await
    }

    pub async fn unassign_project_group_role(
        &self,
        project_id: &str,
        group_id: &str,
        role_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(
            &Method::DELETE,
            &project_group_role(project_id, group_id, role_id),
        )?;
        self.delete(&path).await
    }

    pub async fn assign_org_group_role(
        &self,
        group_id: &str,
        role_id: &str,
    ) -> Result<GroupRoleAssignment, ApiError> {
        let path = build_path(&Method::POST, &org_group_roles(group_id))?;
        check_body_id(&Method::POST, &path, "role_id", role_id)?;
        self.post_json(&path, &AssignRoleRequest { role_id }).await
    }

    pub async fn list_org_group_roles(
        &self,
        group_id: &str,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        let path = build_path(&Method::GET, &org_group_roles(group_id))?;
        self.list_all(&path).await
    }

    pub async fn unassign_org_group_role(
        &self,
        group_id: &str,
        role_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &org_group_role(group_id, role_id))?;
        self.delete(&path).await
    }
}

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
        assert_eq!(assignment.group.name, "Support Team");
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
        let calls: Vec<_> = stub
            .requests()
            .into_iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert_eq!(
            calls,
            [
                "POST /v1/organization/groups/group_1/roles",
                "DELETE /v1/organization/groups/group_1/roles/role_o",
                "DELETE /v1/projects/proj_1/groups/group_1/roles/role_p",
            ]
        );
    }
}
