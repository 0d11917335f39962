//! Cursor pagination shared by every list endpoint, with each list's
//! documented `limit` bounds, default order and page envelope.
//!
//! Lists differ in how a client continues after a page. Lists whose pages
//! carry `next` take that value as `after`, and it is an opaque cursor, not
//! the last item's id: OpenAI's SDKs page exactly these lists by `next`
//! (openai-python 3.63 `NextCursorPage`), so a client that sends the last
//! item's id instead is caught here rather than by the real API. Lists whose
//! pages carry `first_id`/`last_id` take the last item's id (the SDKs send
//! `last_id`). The page is also capped at the server's configured page size
//! even when the client asks for more, so clients that stop after one page
//! get caught.

use serde::Serialize;

use super::errors::ApiError;
use super::query::QueryPairs;
use super::wire::HasId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

/// Which cursor fields a list's pages carry, as its schema documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// `{object, data, has_more, next}`: `next` is an opaque cursor to pass
    /// as `after` ([`next_cursor`]).
    Next,
    /// `{object, data, first_id, last_id, has_more}`: pass `last_id` as `after`.
    FirstLast,
}

/// What the description documents about one list endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSpec {
    pub min_limit: usize,
    pub max_limit: usize,
    pub default_limit: usize,
    /// `None` for lists without an `order` parameter: always creation order.
    pub default_order: Option<Order>,
    pub envelope: Envelope,
}

impl ListSpec {
    /// `GET /projects/{p}/roles`, `GET /organization/roles`.
    pub const ROLES: ListSpec = ListSpec {
        min_limit: 0,
        max_limit: 1000,
        default_limit: 1000,
        default_order: Some(Order::Asc),
        envelope: Envelope::Next,
    };
    /// The four role-assignment lists (groups and users, project and organization).
    pub const ROLE_ASSIGNMENTS: ListSpec = ListSpec::ROLES;
    /// `GET /organization/groups`.
    pub const GROUPS: ListSpec = ListSpec {
        min_limit: 0,
        max_limit: 1000,
        default_limit: 100,
        default_order: Some(Order::Asc),
        envelope: Envelope::Next,
    };
    /// `GET /organization/groups/{g}/users`: newest member first by default.
    pub const GROUP_USERS: ListSpec = ListSpec {
        default_order: Some(Order::Desc),
        ..ListSpec::GROUPS
    };
    /// `GET /organization/projects/{p}/groups`.
    pub const PROJECT_GROUPS: ListSpec = ListSpec {
        min_limit: 0,
        max_limit: 100,
        default_limit: 20,
        default_order: Some(Order::Asc),
        envelope: Envelope::Next,
    };
    /// `GET /organization/projects`.
    pub const PROJECTS: ListSpec = ListSpec {
        min_limit: 1,
        max_limit: 100,
        default_limit: 20,
        default_order: None,
        envelope: Envelope::FirstLast,
    };
    /// `GET /organization/users`.
    pub const USERS: ListSpec = ListSpec::PROJECTS;
    /// `GET /organization/projects/{p}/users`.
    pub const PROJECT_USERS: ListSpec = ListSpec::PROJECTS;
}

/// Validated `limit` / `after` / `order` query parameters of one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub limit: usize,
    pub after: Option<String>,
    pub order: Order,
    pub envelope: Envelope,
}

impl ListParams {
    /// The parameters a client sending none gets.
    pub fn defaults(spec: &ListSpec) -> Self {
        ListParams {
            limit: spec.default_limit,
            after: None,
            order: spec.default_order.unwrap_or(Order::Asc),
            envelope: spec.envelope,
        }
    }

    /// Parses the query; other parameters are ignored, as the real API does
    /// (so is `order` on lists that do not document it).
    pub fn parse(query: &QueryPairs, spec: &ListSpec) -> Result<Self, ApiError> {
        let mut params = ListParams::defaults(spec);
        if let Some(raw) = query.get("limit") {
            params.limit = parse_limit(raw, spec)?;
        }
        if let Some(after) = query.get("after").filter(|a| !a.is_empty()) {
            params.after = Some(after.to_string());
        }
        if spec.default_order.is_some()
            && let Some(order) = query.get("order")
        {
            params.order = match order {
                "asc" => Order::Asc,
                "desc" => Order::Desc,
                other => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid value for 'order': expected one of 'asc' or 'desc', but got \
                         '{other}' instead."
                    ))
                    .with_param("order")
                    .with_code("invalid_value"));
                }
            };
        }
        Ok(params)
    }
}

