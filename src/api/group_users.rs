//! Members of a group (`/organization/groups/{group_id}/users[/{user_id}]`).

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::identity_types::{GroupUser, GroupUserAssignment, UserIdBody};
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path, check_body_id};

/// Up to 1000 per page, `after` = the page's `next` cursor: what both of
/// OpenAI's SDKs send (openai-python 3.63 pages this list with
/// `SyncNextCursorPage`) and what the list schema documents as required, so
/// no fallback to the last user's id.
const MEMBER_LIST: ListSpec = ListSpec {
    max_limit: 1000,
    cursor: Cursor::Next,
};

fn members(group_id: &str) -> [Segment<'_>; 4] {
    [
        Fixed("organization"),
        Fixed("groups"),
        Id("group_id", group_id),
        Fixed("users"),
    ]
}

fn member<'a>(group_id: &'a str, user_id: &'a str) -> [Segment<'a>; 5] {
    let [organization, groups, group, users] = members(group_id);
    [organization, groups, group, users, Id("user_id", user_id)]
}

impl AdminClient {
    /// Every member of a group.
    pub async fn list_group_users(&self, group_id: &str) -> Result<Vec<GroupUser>, ApiError> {
        let path = build_path(&Method::GET, &members(group_id))?;
        self.list_all(&path, MEMBER_LIST).await
    }

    /// One member of a group; not found when the user is not a member.
    pub async fn get_group_user(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<GroupUser, ApiError> {
        let path = build_path(&Method::GET, &member(group_id, user_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn add_group_user(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<GroupUserAssignment, ApiError> {
        let path = build_path(&Method::POST, &members(group_id))?;
        check_body_id(&Method::POST, &path, "user_id", user_id)?;
        self.post_json(&path, &UserIdBody { user_id }).await
    }

    pub async fn remove_group_user(&self, group_id: &str, user_id: &str) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &member(group_id, user_id))?;
        self.delete(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::ErrorKind;
    use crate::api::test_support::{Reply, Stub};

    #[tokio::test]
    async fn member_operations_send_the_documented_requests_and_decode_the_examples() {
        // Responses: the x-oaiMeta examples of list, add, retrieve and remove.
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [{"id": "user_abc123", "name": "Ada Lovelace",
                       "email": "ada@example.com"}], "has_more": false, "next": null}),
            ),
            Reply::json(
                200,
                json!({"object": "group.user", "user_id": "user_abc123",
                       "group_id": "group_01J1F8ABCDXYZ"}),
            ),
            Reply::json(
                200,
                json!({"id": "user_abc123", "name": "Ada Lovelace", "email": "ada@example.com",
                       "picture": null, "is_service_account": false, "user_type": "user"}),
            ),
            Reply::json(
                200,
                json!({"object": "group.user.deleted", "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let group = "group_01J1F8ABCDXYZ";
        let members = client.list_group_users(group).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].id.as_str(), members[0].name.as_str()),
            ("user_abc123", "Ada Lovelace")
        );
        assert_eq!(members[0].email.as_deref(), Some("ada@example.com"));
        let added = client.add_group_user(group, "user_abc123").await.unwrap();
        assert_eq!(
            (added.group_id.as_str(), added.user_id.as_str()),
            (group, "user_abc123")
        );
        let member = client.get_group_user(group, "user_abc123").await.unwrap();
        assert_eq!(member, members[0]);
        client
            .remove_group_user(group, "user_abc123")
            .await
            .unwrap();

        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "GET /organization/groups/group_01J1F8ABCDXYZ/users",
                "POST /organization/groups/group_01J1F8ABCDXYZ/users",
                "GET /organization/groups/group_01J1F8ABCDXYZ/users/user_abc123",
                "DELETE /organization/groups/group_01J1F8ABCDXYZ/users/user_abc123",
            ]
        );
        // The documented CreateGroupUserBody example.
        assert_eq!(requests[1].json_body(), json!({"user_id": "user_abc123"}));
        for request in [&requests[2], &requests[3]] {
            assert_eq!(request.json_body(), json!(null));
        }
    }

    #[tokio::test]
    async fn an_empty_user_id_is_rejected_before_sending() {
        let stub = Stub::sequence(vec![Reply::json(200, json!({}))]).await;
        let error = stub
            .client()
            .add_group_user("group_1", "")
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(
            error.to_string(),
            "invalid OpenAI API request POST /organization/groups/group_1/users: user_id must not be empty"
        );
        assert!(stub.requests().is_empty());
    }
}
