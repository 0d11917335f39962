//! API objects as their JSON fields, for the declared resource types
//! (`resources/declared`): one client for every simple object type, whose
//! fields each declaration maps to attributes by name.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::client::AdminClient;
use super::error::ApiError;
use super::pagination::ListSpec;
use super::types::ListItem;

/// One object of the API, as the JSON object it answered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiObject(pub Map<String, Json>);

impl ApiObject {
    /// The object's `id` (empty when the answer has none).
    pub fn id(&self) -> &str {
        self.str("id").unwrap_or_default()
    }

    /// A string field; `None` when absent, null or not a string.
    pub fn str(&self, field: &str) -> Option<&str> {
        self.0.get(field).and_then(Json::as_str)
    }

    /// A field as answered (null when absent).
    pub fn field(&self, field: &str) -> &Json {
        self.0.get(field).unwrap_or(&Json::Null)
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// A field by its dotted path (`certificate_details.expires_at`), as
    /// answered; null when any step is absent.
    pub fn at(&self, path: &str) -> &Json {
        super::json_path::get(&self.0, path)
    }

    /// Whether the answer has the field at the dotted `path`.
    pub fn has_at(&self, path: &str) -> bool {
        super::json_path::has(&self.0, path)
    }
}

impl ListItem for ApiObject {
    fn cursor_id(&self) -> &str {
        self.id()
    }
}

impl AdminClient {
    /// Every object of the list at `path` (already built and encoded),
    /// followed page by page.
    pub(crate) async fn list_objects(
        &self,
        path: &str,
        spec: ListSpec,
        filters: &[(&str, &str)],
    ) -> Result<Vec<ApiObject>, ApiError> {
        self.list_all_filtered(path, spec, filters).await
    }

    /// One object at `path` (already built and encoded).
    pub async fn get_object(&self, path: &str) -> Result<ApiObject, ApiError> {
        self.get_json(path, &[]).await
    }

    /// A retrieve with query parameters (`include[]=content`).
    pub(crate) async fn get_object_with(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<ApiObject, ApiError> {
        self.get_json(path, query).await
    }

    /// A create: never repeated after an unclear answer (see `post_json`).
    pub async fn create_object(&self, path: &str, body: &Json) -> Result<ApiObject, ApiError> {
        self.post_json(path, body).await
    }

    /// An update that sends the object's whole managed state, so it is
    /// safe to repeat after a 5xx or a timeout.
    pub async fn update_object(&self, path: &str, body: &Json) -> Result<ApiObject, ApiError> {
        self.post_json_idempotent(path, body).await
    }

    /// Deletes the object at `path`.
    pub async fn delete_object(&self, path: &str) -> Result<(), ApiError> {
        self.delete(path).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::Cursor;
    use crate::api::test_support::{Reply, Stub};

    const SPEC: ListSpec = ListSpec {
        max_limit: 100,
        cursor: Cursor::LastObjectId,
    };

    #[tokio::test]
    async fn lists_follow_pages_by_the_last_object_id() {
        let invite = |id: &str| json!({"object": "organization.invite", "id": id});
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [invite("invite-a")], "has_more": true}),
            ),
            Reply::json(
                200,
                json!({"object": "list", "data": [invite("invite-b")], "has_more": false}),
            ),
        ])
        .await;
        let objects = stub
            .client()
            .list_objects("/organization/invites", SPEC, &[])
            .await
            .unwrap();
        let ids: Vec<&str> = objects.iter().map(ApiObject::id).collect();
        assert_eq!(ids, ["invite-a", "invite-b"]);
        assert_eq!(
            stub.requests()[1].query_param("after").as_deref(),
            Some("invite-a")
        );
    }

    #[tokio::test]
    async fn fields_read_as_answered() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"id": "svc_acct_1", "name": "ci", "created_at": 5, "api_key": null}),
        )])
        .await;
        let object = stub.client().get_object("/x/svc_acct_1").await.unwrap();
        assert_eq!(object.id(), "svc_acct_1");
        assert_eq!(object.str("name"), Some("ci"));
        assert_eq!(object.field("created_at"), &json!(5));
        assert!(object.has("api_key") && !object.has("role"));
        assert_eq!(object.field("role"), &Json::Null);
    }

    #[test]
    fn dotted_paths_reach_nested_fields() {
        let object: ApiObject = serde_json::from_value(json!({
            "id": "cert_1",
            "certificate_details": {"expires_at": 9, "content": null}
        }))
        .unwrap();
        assert_eq!(object.at("certificate_details.expires_at"), &json!(9));
        assert_eq!(object.at("id"), &json!("cert_1"));
        assert_eq!(object.at("certificate_details.valid_at"), &Json::Null);
        assert_eq!(object.at("missing.valid_at"), &Json::Null);
        assert!(object.has_at("certificate_details.content"));
        assert!(!object.has_at("certificate_details.valid_at"));
        assert!(!object.has_at("missing.valid_at"));
    }
}