fn parse_limit(raw: &str, spec: &ListSpec) -> Result<usize, ApiError> {
    let limit: i64 = raw.trim().parse().map_err(|_| {
        ApiError::bad_request(format!(
            "Invalid type for 'limit': expected an integer, but got '{raw}' instead."
        ))
        .with_param("limit")
        .with_code("invalid_type")
    })?;
    let (min, max) = (spec.min_limit as i64, spec.max_limit as i64);
    if !(min..=max).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "Invalid 'limit': expected a value between {min} and {max}, but got {limit} instead."
        ))
        .with_param("limit")
        .with_code("invalid_value"));
    }
    Ok(limit as usize)
}

/// The cursor fields of a page, flattened into it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cursors {
    Next {
        next: Option<String>,
    },
    FirstLast {
        first_id: Option<String>,
        last_id: Option<String>,
    },
}

/// One page of a list: `{object: "list", data, has_more, <cursors>}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListPage<T> {
    pub object: &'static str,
    pub data: Vec<T>,
    pub has_more: bool,
    #[serde(flatten)]
    pub cursors: Cursors,
}

#[cfg(test)]
impl<T> ListPage<T> {
    /// The id to pass as `after` for the next page, whatever the envelope.
    pub fn cursor(&self) -> Option<&str> {
        match &self.cursors {
            Cursors::Next { next } => next.as_deref(),
            Cursors::FirstLast { last_id, .. } if self.has_more => last_id.as_deref(),
            Cursors::FirstLast { .. } => None,
        }
    }
}

/// Cuts one page out of `items`, which must be in creation (ascending) order.
/// `limit=0` (allowed by some lists) answers an empty page.
pub fn paginate<T: HasId>(
    mut items: Vec<T>,
    params: &ListParams,
    page_size: usize,
) -> Result<ListPage<T>, ApiError> {
    if params.order == Order::Desc {
        items.reverse();
    }
    let start = match &params.after {
        None => 0,
        Some(cursor) => {
            let after_id = match params.envelope {
                Envelope::Next => cursor_id(cursor),
                Envelope::FirstLast => Some(cursor.clone()),
            };
            match after_id.and_then(|id| items.iter().position(|i| i.id() == id)) {
                Some(pos) => pos + 1,
                None => return Err(invalid_cursor(cursor, params.envelope)),
            }
        }
    };
    let take = params.limit.min(page_size.max(1));
    let has_more = items.len() > start + take;
    let data: Vec<T> = items.into_iter().skip(start).take(take).collect();
    let last_id = data.last().map(|i| i.id().to_string());
    let cursors = match params.envelope {
        Envelope::Next => Cursors::Next {
            next: last_id.filter(|_| has_more).map(|id| next_cursor(&id)),
        },
        Envelope::FirstLast => Cursors::FirstLast {
            first_id: data.first().map(|i| i.id().to_string()),
            last_id,
        },
    };
    Ok(ListPage {
        object: "list",
        data,
        has_more,
        cursors,
    })
}

/// Marks the `next` cursors this fake hands out.
const CURSOR_PREFIX: &str = "cursor_";

/// The opaque `next` cursor that continues after the item `id`: the id,
/// hex-encoded behind a prefix, so it never equals an id and the fake can
/// still read it back without keeping state.
pub fn next_cursor(id: &str) -> String {
    let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{CURSOR_PREFIX}{hex}")
}

