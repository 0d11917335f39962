//! Who has access to a project: its groups
//! (`/organization/projects/{project_id}/groups[/{group_id}]`) and its users
//! (`/organization/projects/{project_id}/users[/{user_id}]`).
//!
//! These live under `/organization/projects/...`, not under `/projects/...`
//! like the project role endpoints.

use reqwest::Method;

use super::client::AdminClient;
use super::error::{ApiError, ErrorKind};
use super::identity_types::{
    AddProjectUserRequest, ProjectGroup, ProjectGroupBody, ProjectUser, RoleBody,
};
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path, check_body_id};

/// Up to 100 per page, `after` = the page's `next` cursor, not the last
/// item's `group_id` (although the `after` parameter's description says so):
/// both of OpenAI's SDKs page this list by `next` (openai-python 3.63:
/// `SyncNextCursorPage`) and the list schema requires `next`. The official
/// provider's client also takes `next` first; its fallback, the last item's
/// `id`, does not exist on a project group, so it too relies on `next`.
const PROJECT_GROUP_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::Next,
};

/// Up to 100 per page, `after` = the last user's id.
const PROJECT_USER_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// `/organization/projects/{project_id}/<collection>`.
fn members<'a>(project_id: &'a str, collection: &'static str) -> [Segment<'a>; 4] {
    [
        Fixed("organization"),
        Fixed("projects"),
        Id("project_id", project_id),
        Fixed(collection),
    ]
}

/// `/organization/projects/{project_id}/<collection>/{<id_name>}`.
fn member<'a>(
    project_id: &'a str,
    collection: &'static str,
    id_name: &'static str,
    id: &'a str,
) -> [Segment<'a>; 5] {
    let [organization, projects, project, collection] = members(project_id, collection);
    [organization, projects, project, collection, Id(id_name, id)]
}

impl AdminClient {
    /// Every group with access to a project.
    pub async fn list_project_groups(
        &self,
        project_id: &str,
    ) -> Result<Vec<ProjectGroup>, ApiError> {
        let path = build_path(&Method::GET, &members(project_id, "groups"))?;
        self.list_all(&path, PROJECT_GROUP_LIST).await
    }

    /// A group's access to a project; not found when it has none.
    pub async fn get_project_group(
        &self,
        project_id: &str,
        group_id: &str,
    ) -> Result<ProjectGroup, ApiError> {
        let path = build_path(
            &Method::GET,
            &member(project_id, "groups", "group_id", group_id),
        )?;
        self.get_json(&path, &[]).await
    }

    /// Gives a group access to a project with the project role `role`
    /// (predefined or custom). The API records that role as one of the
    /// group's project role assignments; the answer does not mention it.
    pub async fn add_project_group(
        &self,
        project_id: &str,
        group_id: &str,
        role: &str,
    ) -> Result<ProjectGroup, ApiError> {
        let path = build_path(&Method::POST, &members(project_id, "groups"))?;
        check_body_id(&Method::POST, &path, "group_id", group_id)?;
        check_body_id(&Method::POST, &path, "role", role)?;
        self.post_json(&path, &ProjectGroupBody { group_id, role })
            .await
    }

    pub async fn remove_project_group(
        &self,
        project_id: &str,
        group_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(
            &Method::DELETE,
            &member(project_id, "groups", "group_id", group_id),
        )?;
        self.delete(&path).await
    }

    /// Every user of a project, with their project role.
    pub async fn list_project_users(&self, project_id: &str) -> Result<Vec<ProjectUser>, ApiError> {
        let path = build_path(&Method::GET, &members(project_id, "users"))?;
        self.list_all(&path, PROJECT_USER_LIST).await
    }

