//! Reading every page of a list endpoint.
//!
//! A missed page would look like "deleted outside Terraform", so lists are
//! followed until `has_more` is false, and a server that stops making
//! progress is an error rather than a silent truncation or an endless loop.

use std::collections::HashSet;

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::client::AdminClient;
use super::error::{ApiError, ErrorKind};
use super::types::{ListItem, ListPage};

impl AdminClient {
    /// GETs `path` page by page (`limit`, then `after=<cursor>`) and returns
    /// all items in order.
    pub(crate) async fn list_all<T>(&self, path: &str) -> Result<Vec<T>, ApiError>
    where
        T: DeserializeOwned + ListItem,
    {
        let limit = self.page_limit().to_string();
        let mut items = Vec::new();
        let mut cursors_used = HashSet::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut query = vec![("limit", limit.as_str())];
            if let Some(after) = &cursor {
                query.push(("after", after.as_str()));
            }
            let page: ListPage<T> = self.get_json(path, &query).await?;
            let has_more = page.has_more;
            let next = next_cursor(&page);
            items.extend(page.data);
            if !has_more {
                return Ok(items);
            }
            let next = next.ok_or_else(|| {
                pagination_error(
                    path,
                    "has_more is true but the page gives no cursor (no next, no last_id, no items)"
                        .to_string(),
                )
            })?;
            if !cursors_used.insert(next.clone()) {
                return Err(pagination_error(
                    path,
                    format!(
                        "the API returned the cursor {next:?} twice; stopping to avoid an endless loop"
                    ),
                ));
            }
            cursor = Some(next);
        }
    }
}

/// `next`, else `last_id`, else the id of the page's last item.
fn next_cursor<T: ListItem>(page: &ListPage<T>) -> Option<String> {
    [page.next.as_deref(), page.last_id.as_deref()]
        .into_iter()
        .flatten()
        .chain(page.data.last().map(ListItem::cursor_id))
        .find(|cursor| !cursor.is_empty())
        .map(str::to_string)
}

fn pagination_error(path: &str, message: String) -> ApiError {
    ApiError::new(ErrorKind::Decode, Method::GET.as_str(), path, message)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::ErrorKind;
    use crate::api::test_support::{Recorded, Reply, Stub};

    fn role(id: &str) -> Value {
        json!({"object": "role", "id": id, "name": id, "permissions": [],
               "resource_type": "api.project", "predefined_role": false})
    }

    /// Serves roles r0..r8, three per page, starting after the `after` id.
    /// `cursors` decides which cursor fields a page carries.
    fn three_pages(request: &Recorded, cursors: fn(&str) -> Value) -> Reply {
        let start = match request.query_param("after") {
            None => 0,
            Some(after) => after.trim_start_matches('r').parse::<usize>().unwrap() + 1,
        };
        let ids: Vec<String> = (start..(start + 3).min(9))
            .map(|i| format!("r{i}"))
            .collect();
        let has_more = start + 3 < 9;
        let mut page = json!({
            "object": "list",
            "data": ids.iter().map(|id| role(id)).collect::<Vec<_>>(),
            "has_more": has_more,
        });
        if has_more {
            let extra = cursors(ids.last().unwrap());
            page.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
        }
        Reply::json(200, page)
    }

    fn ids(roles: &[crate::api::Role]) -> Vec<&str> {
        roles.iter().map(|role| role.id.as_str()).collect()
    }

    const ALL: [&str; 9] = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];

    #[tokio::test]
    async fn follows_next_across_three_pages() {
        let stub = Stub::start(|request, _| {
            three_pages(request, |last| json!({"next": last, "last_id": "WRONG"}))
        })
        .await;
        let roles = stub.client().list_project_roles("proj_1").await.unwrap();
        assert_eq!(ids(&roles), ALL);
        let requests = stub.requests();
        assert_eq!(requests.len(), 3);
        let afters: Vec<_> = requests.iter().map(|r| r.query_param("after")).collect();
        assert_eq!(afters, [None, Some("r2".into()), Some("r5".into())]);
        assert!(
            requests
                .iter()
                .all(|r| r.query_param("limit").as_deref() == Some("100"))
        );
        assert!(
            requests
                .iter()
                .all(|r| r.path == "/v1/projects/proj_1/roles")
        );
    }

    #[tokio::test]
    async fn falls_back_to_last_id() {
        let stub = Stub::start(|request, _| {
            three_pages(
                request,
                |last| json!({"next": null, "first_id": "x", "last_id": last}),
            )
        })
        .await;
        let roles = stub.client().list_org_roles().await.unwrap();
        assert_eq!(ids(&roles), ALL);
        assert_eq!(stub.requests().len(), 3);
    }

    #[tokio::test]
    async fn falls_back_to_the_last_items_id() {
        let stub = Stub::start(|request, _| three_pages(request, |_| json!({"next": ""}))).await;
        let roles = stub.client().list_org_roles().await.unwrap();
        assert_eq!(ids(&roles), ALL);
    }

    #[tokio::test]
    async fn sends_the_configured_page_limit() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"data": [], "has_more": false}),
        )])
        .await;
        let mut config = crate::api::test_support::fast_config(&stub.base_url);
        config.page_limit = 7;
        crate::api::AdminClient::new(config)
            .unwrap()
            .list_org_roles()
            .await
            .unwrap();
        assert_eq!(
            stub.requests()[0].query_param("limit").as_deref(),
            Some("7")
        );
    }

    #[tokio::test]
    async fn a_repeated_cursor_is_an_error_not_an_endless_loop() {
        let stub = Stub::start(|request, _| {
            let next = if request.query_param("after").is_none() {
                "c1"
            } else {
                "c2"
            };
            Reply::json(
                200,
                json!({"data": [role("r")], "has_more": true, "next": next}),
            )
        })
        .await;
        let error = stub.client().list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert_eq!(
            error.to_string(),
            "OpenAI API returned an unexpected response to GET /organization/roles: \
             the API returned the cursor \"c2\" twice; stopping to avoid an endless loop"
        );
        assert_eq!(stub.requests().len(), 3);
    }

    #[tokio::test]
    async fn has_more_without_any_cursor_is_an_error() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"data": [], "has_more": true}),
        )])
        .await;
        let error = stub.client().list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert!(error.to_string().contains("has_more is true"), "{error}");
    }
}