/// The item id a [`next_cursor`] continues after; `None` for anything else
/// (such as a bare item id).
fn cursor_id(cursor: &str) -> Option<String> {
    let hex = cursor.strip_prefix(CURSOR_PREFIX)?.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes = hex
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

fn invalid_cursor(cursor: &str, envelope: Envelope) -> ApiError {
    let message = match envelope {
        Envelope::Next => format!(
            "Invalid 'after' cursor '{cursor}': pass the `next` value of the previous page."
        ),
        Envelope::FirstLast => {
            format!("Invalid 'after' cursor: no object with id '{cursor}' in this list.")
        }
    };
    ApiError::bad_request(message)
        .with_param("after")
        .with_code("invalid_cursor")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize)]
    struct Item(String);

    impl HasId for Item {
        fn id(&self) -> &str {
            &self.0
        }
    }

    fn items(n: usize) -> Vec<Item> {
        (0..n).map(|i| Item(format!("i{i}"))).collect()
    }

    fn query(pairs: &[(&str, &str)]) -> QueryPairs {
        QueryPairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn parse(pairs: &[(&str, &str)], spec: &ListSpec) -> ListParams {
        ListParams::parse(&query(pairs), spec).unwrap()
    }

    fn ids<T: HasId>(page: &ListPage<T>) -> Vec<&str> {
        page.data.iter().map(HasId::id).collect()
    }

    /// Follows cursors to the end; returns every id and the page count.
    fn walk(
        n: usize,
        spec: &ListSpec,
        query: &[(&str, &str)],
        page_size: usize,
    ) -> (Vec<String>, usize) {
        let mut params = parse(query, spec);
        let (mut seen, mut pages) = (Vec::new(), 0);
        loop {
            let page = paginate(items(n), &params, page_size).unwrap();
            pages += 1;
            seen.extend(ids(&page).into_iter().map(String::from));
            match page.cursor() {
                Some(cursor) => params.after = Some(cursor.to_string()),
                None => {
                    assert!(!page.has_more);
                    return (seen, pages);
                }
            }
        }
    }

    #[test]
    fn next_envelope_walks_all_pages() {
        let (seen, pages) = walk(5, &ListSpec::ROLES, &[("limit", "2")], 100);
        assert_eq!(pages, 3);
        assert_eq!(seen, ["i0", "i1", "i2", "i3", "i4"]);
        let page = paginate(items(5), &parse(&[("limit", "2")], &ListSpec::ROLES), 100).unwrap();
        let json = serde_json::to_value(&page).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"object": "list", "data": ["i0", "i1"], "has_more": true,
                               "next": "cursor_6931"})
        );
    }

    #[test]
    fn next_cursors_are_opaque_and_the_last_id_is_refused() {
        for id in [
            "i1",
            "role-api-project-owner__api-project__proj_1",
            "0f3a\u{e9}~x",
        ] {
            let cursor = next_cursor(id);
            assert_ne!(cursor, id);
            assert_eq!(cursor_id(&cursor).as_deref(), Some(id));
        }
        for bad in ["i1", "cursor_", "cursor_6", "cursor_zz", "cursor_ff"] {
            assert_eq!(cursor_id(bad).filter(|id| !id.is_empty()), None, "{bad}");
        }
        // A client that continues after the last item's id is refused.
        let params = parse(&[("limit", "2"), ("after", "i1")], &ListSpec::GROUP_USERS);
        let err = paginate(items(5), &params, 100).unwrap_err();
        assert_eq!(
            (err.status, err.param.as_deref(), err.code.as_deref()),
            (400, Some("after"), Some("invalid_cursor"))
        );
        // The same id is what the first/last lists take.
        let params = parse(&[("limit", "2"), ("after", "i1")], &ListSpec::USERS);
        assert_eq!(
            ids(&paginate(items(5), &params, 100).unwrap()),
            ["i2", "i3"]
        );
    }

    #[test]
    fn first_last_envelope_walks_all_pages() {
        let (seen, pages) = walk(5, &ListSpec::PROJECTS, &[("limit", "2")], 100);
        assert_eq!((seen.len(), pages), (5, 3));
        let params = parse(&[("limit", "2"), ("after", "i3")], &ListSpec::USERS);
        let json = serde_json::to_value(paginate(items(5), &params, 100).unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"object": "list", "data": ["i4"], "has_more": false,
                               "first_id": "i4", "last_id": "i4"})
        );
        assert!(json.get("next").is_none(), "no `next` in this envelope");
    }

    #[test]
    fn page_size_caps_limit() {
        let params = parse(&[("limit", "1000")], &ListSpec::ROLES);
        let page = paginate(items(5), &params, 3).unwrap();
        assert_eq!(ids(&page), ["i0", "i1", "i2"]);
        assert!(page.has_more);
        assert_eq!(page.cursor(), Some(next_cursor("i2").as_str()));
        let (seen, pages) = walk(7, &ListSpec::PROJECT_GROUPS, &[], 2);
        assert_eq!((seen.len(), pages), (7, 4));
    }

    #[test]
    fn documented_defaults() {
        for (spec, limit) in [
            (ListSpec::ROLES, 1000),
            (ListSpec::ROLE_ASSIGNMENTS, 1000),
            (ListSpec::GROUPS, 100),
            (ListSpec::GROUP_USERS, 100),
            (ListSpec::PROJECT_GROUPS, 20),
            (ListSpec::PROJECTS, 20),
        ] {
            let page = paginate(items(1500), &ListParams::defaults(&spec), 5000).unwrap();
            assert_eq!(page.data.len(), limit, "{spec:?}");
        }
        assert_eq!(
            ListParams::defaults(&ListSpec::GROUP_USERS).order,
            Order::Desc
        );
    }

    #[test]
    fn documented_limit_bounds() {
        for (spec, ok, bad) in [
            (ListSpec::ROLES, ["0", "1000"], ["-1", "1001"]),
            (ListSpec::ROLE_ASSIGNMENTS, ["0", "1000"], ["-1", "1001"]),
            (ListSpec::GROUPS, ["0", "1000"], ["-1", "1001"]),
            (ListSpec::GROUP_USERS, ["0", "1000"], ["-1", "1001"]),
            (ListSpec::PROJECT_GROUPS, ["0", "100"], ["-1", "101"]),
            (ListSpec::PROJECTS, ["1", "100"], ["0", "101"]),
        ] {
            for limit in ok {
                let params = parse(&[("limit", limit)], &spec);
                assert_eq!(params.limit.to_string(), limit);
            }
            for limit in bad {
                let err = ListParams::parse(&query(&[("limit", limit)]), &spec).unwrap_err();
                assert_eq!(
                    (err.status, err.param.as_deref(), err.code.as_deref()),
                    (400, Some("limit"), Some("invalid_value")),
                    "{spec:?} limit={limit}"
                );
                assert!(err.message.contains(&spec.max_limit.to_string()));
            }
        }
    }

    #[test]
    fn limit_zero_is_an_empty_page() {
        let page = paginate(items(3), &parse(&[("limit", "0")], &ListSpec::GROUPS), 100).unwrap();
        assert!(page.data.is_empty());
        assert!(page.has_more);
        assert_eq!(page.cursor(), None);
    }

    #[test]
    fn desc_order_reverses() {
        let params = parse(&[("order", "desc"), ("limit", "2")], &ListSpec::ROLES);
        let page = paginate(items(3), &params, 100).unwrap();
        assert_eq!(ids(&page), ["i2", "i1"]);
        let params = ListParams {
            after: page.cursor().map(String::from),
            ..params
        };
        let page = paginate(items(3), &params, 100).unwrap();
        assert_eq!(ids(&page), ["i0"]);
        assert!(!page.has_more);
        // Group users default to newest first.
        let page = paginate(items(3), &ListParams::defaults(&ListSpec::GROUP_USERS), 100).unwrap();
        assert_eq!(ids(&page), ["i2", "i1", "i0"]);
        let asc = parse(&[("order", "asc")], &ListSpec::GROUP_USERS);
        assert_eq!(
            ids(&paginate(items(3), &asc, 100).unwrap()),
            ["i0", "i1", "i2"]
        );
    }

    #[test]
    fn order_is_ignored_where_undocumented() {
        let params = parse(&[("order", "sideways")], &ListSpec::PROJECTS);
        assert_eq!(params.order, Order::Asc);
    }

    #[test]
    fn empty_list() {
        let page = paginate(
            Vec::<Item>::new(),
            &ListParams::defaults(&ListSpec::ROLES),
            100,
        )
        .unwrap();
        assert!(page.data.is_empty());
        assert_eq!(page.cursors, Cursors::Next { next: None });
        assert!(!page.has_more);
    }

    #[test]
    fn rejects_bad_params() {
        for (k, v, code) in [
            ("limit", "x", "invalid_type"),
            ("limit", "1001", "invalid_value"),
            ("order", "up", "invalid_value"),
        ] {
            let err = ListParams::parse(&query(&[(k, v)]), &ListSpec::ROLES).unwrap_err();
            assert_eq!(err.status, 400);
            assert_eq!(err.param.as_deref(), Some(k));
            assert_eq!(err.code.as_deref(), Some(code));
        }
        let params = parse(&[("after", "nope")], &ListSpec::ROLES);
        let err = paginate(items(2), &params, 100).unwrap_err();
        assert_eq!(err.status, 400);
        assert_eq!(err.param.as_deref(), Some("after"));
    }
}
