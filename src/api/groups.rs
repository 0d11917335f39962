//! Groups of the organization (`/organization/groups[/{group_id}]`).
//!
//! A SCIM-managed group belongs to the identity provider: the API refuses to
//! rename or delete it, and that refusal reaches the caller as an
//! [`ApiError`] like any other.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::identity_types::NameBody;
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path};
use super::types::Group;

const GROUPS: [Segment<'static>; 2] = [Fixed("organization"), Fixed("groups")];

fn group(group_id: &str) -> [Segment<'_>; 3] {
    [
        Fixed("organization"),
        Fixed("groups"),
        Id("group_id", group_id),
    ]
}

impl AdminClient {
    /// All groups of the organization (`GET /organization/groups`).
    pub async fn list_groups(&self) -> Result<Vec<Group>, ApiError> {
        self.list_principals().await
    }

    pub async fn get_group(&self, group_id: &str) -> Result<Group, ApiError> {
        let path = build_path(&Method::GET, &group(group_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn create_group(&self, name: &str) -> Result<Group, ApiError> {
        let path = build_path(&Method::POST, &GROUPS)?;
        self.post_json(&path, &NameBody { name }).await
    }

    /// Renames a group. The answer has no `group_type`.
    pub async fn update_group(&self, group_id: &str, name: &str) -> Result<Group, ApiError> {
        let path = build_path(&Method::POST, &group(group_id))?;
        // Sets the name: safe to repeat.
        self.post_json_idempotent(&path, &NameBody { name }).await
    }

    pub async fn delete_group(&self, group_id: &str) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &group(group_id))?;
        self.delete(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::ErrorKind;
    use crate::api::test_support::{Reply, Stub};

    #[tokio::test]
    async fn group_operations_send_the_documented_requests_and_decode_the_examples() {
        // Responses: the x-oaiMeta examples of create, retrieve, update and
        // delete group.
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "group", "id": "group_01J1F8ABCDXYZ", "name": "Support Team",
                       "created_at": 1711471533, "is_scim_managed": false}),
            ),
            Reply::json(
                200,
                json!({"id": "group_01J1F8ABCDXYZ", "name": "Support Team",
                       "created_at": 1711471533, "is_scim_managed": false, "group_type": "group"}),
            ),
            Reply::json(
                200,
                json!({"id": "group_01J1F8ABCDXYZ", "name": "Escalations",
                       "created_at": 1711471533, "is_scim_managed": false}),
            ),
            Reply::json(
                200,
                json!({"object": "group.deleted", "id": "group_01J1F8ABCDXYZ", "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let created = client.create_group("Support Team").await.unwrap();
        assert_eq!(
            (
                created.id.as_str(),
                created.name.as_str(),
                created.created_at
            ),
            ("group_01J1F8ABCDXYZ", "Support Team", 1711471533)
        );
        assert_eq!((created.scim_managed, created.group_type), (false, None));
        let got = client.get_group("group_01J1F8ABCDXYZ").await.unwrap();
        assert_eq!(got.group_type.as_deref(), Some("group"));
        let renamed = client
            .update_group("group_01J1F8ABCDXYZ", "Escalations")
            .await
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.group_type),
            ("Escalations", None)
        );
        client.delete_group("group_01J1F8ABCDXYZ").await.unwrap();

        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "POST /organization/groups",
                "GET /organization/groups/group_01J1F8ABCDXYZ",
                "POST /organization/groups/group_01J1F8ABCDXYZ",
                "DELETE /organization/groups/group_01J1F8ABCDXYZ",
            ]
        );
        // The documented CreateGroupBody and UpdateGroupBody examples.
        let bodies: Vec<_> = requests.iter().map(|r| r.json_body()).collect();
        assert_eq!(
            bodies,
            [
                json!({"name": "Support Team"}),
                json!(null),
                json!({"name": "Escalations"}),
                json!(null),
            ]
        );
    }

    #[tokio::test]
    async fn list_groups_decodes_both_documented_examples() {
        // The operation's example, then the GroupListResource example.
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [{"object": "group", "id": "group_01J1F8ABCDXYZ",
                       "name": "Support Team", "created_at": 1711471533, "is_scim_managed": false}],
                       "has_more": false, "next": null}),
            ),
            Reply::json(
                200,
                json!({"object": "list", "data": [
                    {"id": "group_01J1F8ABCDXYZ", "name": "Support Team", "created_at": 1711471533,
                     "is_scim_managed": false},
                    {"id": "group_01J1F8PQRMNO", "name": "Sales", "created_at": 1711472599,
                     "is_scim_managed": true}],
                    "has_more": false, "next": null}),
            ),
        ])
        .await;
        let client = stub.client();
        let first = client.list_groups().await.unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].name, "Support Team");
        let second = client.list_groups().await.unwrap();
        let scim: Vec<_> = second
            .iter()
            .map(|g| (g.id.as_str(), g.scim_managed))
            .collect();
        assert_eq!(
            scim,
            [("group_01J1F8ABCDXYZ", false), ("group_01J1F8PQRMNO", true)]
        );
        assert_eq!(stub.calls(), ["GET /organization/groups"; 2]);
    }

    #[tokio::test]
    async fn an_empty_group_id_is_rejected_before_sending() {
        let stub = Stub::sequence(vec![Reply::json(200, json!({}))]).await;
        let error = stub.client().update_group("", "x").await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(error.param.as_deref(), Some("group_id"));
        assert!(stub.requests().is_empty());
    }
}