    pub async fn get_project_user(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<ProjectUser, ApiError> {
        let path = build_path(
            &Method::GET,
            &member(project_id, "users", "user_id", user_id),
        )?;
        self.get_json(&path, &[]).await
    }

    /// Adds a user of the organization to a project. `req` must name the
    /// user by exactly one of `user_id` and `email`.
    pub async fn add_project_user(
        &self,
        project_id: &str,
        req: &AddProjectUserRequest,
    ) -> Result<ProjectUser, ApiError> {
        let path = build_path(&Method::POST, &members(project_id, "users"))?;
        match (&req.user_id, &req.email) {
            (Some(user_id), None) => check_body_id(&Method::POST, &path, "user_id", user_id)?,
            (None, Some(email)) => check_body_id(&Method::POST, &path, "email", email)?,
            _ => {
                return Err(ApiError::new(
                    ErrorKind::InvalidRequest,
                    Method::POST.as_str(),
                    path,
                    "name the user by exactly one of user_id and email",
                ));
            }
        }
        check_body_id(&Method::POST, &path, "role", &req.role)?;
        self.post_json(&path, req).await
    }

    /// Changes a project user's role (`owner` or `member`).
    pub async fn update_project_user(
        &self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<ProjectUser, ApiError> {
        let path = build_path(
            &Method::POST,
            &member(project_id, "users", "user_id", user_id),
        )?;
        check_body_id(&Method::POST, &path, "role", role)?;
        // Sets the role: safe to repeat.
        self.post_json_idempotent(&path, &RoleBody { role }).await
    }

    pub async fn remove_project_user(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(
            &Method::DELETE,
            &member(project_id, "users", "user_id", user_id),
        )?;
        self.delete(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::test_support::{Reply, Stub};
    use crate::api::{AddProjectUserRequest, ErrorKind};

    #[tokio::test]
    async fn project_group_operations_send_the_documented_requests_and_decode_the_examples() {
        // Responses: the x-oaiMeta examples of list, add, retrieve, remove.
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [{"object": "project.group",
                       "project_id": "proj_abc123", "group_id": "group_01J1F8ABCDXYZ",
                       "group_name": "Support Team", "created_at": 1711471533}],
                       "has_more": false, "next": null}),
            ),
            Reply::json(
                200,
                json!({"object": "project.group", "project_id": "proj_abc123",
                       "group_id": "group_01J1F8ABCDXYZ", "group_name": "Support Team",
                       "created_at": 1711471533}),
            ),
            Reply::json(
                200,
                json!({"object": "project.group", "project_id": "proj_abc123",
                       "group_id": "group_01J1F8ABCDXYZ", "group_name": "Support Team",
                       "group_type": "group", "created_at": 1711471533}),
            ),
            Reply::json(
                200,
                json!({"object": "project.group.deleted", "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let (project, group) = ("proj_abc123", "group_01J1F8ABCDXYZ");
        let listed = client.list_project_groups(project).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (
                listed[0].project_id.as_str(),
                listed[0].group_id.as_str(),
                listed[0].group_name.as_str()
            ),
            (project, group, "Support Team")
        );
        assert_eq!(
            (listed[0].created_at, listed[0].group_type.as_deref()),
            (1711471533, None)
        );
        let added = client
            .add_project_group(project, group, "role_01J1F8PROJ")
            .await
            .unwrap();
        assert_eq!(added, listed[0]);
        let got = client.get_project_group(project, group).await.unwrap();
        assert_eq!(got.group_type.as_deref(), Some("group"));
        client.remove_project_group(project, group).await.unwrap();

        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "GET /organization/projects/proj_abc123/groups",
                "POST /organization/projects/proj_abc123/groups",
                "GET /organization/projects/proj_abc123/groups/group_01J1F8ABCDXYZ",
                "DELETE /organization/projects/proj_abc123/groups/group_01J1F8ABCDXYZ",
            ]
        );
        // The documented InviteProjectGroupBody example.
        assert_eq!(
            requests[1].json_body(),
            json!({"group_id": "group_01J1F8ABCDXYZ", "role": "role_01J1F8PROJ"})
        );
        assert_eq!(requests[2].query, None, "group_type is left to its default");
    }

    #[tokio::test]
    async fn adding_a_group_needs_a_group_id_and_a_role() {
        let stub = Stub::sequence(vec![Reply::json(200, json!({}))]).await;
        let client = stub.client();
        let error = client
            .add_project_group("proj_1", "group_1", "")
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(error.param.as_deref(), Some("role"));
        let error = client
            .add_project_group("proj_1", "", "role_1")
            .await
            .unwrap_err();
        assert_eq!(error.param.as_deref(), Some("group_id"));
        assert!(stub.requests().is_empty());
    }

    /// The retrieve/modify-project-user example.
    fn project_user() -> Value {
        json!({"object": "organization.project.user", "id": "user_abc", "name": "First Last",
               "email": "user@example.com", "role": "owner", "added_at": 1711471533})
    }

    #[tokio::test]
    async fn project_user_operations_send_the_documented_requests_and_decode_the_examples() {
        let stub = Stub::sequence(vec![
            // list-project-users' example
            Reply::json(
                200,
                json!({"object": "list", "data": [project_user()], "first_id": "user-abc",
                       "last_id": "user-xyz", "has_more": false}),
            ),
            // create-project-user's example has no name
            Reply::json(
                200,
                json!({"object": "organization.project.user", "id": "user_abc",
                       "email": "user@example.com", "role": "owner", "added_at": 1711471533}),
            ),
            Reply::json(
                200,
                json!({"object": "organization.project.user", "id": "user_abc",
                       "email": "user@example.com", "role": "owner", "added_at": 1711471533}),
            ),
            Reply::json(200, project_user()),
            Reply::json(200, project_user()),
            Reply::json(
                200,
                json!({"object": "organization.project.user.deleted", "id": "user_abc",
                       "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let listed = client.list_project_users("proj_abc").await.unwrap();
        assert_eq!(listed.len(), 1);
        let user = &listed[0];
        assert_eq!(
            (user.id.as_str(), user.name.as_str(), user.role.as_str()),
            ("user_abc", "First Last", "owner")
        );
        assert_eq!(
            (user.email.as_deref(), user.added_at),
            (Some("user@example.com"), Some(1711471533))
        );
        let by_id = AddProjectUserRequest {
            user_id: Some("user_abc".into()),
            email: None,
            role: "owner".into(),
        };
        let added = client.add_project_user("proj_abc", &by_id).await.unwrap();
        assert_eq!((added.id.as_str(), added.name.as_str()), ("user_abc", ""));
        let by_email = AddProjectUserRequest {
            user_id: None,
            email: Some("user@example.com".into()),
            role: "owner".into(),
        };
        client
            .add_project_user("proj_abc", &by_email)
            .await
            .unwrap();
        assert_eq!(
            client
                .get_project_user("proj_abc", "user_abc")
                .await
                .unwrap(),
            *user
        );
        client
            .update_project_user("proj_abc", "user_abc", "member")
            .await
            .unwrap();
        client
            .remove_project_user("proj_abc", "user_abc")
            .await
            .unwrap();

        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "GET /organization/projects/proj_abc/users",
                "POST /organization/projects/proj_abc/users",
                "POST /organization/projects/proj_abc/users",
                "GET /organization/projects/proj_abc/users/user_abc",
                "POST /organization/projects/proj_abc/users/user_abc",
                "DELETE /organization/projects/proj_abc/users/user_abc",
            ]
        );
        let bodies: Vec<_> = requests.iter().map(|r| r.json_body()).collect();
        assert_eq!(
            bodies,
            [
                json!(null),
                json!({"user_id": "user_abc", "role": "owner"}),
                json!({"email": "user@example.com", "role": "owner"}),
                json!(null),
                json!({"role": "member"}),
                json!(null),
            ]
        );
    }

    #[tokio::test]
    async fn a_project_user_is_named_by_exactly_one_of_id_and_email() {
        let stub = Stub::sequence(vec![Reply::json(200, json!({}))]).await;
        let client = stub.client();
        let both = AddProjectUserRequest {
            user_id: Some("user_1".into()),
            email: Some("a@example.com".into()),
            role: "member".into(),
        };
        let neither = AddProjectUserRequest {
            user_id: None,
            email: None,
            role: "member".into(),
        };
        for request in [both, neither] {
            let error = client
                .add_project_user("proj_1", &request)
                .await
                .unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidRequest);
            assert_eq!(
                error.to_string(),
                "invalid OpenAI API request POST /organization/projects/proj_1/users: \
                 name the user by exactly one of user_id and email"
            );
        }
        let no_role = AddProjectUserRequest {
            user_id: Some("user_1".into()),
            email: None,
            role: String::new(),
        };
        let error = client
            .add_project_user("proj_1", &no_role)
            .await
            .unwrap_err();
        assert_eq!(error.param.as_deref(), Some("role"));
        assert!(stub.requests().is_empty());
    }
}
