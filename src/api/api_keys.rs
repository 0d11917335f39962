//! API keys: a project's keys (`/organization/projects/{p}/api_keys`), the
//! keys of a project's service accounts (created under
//! `.../service_accounts/{id}/api_keys`, deleted as project keys), and the
//! organization's admin keys (`/organization/admin_api_keys`).
//!
//! A key's secret is in the create answer only, as a [`Secret`] whose
//! `Debug` hides it; every later read has the redacted form.

use std::fmt;

use reqwest::Method;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::client::AdminClient;
use super::error::ApiError;
use super::pagination::{Cursor, ListSpec};
use super::path::Segment::{Fixed, Id};
use super::path::{Segment, build_path};
use super::types::ListItem;

/// Up to 100 per page, `after` = the last key's id (both key lists).
const KEY_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

const ADMIN_KEYS: [Segment<'static>; 2] = [Fixed("organization"), Fixed("admin_api_keys")];

fn admin_key(key_id: &str) -> [Segment<'_>; 3] {
    [
        Fixed("organization"),
        Fixed("admin_api_keys"),
        Id("key_id", key_id),
    ]
}

fn project_keys(project_id: &str) -> [Segment<'_>; 4] {
    [
        Fixed("organization"),
        Fixed("projects"),
        Id("project_id", project_id),
        Fixed("api_keys"),
    ]
}

fn project_key<'a>(project_id: &'a str, key_id: &'a str) -> [Segment<'a>; 5] {
    let [organization, projects, project, keys] = project_keys(project_id);
    [
        organization,
        projects,
        project,
        keys,
        Id("api_key_id", key_id),
    ]
}

/// A key's secret value. Never printed by `Debug`; read it with
/// [`Secret::expose`] only to hand it to Terraform.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A key just created: the only answer that holds its secret. Fields the
/// description does not mark required everywhere decode as empty; callers
/// check with [`CreatedKey::is_complete`].
#[derive(Debug, Clone, Deserialize)]
pub struct CreatedKey {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub redacted_value: Option<String>,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub value: Secret,
}

impl CreatedKey {
    /// Whether the answer names the key and holds its secret.
    pub fn is_complete(&self) -> bool {
        !self.id.is_empty() && !self.value.0.is_empty()
    }
}

#[derive(Serialize)]
struct CreateServiceAccountKeyBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<&'a [String]>,
}

#[derive(Serialize)]
struct CreateAdminKeyBody<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in_seconds: Option<i64>,
}

/// Who holds a project key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KeyOwner {
    /// `user` or `service_account`; see [`KeyOwner::kind`].
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub user: Option<OwnerDetails>,
    #[serde(default)]
    pub service_account: Option<OwnerDetails>,
}

impl KeyOwner {
    /// `type`, or when the answer leaves it out, which details it has.
    pub fn kind(&self) -> &str {
        match (&self.kind, &self.service_account) {
            (Some(kind), _) => kind,
            (None, Some(_)) => "service_account",
            (None, None) => "user",
        }
    }

