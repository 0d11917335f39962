//! Roles, at project and organization level: list, retrieve one, and
//! create, update and delete custom roles.
//!
//! Reads are usually served from one list per scope; retrieving a single
//! role confirms that one missing from the list is really gone.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path};
use super::types::{CreateRoleRequest, Role, UpdateRoleRequest};

/// Both role lists: up to 1000 per page, `after` = the previous `next`.
const ROLE_LIST: ListSpec = ListSpec {
    max_limit: 1000,
    cursor: Cursor::Next,
};

fn project_roles<'a>(project_id: &'a str) -> [Segment<'a>; 3] {
    [
        Fixed("projects"),
        Id("project_id", project_id),
        Fixed("roles"),
    ]
}

fn project_role<'a>(project_id: &'a str, role_id: &'a str) -> [Segment<'a>; 4] {
    let [projects, project, roles] = project_roles(project_id);
    [projects, project, roles, Id("role_id", role_id)]
}

const ORG_ROLES: [Segment<'static>; 2] = [Fixed("organization"), Fixed("roles")];

fn org_role(role_id: &str) -> [Segment<'_>; 3] {
    [
        Fixed("organization"),
        Fixed("roles"),
        Id("role_id", role_id),
    ]
}

impl AdminClient {
    pub async fn list_project_roles(&self, project_id: &str) -> Result<Vec<Role>, ApiError> {
        let path = build_path(&Method::GET, &project_roles(project_id))?;
        self.list_all(&path, ROLE_LIST).await
    }

    /// One role of a project, predefined or custom.
    pub async fn get_project_role(
        &self,
        project_id: &str,
        role_id: &str,
    ) -> Result<Role, ApiError> {
        let path = build_path(&Method::GET, &project_role(project_id, role_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn create_project_role(
        &self,
        project_id: &str,
        req: &CreateRoleRequest,
    ) -> Result<Role, ApiError> {
        let path = build_path(&Method::POST, &project_roles(project_id))?;
        self.post_json(&path, req).await
    }

    pub async fn update_project_role(
        &self,
        project_id: &str,
        role_id: &str,
        req: &UpdateRoleRequest,
    ) -> Result<Role, ApiError> {
        let path = build_path(&Method::POST, &project_role(project_id, role_id))?;
        // Sets name, permissions and description: safe to repeat.
        self.post_json_idempotent(&path, req).await
    }

    pub async fn delete_project_role(
        &self,
        project_id: &str,
        role_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &project_role(project_id, role_id))?;
        self.delete(&path).await
    }

    pub async fn list_org_roles(&self) -> Result<Vec<Role>, ApiError> {
        let path = build_path(&Method::GET, &ORG_ROLES)?;
        self.list_all(&path, ROLE_LIST).await
    }

    /// One role of the organization, predefined or custom.
    pub async fn get_org_role(&self, role_id: &str) -> Result<Role, ApiError> {
        let path = build_path(&Method::GET, &org_role(role_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn create_org_role(&self, req: &CreateRoleRequest) -> Result<Role, ApiError> {
        let path = build_path(&Method::POST, &ORG_ROLES)?;
        self.post_json(&path, req).await
    }

    pub async fn update_org_role(
        &self,
        role_id: &str,
        req: &UpdateRoleRequest,
    ) -> Result<Role, ApiError> {
        let path = build_path(&Method::POST, &org_role(role_id))?;
        // Sets name, permissions and description: safe to repeat.
        self.post_json_idempotent(&path, req).await
    }

    pub async fn delete_org_role(&self, role_id: &str) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &org_role(role_id))?;
        self.delete(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::test_support::{Reply, Stub};
    use crate::api::{CreateRoleRequest, UpdateRoleRequest};

    fn role(id: &str, resource_type: &str) -> Value {
        json!({"object": "role", "id": id, "name": "Key Manager", "description": "d",
               "permissions": ["b.write", "a.read"], "resource_type": resource_type,
               "predefined_role": false})
    }

    fn body(request: &crate::api::test_support::Recorded) -> Value {
        serde_json::from_str(&request.body).unwrap()
    }

    #[tokio::test]
    async fn create_project_role_accepts_201() {
        let stub = Stub::sequence(vec![Reply::json(201, role("role_1", "api.project"))]).await;
        let request = CreateRoleRequest {
            role_name: "Key Manager".into(),
            permissions: vec!["a.read".into(), "b.write".into()],
            description: Some("d".into()),
        };
        let created = stub
            .client()
            .create_project_role("proj_1", &request)
            .await
            .unwrap();
        assert_eq!(created.id, "role_1");
        assert_eq!(created.permissions, ["b.write", "a.read"]);
        let seen = &stub.requests()[0];
        assert_eq!(
            (seen.method.as_str(), seen.path.as_str()),
            ("POST", "/v1/projects/proj_1/roles")
        );
        assert_eq!(
            body(seen),
            json!({"role_name": "Key Manager", "permissions": ["a.read", "b.write"], "description": "d"})
        );
    }

    #[tokio::test]
    async fn update_sends_the_complete_desired_state() {
        let stub = Stub::sequence(vec![Reply::json(200, role("role_1", "api.project"))]).await;
        let request = UpdateRoleRequest {
            role_name: "Key Manager".into(),
            permissions: vec!["a.read".into()],
            description: None,
        };
        stub.client()
            .update_project_role("proj_1", "role_1", &request)
            .await
            .unwrap();
        let seen = &stub.requests()[0];
        assert_eq!(
            (seen.method.as_str(), seen.path.as_str()),
            ("POST", "/v1/projects/proj_1/roles/role_1")
        );
        assert_eq!(
            body(seen),
            json!({"role_name": "Key Manager", "permissions": ["a.read"], "description": null})
        );
    }

    #[tokio::test]
    async fn org_role_endpoints_use_organization_paths() {
        let stub = Stub::start(|request, _| match request.method.as_str() {
            "GET" => Reply::json(200, json!({"object": "list", "data": [role("role_o", "api.organization")], "has_more": false})),
            "DELETE" => Reply::json(200, json!({"object": "role.deleted", "id": "role_o", "deleted": true})),
            _ => Reply::json(200, role("role_o", "api.organization")),
        })
        .await;
        let client = stub.client();
        let create = CreateRoleRequest {
            role_name: "n".into(),
            permissions: vec![],
            description: None,
        };
        let update = UpdateRoleRequest {
            role_name: "n".into(),
            permissions: vec![],
            description: None,
        };
        assert_eq!(
            client.list_org_roles().await.unwrap()[0].resource_type,
            "api.organization"
        );
        client.create_org_role(&create).await.unwrap();
        client.update_org_role("role_o", &update).await.unwrap();
        client.delete_org_role("role_o").await.unwrap();
        client
            .delete_project_role("proj_1", "role_p")
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
                "GET /v1/organization/roles",
                "POST /v1/organization/roles",
                "POST /v1/organization/roles/role_o",
                "DELETE /v1/organization/roles/role_o",
                "DELETE /v1/projects/proj_1/roles/role_p",
            ]
        );
    }

    #[tokio::test]
    async fn retrieve_reads_one_role_and_decodes_the_documented_examples() {
        let stub = Stub::sequence(vec![
            // retrieve-project-role's example
            Reply::json(
                200,
                json!({"object": "role", "id": "role_01J1F8PROJ", "name": "API Project Key Manager",
                       "description": "Allows managing API keys for the project",
                       "permissions": ["api.organization.projects.api_keys.read",
                                       "api.organization.projects.api_keys.write"],
                       "resource_type": "api.project", "predefined_role": false}),
            ),
            // retrieve-role's example
            Reply::json(
                200,
                json!({"object": "role", "id": "role_01J1F8ROLE01", "name": "API Group Manager",
                       "description": "Allows managing organization groups",
                       "permissions": ["api.groups.read", "api.groups.write"],
                       "resource_type": "api.organization", "predefined_role": false}),
            ),
        ])
        .await;
        let client = stub.client();
        let project = client
            .get_project_role("proj_1", "role_01J1F8PROJ")
            .await
            .unwrap();
        assert_eq!(
            (project.name.as_str(), project.resource_type.as_str()),
            ("API Project Key Manager", "api.project")
        );
        assert_eq!(project.permissions.len(), 2);
        let org = client.get_org_role("role_01J1F8ROLE01").await.unwrap();
        assert_eq!(
            org.description.as_deref(),
            Some("Allows managing organization groups")
        );
        assert_eq!(org.resource_type, "api.organization");
        assert_eq!(
            stub.calls(),
            [
                "GET /projects/proj_1/roles/role_01J1F8PROJ",
                "GET /organization/roles/role_01J1F8ROLE01",
            ]
        );
    }
}
