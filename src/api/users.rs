//! Users of the organization, for display (their email addresses).

use super::client::AdminClient;
use super::error::ApiError;
use super::types::User;

impl AdminClient {
    /// All users of the organization (`GET /organization/users`).
    pub async fn list_users(&self) -> Result<Vec<User>, ApiError> {
        self.list_principals().await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{Reply, Stub};

    #[tokio::test]
    async fn lists_every_page_of_users() {
        let user = |id: &str, email: &str| {
            json!({"object": "organization.user", "id": id, "name": id, "email": email,
                   "role": "reader", "added_at": 5})
        };
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [user("user_a", "a@example.com")],
                       "has_more": true, "next": "user_a"}),
            ),
            Reply::json(
                200,
                json!({"object": "list", "data": [user("user_b", "b@example.com")],
                       "has_more": false, "next": null}),
            ),
        ])
        .await;
        let users = stub.client().list_users().await.unwrap();
        let emails: Vec<_> = users.iter().map(|u| u.email.as_deref()).collect();
        assert_eq!(emails, [Some("a@example.com"), Some("b@example.com")]);
        let requests = stub.requests();
        assert_eq!(requests[0].path, "/v1/organization/users");
        assert_eq!(requests[1].query_param("after").as_deref(), Some("user_a"));
    }
}
