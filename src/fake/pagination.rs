//! Cursor pagination shared by every list endpoint.
//!
//! The page is capped at the server's configured page size even when the
//! client asks for more, so clients that stop after one page get caught.

use std::collections::HashMap;

use serde::Serialize;

use super::errors::ApiError;
use super::wire::HasId;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

/// Validated `limit` / `after` / `order` query parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub limit: usize,
    pub after: Option<String>,
    pub order: Order,
}

impl Default for ListParams {
    fn default() -> Self {
        ListParams {
            limit: DEFAULT_LIMIT,
            after: None,
            order: Order::Asc,
        }
    }
}

impl ListParams {
    /// Parses the query; other parameters are ignored, as the real API does.
    pub fn parse(query: &HashMap<String, String>) -> Result<Self, ApiError> {
        let mut params = ListParams::default();
        if let Some(raw) = query.get("limit") {
            let limit: i64 = raw.trim().parse().map_err(|_| {
                ApiError::bad_request(format!(
                    "Invalid type for 'limit': expected an integer, but got '{raw}' instead."
                ))
                .with_param("limit")
                .with_code("invalid_type")
            })?;
            if limit < 1 {
                return Err(ApiError::bad_request(format!(
                    "Invalid 'limit': integer below minimum value. Expected a value >= 1, \
                     but got {limit} instead."
                ))
                .with_param("limit")
                .with_code("integer_below_min_value"));
            }
            if limit > MAX_LIMIT as i64 {
                return Err(ApiError::bad_request(format!(
                    "Invalid 'limit': integer above maximum value. Expected a value <= \
                     {MAX_LIMIT}, but got {limit} instead."
                ))
                .with_param("limit")
                .with_code("integer_above_max_value"));
            }
            params.limit = limit as usize;
        }
        if let Some(after) = query.get("after").filter(|a| !a.is_empty()) {
            params.after = Some(after.clone());
        }
        if let Some(order) = query.get("order") {
            params.order = match order.as_str() {
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

/// `{object:"list", data, first_id, last_id, has_more, next}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListPage<T> {
    pub object: &'static str,
    pub data: Vec<T>,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
    pub has_more: bool,
    pub next: Option<String>,
}

/// Cuts one page out of `items`, which must be in creation (ascending) order.
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
        Some(cursor) => match items.iter().position(|i| i.id() == cursor) {
            Some(pos) => pos + 1,
            None => {
                return Err(ApiError::bad_request(format!(
                    "Invalid 'after' cursor: no object with id '{cursor}' in this list."
                ))
                .with_param("after")
                .with_code("invalid_cursor"));
            }
        },
    };
    let take = params.limit.min(page_size.max(1));
    let has_more = items.len() > start + take;
    let data: Vec<T> = items.into_iter().skip(start).take(take).collect();
    let first_id = data.first().map(|i| i.id().to_string());
    let last_id = data.last().map(|i| i.id().to_string());
    let next = if has_more { last_id.clone() } else { None };
    Ok(ListPage {
        object: "list",
        data,
        first_id,
        last_id,
        has_more,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Item(String);

    impl HasId for Item {
        fn id(&self) -> &str {
            &self.0
        }
    }

    fn items(n: usize) -> Vec<Item> {
        (0..n).map(|i| Item(format!("i{i}"))).collect()
    }

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn ids(page: &ListPage<Item>) -> Vec<&str> {
        page.data.iter().map(|i| i.0.as_str()).collect()
    }

    #[test]
    fn walks_all_pages_with_cursors() {
        let mut params = ListParams::parse(&query(&[("limit", "2")])).unwrap();
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = paginate(items(5), &params, 100).unwrap();
            pages += 1;
            seen.extend(ids(&page).into_iter().map(String::from));
            if !page.has_more {
                assert_eq!(page.next, None);
                break;
            }
            assert_eq!(page.next, page.last_id);
            params.after = page.next.clone();
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, vec!["i0", "i1", "i2", "i3", "i4"]);
    }

    #[test]
    fn page_size_caps_limit() {
        let params = ListParams::parse(&query(&[("limit", "100")])).unwrap();
        let page = paginate(items(5), &params, 3).unwrap();
        assert_eq!(ids(&page), vec!["i0", "i1", "i2"]);
        assert!(page.has_more);
        assert_eq!(page.first_id.as_deref(), Some("i0"));
        assert_eq!(page.next.as_deref(), Some("i2"));
    }

    #[test]
    fn default_limit_is_20() {
        let page = paginate(items(25), &ListParams::default(), 100).unwrap();
        assert_eq!(page.data.len(), 20);
        assert!(page.has_more);
    }

    #[test]
    fn desc_order_reverses() {
        let params = ListParams::parse(&query(&[("order", "desc"), ("limit", "2")])).unwrap();
        let page = paginate(items(3), &params, 100).unwrap();
        assert_eq!(ids(&page), vec!["i2", "i1"]);
        let params = ListParams {
            after: page.next.clone(),
            ..params
        };
        let page = paginate(items(3), &params, 100).unwrap();
        assert_eq!(ids(&page), vec!["i0"]);
        assert!(!page.has_more);
    }

    #[test]
    fn empty_list() {
        let page = paginate(Vec::<Item>::new(), &ListParams::default(), 100).unwrap();
        assert!(page.data.is_empty());
        assert_eq!(page.first_id, None);
        assert!(!page.has_more);
    }

    #[test]
    fn rejects_bad_params() {
        for (k, v, code) in [
            ("limit", "0", "integer_below_min_value"),
            ("limit", "101", "integer_above_max_value"),
            ("limit", "x", "invalid_type"),
            ("order", "up", "invalid_value"),
        ] {
            let err = ListParams::parse(&query(&[(k, v)])).unwrap_err();
            assert_eq!(err.status, 400);
            assert_eq!(err.param.as_deref(), Some(k));
            assert_eq!(err.code.as_deref(), Some(code));
        }
        let params = ListParams::parse(&query(&[("after", "nope")])).unwrap();
        let err = paginate(items(2), &params, 100).unwrap_err();
        assert_eq!(err.status, 400);
        assert_eq!(err.param.as_deref(), Some("after"));
    }
}
