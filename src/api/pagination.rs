//! Reading every page of a list endpoint.
//!
//! Each list declares its documented paging in a [`ListSpec`]: the largest
//! page it allows (fewest requests) and which cursor its `after` parameter
//! takes. A missed page would look like "deleted outside Terraform", so lists
//! are followed until `has_more` is false, and a server that stops making
//! progress is an error rather than a silent truncation or an endless loop.

use std::collections::HashSet;

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::client::AdminClient;
use super::error::{ApiError, ErrorKind};
use super::types::{ListItem, ListPage};

/// Where a list's next page starts (its `after` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// The previous page's `next` field.
    Next,
    /// The id of the previous page's last object, which is what a list's
    /// `last_id` field holds (openai-python pages these lists by `last_id`).
    LastObjectId,
}

/// The documented paging of one list endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSpec {
    /// The documented maximum `limit`, sent unless
    /// [`ClientConfig::page_limit`](super::ClientConfig::page_limit) is lower.
    pub max_limit: u32,
    pub cursor: Cursor,
}

impl AdminClient {
    /// GETs `path` page by page (`limit`, then `after=<cursor>`) as `spec`
    /// says, and returns all items in order.
    pub(crate) async fn list_all<T>(&self, path: &str, spec: ListSpec) -> Result<Vec<T>, ApiError>
    where
        T: DeserializeOwned + ListItem,
    {
        self.list_all_filtered(path, spec, &[]).await
    }

