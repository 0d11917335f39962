//! Groups, for lookups by name and project membership checks.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::path::Segment::{Fixed, Id};
use super::path::build_path;
use super::types::Group;

impl AdminClient {
    /// All groups of the organization (`GET /organization/groups`).
    pub async fn list_groups(&self) -> Result<Vec<Group>, ApiError> {
        self.list_principals().await
    }

    /// Groups with access to a project.
    ///
    /// The public OpenAPI description serves this under
    /// `/organization/projects/{project_id}/groups` (items are
    /// `project.group` memberships with `group_id`/`group_name`, which
    /// [`Group`] also decodes), not under `/projects/...` like the role
    /// endpoints.
    pub async fn list_project_groups(&self, project_id: &str) -> Result<Vec<Group>, ApiError> {
        let path = build_path(
            &Method::GET,
            &[
                Fixed("organization"),
                Fixed("projects"),
                Id("project_id", project_id),
                Fixed("groups"),
            ],
        )?;
        self.list_all(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{Reply, Stub};

    #[tokio::test]
    async fn lists_organization_and_project_groups() {
        let stub = Stub::start(|request, _| {
            let data = if request.path.starts_with("/v1/organization/projects/") {
                json!([{"object": "project.group", "project_id": "proj_1", "group_id": "group_1",
                        "group_name": "Support Team", "group_type": "group", "created_at": 5}])
            } else {
                json!([{"object": "group", "id": "group_1", "name": "Support Team",
                        "created_at": 5, "is_scim_managed": true}])
            };
            Reply::json(
                200,
                json!({"object": "list", "data": data, "has_more": false}),
            )
        })
        .await;
        let client = stub.client();
        let org = client.list_groups().await.unwrap();
        let project = client.list_project_groups("proj_1").await.unwrap();
        assert_eq!((org[0].id.as_str(), org[0].scim_managed), ("group_1", true));
        assert_eq!(
            (project[0].id.as_str(), project[0].name.as_str()),
            ("group_1", "Support Team")
        );
        let paths: Vec<_> = stub.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            [
                "/v1/organization/groups",
                "/v1/organization/projects/proj_1/groups"
            ]
        );
    }
}
