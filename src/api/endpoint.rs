//! Which endpoint a request belongs to, for per-endpoint rate limits.
//!
//! OpenAI limits the Admin API per endpoint (method and route), not per
//! object: assigning roles to two groups of two projects draws on one
//! budget. So the key is the method and the path with every id replaced,
//! e.g. `POST /projects/{id}/groups/{id}/roles`.
//!
//! Ids are found by position, never by what they look like (real ids have
//! no fixed shape: 32-hex group ids, `role_proj_...~...`): below the
//! `organization` namespace, Admin API paths alternate a collection (or
//! an action such as `archive`) and an id of that collection:
//! `/organization/groups/{id}/users/{id}`, `/projects/{id}/roles/{id}`.
//! An id equal to a collection name (`roles`) cannot be mistaken for one.

use reqwest::Method;

/// `METHOD /route/{id}/template` of a request path (without its query).
pub(crate) fn endpoint_of(method: &Method, path: &str) -> String {
    let mut key = String::with_capacity(method.as_str().len() + path.len() + 1);
    key.push_str(method.as_str());
    key.push(' ');
    let mut position = 0;
    let mut first = true;
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        key.push('/');
        if first && segment == "organization" {
            key.push_str(segment);
        } else {
            // Even positions below the namespace are collections, odd ones ids.
            key.push_str(if position % 2 == 0 { segment } else { "{id}" });
            position += 1;
        }
        first = false;
    }
    if first {
        key.push('/');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_replaced_by_position() {
        let cases = [
            (
                Method::GET,
                "/organization/roles",
                "GET /organization/roles",
            ),
            (
                Method::POST,
                "/organization/roles/role_1",
                "POST /organization/roles/{id}",
            ),
            (
                Method::POST,
                "/projects/proj_a/groups/0123456789abcdef0123456789abcdef/roles",
                "POST /projects/{id}/groups/{id}/roles",
            ),
            (
                Method::DELETE,
                "/projects/proj_a/groups/g/roles/role_proj_a~f00",
                "DELETE /projects/{id}/groups/{id}/roles/{id}",
            ),
            (
                Method::GET,
                "/organization/groups/g1/users/user_1",
                "GET /organization/groups/{id}/users/{id}",
            ),
            (
                Method::POST,
                "/organization/projects/proj_a/archive",
                "POST /organization/projects/{id}/archive",
            ),
            // An id spelled like a collection, or encoded, is still an id.
            (
                Method::GET,
                "/organization/groups/roles/users/organization",
                "GET /organization/groups/{id}/users/{id}",
            ),
            (
                Method::GET,
                "/projects/a%2Fb/roles",
                "GET /projects/{id}/roles",
            ),
            (Method::GET, "", "GET /"),
        ];
        for (method, path, expected) in cases {
            assert_eq!(endpoint_of(&method, path), expected, "{path}");
        }
    }

    #[test]
    fn the_same_route_of_two_objects_is_one_endpoint_and_methods_differ() {
        let a = endpoint_of(&Method::POST, "/projects/p1/groups/g1/roles");
        let b = endpoint_of(&Method::POST, "/projects/p2/groups/g2/roles");
        assert_eq!(a, b);
        assert_ne!(a, endpoint_of(&Method::GET, "/projects/p1/groups/g1/roles"));
    }
}