    /// [`Self::list_all`] with extra query parameters sent on every page
    /// (filters such as `emails=...` or `include_archived=true`).
    pub(crate) async fn list_all_filtered<T>(
        &self,
        path: &str,
        spec: ListSpec,
        filters: &[(&str, &str)],
    ) -> Result<Vec<T>, ApiError>
    where
        T: DeserializeOwned + ListItem,
    {
        let limit = self.page_limit_for(spec).to_string();
        let mut items = Vec::new();
        let mut cursors_used = HashSet::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut query = vec![("limit", limit.as_str())];
            query.extend_from_slice(filters);
            if let Some(after) = &cursor {
                query.push(("after", after.as_str()));
            }
            let page: ListPage<T> = self.get_json(path, &query).await?;
            let has_more = page.has_more;
            let next = next_cursor(&page, spec.cursor);
            items.extend(page.data);
            if !has_more {
                return Ok(items);
            }
            let next = next.ok_or_else(|| {
                let missing = match spec.cursor {
                    Cursor::Next => "no `next` cursor",
                    Cursor::LastObjectId => "no items, so no last id to continue after",
                };
                pagination_error(
                    path,
                    format!("has_more is true but the page gives {missing}"),
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

    /// The list's documented maximum, lowered by a configured page limit.
    fn page_limit_for(&self, spec: ListSpec) -> u32 {
        self.page_limit_cap()
            .map_or(spec.max_limit, |cap| cap.min(spec.max_limit))
            .max(1)
    }
}

/// The cursor `after` takes for the page following `page`, if it gives one.
fn next_cursor<T: ListItem>(page: &ListPage<T>, cursor: Cursor) -> Option<String> {
    let next = match cursor {
        Cursor::Next => page.next.as_deref(),
        Cursor::LastObjectId => page.data.last().map(ListItem::cursor_id),
    };
    next.filter(|next| !next.is_empty()).map(str::to_string)
}

fn pagination_error(path: &str, message: String) -> ApiError {
    ApiError::new(ErrorKind::Decode, Method::GET.as_str(), path, message)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::api::test_support::{Recorded, Reply, Stub, fast_config};
    use crate::api::{AdminClient, ErrorKind};

    fn role(id: &str) -> Value {
        json!({"object": "role", "id": id, "name": id, "permissions": [],
               "resource_type": "api.project", "predefined_role": false})
    }

    /// Serves items i0..i8, three per page, starting after the `after` id;
    /// `item` shapes an item and `cursors` adds cursor fields to pages that
    /// have more.
    fn three_pages(
        request: &Recorded,
        item: fn(&str) -> Value,
        cursors: fn(&str) -> Value,
    ) -> Reply {
        let start = match request.query_param("after") {
            None => 0,
            Some(after) => after.trim_start_matches('i').parse::<usize>().unwrap() + 1,
        };
        let ids: Vec<String> = (start..(start + 3).min(9))
            .map(|i| format!("i{i}"))
            .collect();
        let has_more = start + 3 < 9;
        let mut page = json!({
            "object": "list",
            "data": ids.iter().map(|id| item(id)).collect::<Vec<_>>(),
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

    fn afters(stub: &Stub) -> Vec<Option<String>> {
        stub.requests()
            .iter()
            .map(|r| r.query_param("after"))
            .collect()
    }

    const ALL: [&str; 9] = ["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8"];

    #[tokio::test]
    async fn a_next_list_follows_next_across_three_pages() {
        let stub = Stub::start(|request, _| {
            three_pages(
                request,
                role,
                |last| json!({"next": last, "last_id": "WRONG"}),
            )
        })
        .await;
        let roles = stub.client().list_project_roles("proj_1").await.unwrap();
        let ids: Vec<_> = roles.iter().map(|role| role.id.as_str()).collect();
        assert_eq!(ids, ALL);
        assert_eq!(afters(&stub), [None, Some("i2".into()), Some("i5".into())]);
        for request in stub.requests() {
            assert_eq!(request.call(), "GET /projects/proj_1/roles");
            assert_eq!(request.query_param("limit").as_deref(), Some("1000"));
        }
    }

    #[tokio::test]
    async fn a_last_object_id_list_continues_after_its_last_item() {
        let stub = Stub::start(|request, _| {
            three_pages(
                request,
                |id| json!({"object": "organization.user", "id": id, "added_at": 1}),
                |_| json!({"next": "WRONG", "first_id": "x", "last_id": "WRONG"}),
            )
        })
        .await;
        let users = stub.client().list_users().await.unwrap();
        let ids: Vec<_> = users.iter().map(|user| user.id.as_str()).collect();
        assert_eq!(ids, ALL);
        assert_eq!(afters(&stub), [None, Some("i2".into()), Some("i5".into())]);
    }

    #[tokio::test]
    async fn a_next_list_does_not_guess_a_cursor_from_last_id_or_items() {
        let stub = Stub::start(|request, _| {
            three_pages(request, role, |last| json!({"next": null, "last_id": last}))
        })
        .await;
        let error = stub.client().list_org_roles().await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert_eq!(
            error.to_string(),
            "OpenAI API returned an unexpected response to GET /organization/roles: \
             has_more is true but the page gives no `next` cursor"
        );
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn an_empty_page_with_more_to_come_is_an_error_for_last_object_id_lists() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list", "data": [], "has_more": true, "next": "n", "last_id": "l"}),
        )])
        .await;
        let error = stub.client().list_projects(false).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Decode);
        assert!(
            error.to_string().ends_with(
                "has_more is true but the page gives no items, so no last id to continue after"
            ),
            "{error}"
        );
        assert_eq!(stub.requests().len(), 1);
    }

    #[tokio::test]
    async fn page_limit_lowers_but_never_raises_the_documented_maximum() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "list", "data": [], "has_more": false}),
        )])
        .await;
        let mut sent = Vec::new();
        for cap in [None, Some(7), Some(500), Some(0)] {
            let mut config = fast_config(&stub.base_url);
            config.page_limit = cap;
            let client = AdminClient::new(config).unwrap();
            client.list_org_roles().await.unwrap();
            client.list_users().await.unwrap();
            let requests = stub.requests();
            let limits: Vec<_> = requests[requests.len() - 2..]
                .iter()
                .map(|r| r.query_param("limit").unwrap())
                .collect();
            sent.push((cap, limits));
        }
        let expected = [
            (None, ["1000", "100"]),
            (Some(7), ["7", "7"]),
            (Some(500), ["500", "100"]),
            (Some(0), ["1", "1"]),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(cap, limits)| (*cap, limits.map(String::from).to_vec()))
            .collect();
        assert_eq!(sent, expected);
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
    async fn a_repeated_last_object_id_is_an_error_too() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"data": [{"id": "user_same"}], "has_more": true}),
        )])
        .await;
        let error = stub
            .client()
            .list_project_users("proj_1")
            .await
            .unwrap_err();
        assert!(error.to_string().contains("\"user_same\" twice"), "{error}");
        assert_eq!(stub.requests().len(), 2);
    }

    /// First page: one item and every cursor field, each with a different
    /// value; second page: empty and final.
    fn two_pages(request: &Recorded) -> Reply {
        if request.query_param("after").is_some() {
            return Reply::json(
                200,
                json!({"object": "list", "data": [], "has_more": false}),
            );
        }
        let project_groups = request.path.starts_with("/v1/organization/projects/")
            && request.path.ends_with("/groups");
        let item = if project_groups {
            json!({"object": "project.group", "project_id": "p", "group_id": "LAST-ITEM-ID",
                   "group_name": "G"})
        } else {
            json!({"id": "LAST-ITEM-ID", "name": "N"})
        };
        Reply::json(
            200,
            json!({"object": "list", "data": [item], "has_more": true, "next": "NEXT-FIELD",
                   "first_id": "FIRST-ID-FIELD", "last_id": "LAST-ID-FIELD"}),
        )
    }

    #[tokio::test]
    async fn every_list_sends_its_documented_limit_and_cursor() {
        const NEXT: &str = "NEXT-FIELD";
        const LAST: &str = "LAST-ITEM-ID";
        let stub = Stub::start(|request, _| two_pages(request)).await;
        let client = stub.client();
        let emails = ["a@example.com".to_string()];
        let lengths = [
            client.list_project_roles("p").await.unwrap().len(),
            client.list_org_roles().await.unwrap().len(),
            client
                .list_project_group_roles("p", "g")
                .await
                .unwrap()
                .len(),
            client
                .list_project_user_roles("p", "u")
                .await
                .unwrap()
                .len(),
            client.list_org_group_roles("g").await.unwrap().len(),
            client.list_org_user_roles("u").await.unwrap().len(),
            client.list_groups().await.unwrap().len(),
            client.list_group_users("g").await.unwrap().len(),
            client.list_project_groups("p").await.unwrap().len(),
            client.list_projects(false).await.unwrap().len(),
            client.list_projects(true).await.unwrap().len(),
            client.list_users().await.unwrap().len(),
            client.list_users_by_email(&emails).await.unwrap().len(),
            client.list_project_users("p").await.unwrap().len(),
        ];
        assert!(lengths.iter().all(|&n| n == 1), "{lengths:?}");
        let expected = [
            ("/projects/p/roles", "1000", NEXT),
            ("/organization/roles", "1000", NEXT),
            ("/projects/p/groups/g/roles", "1000", NEXT),
            ("/projects/p/users/u/roles", "1000", NEXT),
            ("/organization/groups/g/roles", "1000", NEXT),
            ("/organization/users/u/roles", "1000", NEXT),
            ("/organization/groups", "1000", NEXT),
            ("/organization/groups/g/users", "1000", NEXT),
            ("/organization/projects/p/groups", "100", NEXT),
            ("/organization/projects", "100", LAST),
            ("/organization/projects", "100", LAST),
            ("/organization/users", "100", LAST),
            ("/organization/users", "100", LAST),
            ("/organization/projects/p/users", "100", LAST),
        ];
        let requests = stub.requests();
        assert_eq!(requests.len(), 2 * expected.len());
        for (pages, (path, limit, after)) in requests.chunks(2).zip(expected) {
            let call = format!("GET {path}");
            assert_eq!(
                (pages[0].call(), pages[1].call()),
                (call.clone(), call.clone())
            );
            for page in pages {
                assert_eq!(page.query_param("limit").as_deref(), Some(limit), "{call}");
            }
            assert_eq!(pages[0].query_param("after"), None, "{call}");
            assert_eq!(
                pages[1].query_param("after").as_deref(),
                Some(after),
                "{call}"
            );
        }
    }
}
