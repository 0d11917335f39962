//! Users of the organization (`/organization/users[/{user_id}]`): their
//! emails are what people know them by.

use reqwest::Method;

use super::client::AdminClient;
use super::error::ApiError;
use super::path::Segment::{Fixed, Id};
use super::path::build_path;
use super::types::{USER_LIST, User};

/// The query key of the email filter, as OpenAI's SDKs send it.
const EMAILS_FILTER: &str = "emails[]";

impl AdminClient {
    /// All users of the organization (`GET /organization/users`).
    pub async fn list_users(&self) -> Result<Vec<User>, ApiError> {
        self.list_principals().await
    }

    /// The users with one of `emails`. No emails means no users, and no
    /// request: an empty filter would list everyone.
    ///
    /// The filter goes as `emails[]=a&emails[]=b`, not the `emails=` the
    /// description names: both of OpenAI's SDKs send arrays in the query with
    /// brackets (openai-python 3.63 `Querystring(array_format="brackets")`,
    /// openai-node 7.60 likewise), so that is the form the real API is known
    /// to honour.
    pub async fn list_users_by_email(&self, emails: &[String]) -> Result<Vec<User>, ApiError> {
        if emails.is_empty() {
            return Ok(Vec::new());
        }
        let path = build_path(&Method::GET, &[Fixed("organization"), Fixed("users")])?;
        let filters: Vec<(&str, &str)> = emails
            .iter()
            .map(|email| (EMAILS_FILTER, email.as_str()))
            .collect();
        self.list_all_filtered(&path, USER_LIST, &filters).await
    }

    pub async fn get_user(&self, user_id: &str) -> Result<User, ApiError> {
        let path = build_path(
            &Method::GET,
            &[
                Fixed("organization"),
                Fixed("users"),
                Id("user_id", user_id),
            ],
        )?;
        self.get_json(&path, &[]).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{Reply, Stub};

    /// The list-users example.
    fn example_page() -> serde_json::Value {
        json!({"object": "list", "data": [{"object": "organization.user", "id": "user_abc",
               "name": "First Last", "email": "user@example.com", "role": "owner",
               "added_at": 1711471533}], "first_id": "user-abc", "last_id": "user-xyz",
               "has_more": false})
    }

    #[tokio::test]
    async fn the_email_filter_is_sent_with_brackets_as_the_sdks_send_it() {
        let stub = Stub::sequence(vec![Reply::json(200, example_page())]).await;
        let emails = [
            "user@example.com".to_string(),
            "b+tag@example.com".to_string(),
        ];
        let users = stub.client().list_users_by_email(&emails).await.unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(
            (users[0].id.as_str(), users[0].email.as_deref()),
            ("user_abc", Some("user@example.com"))
        );
        let seen = &stub.requests()[0];
        assert_eq!(seen.call(), "GET /organization/users");
        assert_eq!(seen.query_params("emails[]"), emails);
        assert_eq!(seen.query_params("emails"), Vec::<String>::new());
        let raw = seen.query.as_deref().unwrap();
        assert!(
            raw.contains("emails%5B%5D=user%40example.com&emails%5B%5D=b%2Btag%40example.com"),
            "{raw}"
        );
    }

    #[tokio::test]
    async fn the_email_filter_applies_to_every_page() {
        let user = |id: &str| json!({"object": "organization.user", "id": id, "added_at": 1});
        let stub = Stub::sequence(vec![
            Reply::json(
                200,
                json!({"object": "list", "data": [user("user_a")], "has_more": true}),
            ),
            Reply::json(
                200,
                json!({"object": "list", "data": [user("user_b")], "has_more": false}),
            ),
        ])
        .await;
        let emails = ["a@example.com".to_string(), "b@example.com".to_string()];
        let users = stub.client().list_users_by_email(&emails).await.unwrap();
        assert_eq!(users.len(), 2);
        let requests = stub.requests();
        assert_eq!(requests[1].query_param("after").as_deref(), Some("user_a"));
        for request in &requests {
            assert_eq!(request.query_params("emails[]"), emails);
        }
    }

    #[tokio::test]
    async fn no_emails_means_no_users_and_no_request() {
        let stub = Stub::sequence(vec![Reply::json(200, example_page())]).await;
        let users = stub.client().list_users_by_email(&[]).await.unwrap();
        assert!(users.is_empty());
        assert!(stub.requests().is_empty());
    }

    #[tokio::test]
    async fn list_and_retrieve_decode_the_documented_examples() {
        let stub = Stub::sequence(vec![
            Reply::json(200, example_page()),
            // retrieve-user's example
            Reply::json(
                200,
                json!({"object": "organization.user", "id": "user_abc", "name": "First Last",
                       "email": "user@example.com", "role": "owner", "added_at": 1711471533}),
            ),
        ])
        .await;
        let client = stub.client();
        let all = client.list_users().await.unwrap();
        let one = client.get_user("user_abc").await.unwrap();
        assert_eq!(all, std::slice::from_ref(&one));
        assert_eq!(
            (one.name.as_str(), one.role.as_str(), one.added_at),
            ("First Last", "owner", Some(1711471533))
        );
        assert_eq!(
            stub.calls(),
            [
                "GET /organization/users",
                "GET /organization/users/user_abc"
            ]
        );
        assert_eq!(
            stub.requests()[0].query_params("emails[]"),
            Vec::<String>::new()
        );
    }
}
