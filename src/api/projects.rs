//! Projects (`/organization/projects[/{project_id}[/archive]]`).
//!
//! The API cannot delete a project, only archive it; an archived project
//! still answers retrieve and is listed only on request.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::identity_types::{Project, ProjectBody};
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path};

/// Up to 100 per page, `after` = the last project's id.
const PROJECT_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

const PROJECTS: [Segment<'static>; 2] = [Fixed("organization"), Fixed("projects")];

fn project(project_id: &str) -> [Segment<'_>; 3] {
    [
        Fixed("organization"),
        Fixed("projects"),
        Id("project_id", project_id),
    ]
}

impl AdminClient {
    /// Every project; archived ones only when `include_archived`.
    pub async fn list_projects(&self, include_archived: bool) -> Result<Vec<Project>, ApiError> {
        let path = build_path(&Method::GET, &PROJECTS)?;
        let filters: &[(&str, &str)] = if include_archived {
            &[("include_archived", "true")]
        } else {
            &[]
        };
        self.list_all_filtered(&path, PROJECT_LIST, filters).await
    }

    pub async fn get_project(&self, project_id: &str) -> Result<Project, ApiError> {
        let path = build_path(&Method::GET, &project(project_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn create_project(&self, name: &str) -> Result<Project, ApiError> {
        self.create_project_with_key(name, None).await
    }

    /// A new project, associated with the external (customer-managed
    /// encryption) key `external_key_id` when given.
    pub async fn create_project_with_key(
        &self,
        name: &str,
        external_key_id: Option<&str>,
    ) -> Result<Project, ApiError> {
        let path = build_path(&Method::POST, &PROJECTS)?;
        let body = ProjectBody {
            name,
            external_key_id,
        };
        self.post_json(&path, &body).await
    }

    pub async fn update_project(&self, project_id: &str, name: &str) -> Result<Project, ApiError> {
        self.update_project_with_key(project_id, name, None).await
    }

    /// Renames the project and, when `external_key_id` is given, associates
    /// it with that external key; without one the key is left as it is.
    pub async fn update_project_with_key(
        &self,
        project_id: &str,
        name: &str,
        external_key_id: Option<&str>,
    ) -> Result<Project, ApiError> {
        let path = build_path(&Method::POST, &project(project_id))?;
        let body = ProjectBody {
            name,
            external_key_id,
        };
        // Sets the name (and key): safe to repeat.
        self.post_json_idempotent(&path, &body).await
    }

    /// Archives a project (the API's only way to retire one). The request
    /// has no body.
    pub async fn archive_project(&self, project_id: &str) -> Result<Project, ApiError> {
        let [organization, projects, project] = project(project_id);
        let path = build_path(
            &Method::POST,
            &[organization, projects, project, Fixed("archive")],
        )?;
        self.post_without_body(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::test_support::{Reply, Stub};

    /// The retrieve-project example (also the Project schema's, which adds
    /// `external_key_id`).
    fn example() -> Value {
        json!({"id": "proj_abc", "object": "organization.project", "name": "Project example",
               "created_at": 1711471533, "archived_at": null, "status": "active",
               "external_key_id": null})
    }

    #[tokio::test]
    async fn project_operations_send_the_documented_requests_and_decode_the_examples() {
        let stub = Stub::sequence(vec![
            // create-project's example
            Reply::json(
                200,
                json!({"id": "proj_abc", "object": "organization.project", "name": "Project ABC",
                       "created_at": 1711471533, "archived_at": null, "status": "active"}),
            ),
            Reply::json(200, example()),
            // modify-project documents no example: the Project one.
            Reply::json(200, example()),
            // archive-project's example
            Reply::json(
                200,
                json!({"id": "proj_abc", "object": "organization.project", "name": "Project DEF",
                       "created_at": 1711471533, "archived_at": 1711471533, "status": "archived"}),
            ),
        ])
        .await;
        let client = stub.client();
        let created = client.create_project("Project ABC").await.unwrap();
        assert_eq!(
            (
                created.id.as_str(),
                created.name.as_str(),
                created.status.as_str()
            ),
            ("proj_abc", "Project ABC", "active")
        );
        assert_eq!(
            (created.created_at, created.archived_at),
            (1711471533, None)
        );
        let got = client.get_project("proj_abc").await.unwrap();
        assert_eq!(got.name, "Project example");
        client
            .update_project("proj_abc", "Project example")
            .await
            .unwrap();
        let archived = client.archive_project("proj_abc").await.unwrap();
        assert_eq!(
            (archived.status.as_str(), archived.archived_at),
            ("archived", Some(1711471533))
        );

        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "POST /organization/projects",
                "GET /organization/projects/proj_abc",
                "POST /organization/projects/proj_abc",
                "POST /organization/projects/proj_abc/archive",
            ]
        );
        let bodies: Vec<_> = requests.iter().map(|r| r.json_body()).collect();
        assert_eq!(
            bodies,
            [
                json!({"name": "Project ABC"}),
                json!(null),
                json!({"name": "Project example"}),
                json!(null),
            ]
        );
        // Archive documents no body: none is sent, not even `{}`.
        assert_eq!(requests[3].header("content-type"), None);
    }

    #[tokio::test]
    async fn an_external_key_is_sent_only_when_given() {
        let stub = Stub::sequence(vec![Reply::json(200, example()); 3]).await;
        let client = stub.client();
        client
            .create_project_with_key("Project ABC", Some("ekm_1"))
            .await
            .unwrap();
        client
            .update_project_with_key("proj_abc", "Renamed", Some("ekm_2"))
            .await
            .unwrap();
        client
            .update_project_with_key("proj_abc", "Renamed", None)
            .await
            .unwrap();
        let bodies: Vec<_> = stub.requests().iter().map(|r| r.json_body()).collect();
        assert_eq!(
            bodies,
            [
                json!({"name": "Project ABC", "external_key_id": "ekm_1"}),
                json!({"name": "Renamed", "external_key_id": "ekm_2"}),
                json!({"name": "Renamed"}),
            ]
        );
    }

    #[tokio::test]
    async fn list_projects_asks_for_archived_ones_only_when_told() {
        // list-projects' example (its first_id/last_id do not match its item).
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list", "data": [{"id": "proj_abc", "object": "organization.project",
                   "name": "Project example", "created_at": 1711471533, "archived_at": null,
                   "status": "active"}], "first_id": "proj-abc", "last_id": "proj-xyz",
                   "has_more": false}),
        )])
        .await;
        let client = stub.client();
        let active = client.list_projects(false).await.unwrap();
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].id, "proj_abc");
        client.list_projects(true).await.unwrap();
        let requests = stub.requests();
        assert_eq!(stub.calls(), ["GET /organization/projects"; 2]);
        assert_eq!(requests[0].query_param("include_archived"), None);
        assert_eq!(
            requests[1].query_param("include_archived").as_deref(),
            Some("true")
        );
    }
}