    /// The details of whichever principal owns the key.
    pub fn details(&self) -> Option<&OwnerDetails> {
        self.user.as_ref().or(self.service_account.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OwnerDetails {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A project API key as listed (redacted).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectApiKey {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub redacted_value: String,
    pub created_at: i64,
    #[serde(default)]
    pub last_used_at: Option<i64>,
    #[serde(default)]
    pub owner_project_access: Option<String>,
    pub owner: KeyOwner,
}

/// The owner of an admin key (always a user, or a service account the
/// dashboard made).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdminKeyOwner {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

/// An admin API key as listed (redacted).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdminApiKey {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub redacted_value: String,
    pub created_at: i64,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub last_used_at: Option<i64>,
    #[serde(default)]
    pub owner: Option<AdminKeyOwner>,
}

impl ListItem for ProjectApiKey {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

impl ListItem for AdminApiKey {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

impl AdminClient {
    /// Creates a key for a project's service account. Not retried after
    /// an unclear failure: a second create would make a second key.
    pub async fn create_service_account_key(
        &self,
        project_id: &str,
        service_account_id: &str,
        name: Option<&str>,
        scopes: Option<&[String]>,
    ) -> Result<CreatedKey, ApiError> {
        let path = build_path(
            &Method::POST,
            &[
                Fixed("organization"),
                Fixed("projects"),
                Id("project_id", project_id),
                Fixed("service_accounts"),
                Id("service_account_id", service_account_id),
                Fixed("api_keys"),
            ],
        )?;
        self.post_json(&path, &CreateServiceAccountKeyBody { name, scopes })
            .await
    }

    /// Every key of a project (users' and service accounts'), redacted.
    /// `owner_project_access=any`: keys of owners who lost access too,
    /// which a review must see.
    pub async fn list_project_api_keys(
        &self,
        project_id: &str,
    ) -> Result<Vec<ProjectApiKey>, ApiError> {
        let path = build_path(&Method::GET, &project_keys(project_id))?;
        self.list_all_filtered(&path, KEY_LIST, &[("owner_project_access", "any")])
            .await
    }

    pub async fn get_project_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<ProjectApiKey, ApiError> {
        let path = build_path(&Method::GET, &project_key(project_id, key_id))?;
        self.get_json(&path, &[]).await
    }

    /// Deletes (revokes) a project key, service accounts' keys included.
    pub async fn delete_project_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &project_key(project_id, key_id))?;
        self.delete(&path).await
    }

    /// Whether a project still has a service account (to tell a key
    /// deleted on its own from one deleted with its service account).
    pub async fn service_account_exists(
        &self,
        project_id: &str,
        service_account_id: &str,
    ) -> Result<bool, ApiError> {
        let path = build_path(
            &Method::GET,
            &[
                Fixed("organization"),
                Fixed("projects"),
                Id("project_id", project_id),
                Fixed("service_accounts"),
                Id("service_account_id", service_account_id),
            ],
        )?;
        match self.get_json::<IgnoredAny>(&path, &[]).await {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Creates an admin key. Not retried after an unclear failure.
    pub async fn create_admin_api_key(
        &self,
        name: &str,
        expires_in_seconds: Option<i64>,
    ) -> Result<CreatedKey, ApiError> {
        let path = build_path(&Method::POST, &ADMIN_KEYS)?;
        self.post_json(
            &path,
            &CreateAdminKeyBody {
                name,
                expires_in_seconds,
            },
        )
        .await
    }

    pub async fn list_admin_api_keys(&self) -> Result<Vec<AdminApiKey>, ApiError> {
        let path = build_path(&Method::GET, &ADMIN_KEYS)?;
        self.list_all(&path, KEY_LIST).await
    }

    pub async fn get_admin_api_key(&self, key_id: &str) -> Result<AdminApiKey, ApiError> {
        let path = build_path(&Method::GET, &admin_key(key_id))?;
        self.get_json(&path, &[]).await
    }

    pub async fn delete_admin_api_key(&self, key_id: &str) -> Result<(), ApiError> {
        let path = build_path(&Method::DELETE, &admin_key(key_id))?;
        self.delete(&path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{Reply, Stub};

    /// A secret long enough to be recognisable in any output.
    const SECRET: &str = "sk-svcacct-TEST-NOT-A-REAL-KEY-abcdefghijklmnop0123";

    #[tokio::test]
    async fn service_account_keys_are_created_and_deleted_as_documented() {
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "organization.project.service_account.api_key", "value": SECRET,
                       "name": "ci", "created_at": 1711471533, "id": "key_abc"}),
            ),
            Reply::json(
                200,
                json!({"object": "organization.project.api_key.deleted", "id": "key_abc",
                       "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let scopes = vec!["api.model.read".to_owned()];
        let key = client
            .create_service_account_key("proj_abc", "svc_acct_abc", Some("ci"), Some(&scopes))
            .await
            .unwrap();
        assert_eq!((key.id.as_str(), key.value.expose()), ("key_abc", SECRET));
        assert!(!format!("{key:?}").contains(SECRET), "{key:?}");
        client
            .delete_project_api_key("proj_abc", "key_abc")
            .await
            .unwrap();
        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "POST /organization/projects/proj_abc/service_accounts/svc_acct_abc/api_keys",
                "DELETE /organization/projects/proj_abc/api_keys/key_abc",
            ]
        );
        assert_eq!(
            requests[0].json_body(),
            json!({"name": "ci", "scopes": ["api.model.read"]})
        );
    }

    #[tokio::test]
    async fn project_keys_are_listed_with_any_owner_access_and_decode_the_example() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list", "data": [{
                "object": "organization.project.api_key", "redacted_value": "sk-abc...def",
                "name": "My API Key", "created_at": 1711471533, "last_used_at": 1711471534,
                "id": "key_abc", "owner_project_access": "active",
                "owner": {"type": "user", "user": {"id": "user_abc", "name": "First Last",
                          "email": "user@example.com", "role": "owner", "created_at": 1711471533}}}],
                "first_id": "key_abc", "last_id": "key_abc", "has_more": false}),
        )])
        .await;
        let keys = stub
            .client()
            .list_project_api_keys("proj_abc")
            .await
            .unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].owner.kind(), "user");
        assert_eq!(
            keys[0].owner.details().unwrap().email.as_deref(),
            Some("user@example.com")
        );
        assert_eq!(keys[0].last_used_at, Some(1711471534));
        let request = &stub.requests()[0];
        assert_eq!(
            request.query_param("owner_project_access").as_deref(),
            Some("any")
        );
    }

    #[tokio::test]
    async fn admin_keys_are_created_listed_and_deleted_as_documented() {
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "organization.admin_api_key", "id": "key_xyz",
                       "name": "New Admin Key", "redacted_value": "sk-admin...xyz",
                       "created_at": 1711471533, "expires_at": 1711475133,
                       "owner": {"type": "user", "object": "organization.user", "id": "user_123",
                                 "name": "John Doe", "created_at": 1711471533, "role": "owner"},
                       "value": "sk-admin-TEST-NOT-A-REAL-KEY-1234abcd"}),
            ),
            Reply::json(
                200,
                json!({"object": "list", "data": [{"object": "organization.admin_api_key",
                       "id": "key_abc", "name": "Main Admin Key", "redacted_value": "sk-admin...xyz",
                       "created_at": 1711471533, "expires_at": null, "last_used_at": 1711471534,
                       "owner": {"type": "user", "object": "organization.user", "id": "user_123",
                                 "name": "John Doe", "created_at": 1711471533, "role": "owner"}}],
                       "first_id": "key_abc", "last_id": "key_abc", "has_more": false}),
            ),
            Reply::json(
                200,
                json!({"id": "key_xyz", "object": "organization.admin_api_key.deleted",
                       "deleted": true}),
            ),
        ])
        .await;
        let client = stub.client();
        let created = client
            .create_admin_api_key("New Admin Key", Some(3600))
            .await
            .unwrap();
        assert_eq!(
            created.value.expose(),
            "sk-admin-TEST-NOT-A-REAL-KEY-1234abcd"
        );
        assert_eq!(created.expires_at, Some(1711475133));
        let keys = client.list_admin_api_keys().await.unwrap();
        assert_eq!(
            keys[0].owner.as_ref().unwrap().role.as_deref(),
            Some("owner")
        );
        client.delete_admin_api_key("key_xyz").await.unwrap();
        let requests = stub.requests();
        let calls: Vec<_> = requests.iter().map(|r| r.call()).collect();
        assert_eq!(
            calls,
            [
                "POST /organization/admin_api_keys",
                "GET /organization/admin_api_keys",
                "DELETE /organization/admin_api_keys/key_xyz",
            ]
        );
        assert_eq!(
            requests[0].json_body(),
            json!({"name": "New Admin Key", "expires_in_seconds": 3600})
        );
    }
}
