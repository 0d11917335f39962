//! Request paths built from user-supplied ids.
//!
//! Ids come from Terraform configuration, so each one is percent-encoded as a
//! single path segment: a `/`, `?` or `#` inside an id must never change
//! which endpoint is called.

use std::fmt::Write;

use reqwest::Method;

use super::error::{ApiError, ErrorKind};

/// One segment of an endpoint path.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Segment<'a> {
    /// A fixed part of the route, e.g. `roles`.
    Fixed(&'static str),
    /// A caller-supplied id, named for error messages (e.g. `project_id`).
    Id(&'static str, &'a str),
}

/// Joins `segments` into `/a/b/c`, encoding ids. Rejects empty ids and the
/// dot segments `.`/`..` (URL parsers resolve those even when encoded)
/// before any request is sent.
pub(crate) fn build_path(method: &Method, segments: &[Segment<'_>]) -> Result<String, ApiError> {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        match *segment {
            Segment::Fixed(text) => path.push_str(text),
            Segment::Id(name, value) => {
                if let Some(problem) = id_problem(value) {
                    return Err(invalid_id(method, template(segments), name, problem));
                }
                encode_segment(value, &mut path);
            }
        }
    }
    Ok(path)
}

/// Rejects an empty id that travels in a request body (e.g. `role_id` of an
/// assignment), before anything is sent.
pub(crate) fn check_body_id(
    method: &Method,
    path: &str,
    name: &'static str,
    value: &str,
) -> Result<(), ApiError> {
    if value.is_empty() {
        return Err(invalid_id(
            method,
            path.to_string(),
            name,
            "must not be empty",
        ));
    }
    Ok(())
}

fn invalid_id(method: &Method, path: String, name: &'static str, problem: &str) -> ApiError {
    let mut error = ApiError::new(
        ErrorKind::InvalidRequest,
        method.as_str(),
        path,
        format!("{name} {problem}"),
    );
    error.param = Some(name.to_string());
    error
}

fn id_problem(value: &str) -> Option<&'static str> {
    match value {
        "" => Some("must not be empty"),
        "." | ".." => Some("must not be \".\" or \"..\""),
        _ => None,
    }
}

/// The route with placeholders, e.g. `/projects/{project_id}/roles`, for
/// errors about an id that cannot be put in a path.
fn template(segments: &[Segment<'_>]) -> String {
    segments
        .iter()
        .map(|segment| match segment {
            Segment::Fixed(text) => format!("/{text}"),
            Segment::Id(name, _) => format!("/{{{name}}}"),
        })
        .collect()
}

/// Percent-encodes everything except RFC 3986 unreserved characters.
fn encode_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// `segment` with its `%XX` escapes decoded (an escape that is not two hex
/// digits is kept as written; invalid UTF-8 becomes U+FFFD). The inverse of
/// the encoding of ids here, for code that reads request paths back.
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::Segment::{Fixed, Id};
    use super::*;

    #[test]
    fn plain_ids_are_kept() {
        let path = build_path(
            &Method::GET,
            &[
                Fixed("projects"),
                Id("project_id", "proj_abc-1.2~x"),
                Fixed("roles"),
            ],
        )
        .unwrap();
        assert_eq!(path, "/projects/proj_abc-1.2~x/roles");
    }

    #[test]
    fn reserved_characters_are_encoded() {
        let path = build_path(
            &Method::DELETE,
            &[
                Fixed("organization"),
                Fixed("roles"),
                Id("role_id", "a/b?c#d e%é"),
            ],
        )
        .unwrap();
        assert_eq!(path, "/organization/roles/a%2Fb%3Fc%23d%20e%25%C3%A9");
    }

    #[test]
    fn empty_and_dot_ids_are_rejected_with_the_route_template() {
        let error = build_path(
            &Method::POST,
            &[Fixed("projects"), Id("project_id", ""), Fixed("roles")],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(error.param.as_deref(), Some("project_id"));
        assert_eq!(
            error.to_string(),
            "invalid OpenAI API request POST /projects/{project_id}/roles: project_id must not be empty"
        );
        for dots in [".", ".."] {
            let error = build_path(&Method::GET, &[Fixed("organization"), Id("group_id", dots)])
                .unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidRequest);
        }
    }
}
