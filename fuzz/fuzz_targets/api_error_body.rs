//! Error responses of the Admin API: building the error must never panic,
//! and what a user reads in `terraform apply` stays bounded: only the API's
//! own message/code/param are quoted in full; any other body is reduced to a
//! one-line excerpt of at most 200 characters (src/api/error.rs).
//!
//! Input: two bytes choosing the status (100..=599), then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use tfopenai::api::{ApiError, ErrorKind};

/// `BODY_EXCERPT_CHARS` in src/api/error.rs.
const EXCERPT_CHARS: usize = 200;
const EXCERPT_PREFIX: &str = "response body: ";
const EMPTY_BODY: &str = "(empty response body)";
/// The longest excerpt message in bytes: 200 four-byte characters and '…'.
const EXCERPT_MAX_BYTES: usize = EXCERPT_PREFIX.len() + 4 * EXCERPT_CHARS + '…'.len_utf8();
/// The fixed part of the Display: wording, "GET /x", status and reason
/// phrase, the " (code: , param: )" frame.
const DISPLAY_OVERHEAD: usize = 256;

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = 100 + u16::from_be_bytes(*status) % 500;
    let error = ApiError::from_response("GET", "/x", status, body, None);
    let text = error.to_string();

    assert_eq!(error.status, Some(status));
    assert_eq!(error.kind, ErrorKind::from_status(status));
    assert!(!error.message.trim().is_empty(), "blank message: {text:?}");
    assert!(text.contains(&error.message), "message not shown: {text:?}");

    let len = |field: &Option<String>| field.as_ref().map_or(0, String::len);
    let (code, param, error_type) = (len(&error.code), len(&error.param), len(&error.error_type));
    // Nothing unbounded is displayed but the API's message, code and param.
    assert!(
        text.len() <= DISPLAY_OVERHEAD + error.message.len() + code + param,
        "Display longer than its parts ({} bytes): {text:?}",
        text.len()
    );
    // Those are decoded JSON strings of the body, never longer than it (the
    // code may be a JSON number or other value, re-printed by serde_json:
    // "1e15" becomes "1000000000000000.0", hence the factor).
    assert!(param <= body.len() && error_type <= body.len() && code <= 5 * body.len());
    // The message is the API's (from the body) or the bounded excerpt.
    assert!(
        error.message.len() <= body.len().max(EXCERPT_MAX_BYTES),
        "message of {} bytes from a body of {}",
        error.message.len(),
        body.len()
    );

    if serde_json::from_slice::<IgnoredAny>(body).is_err() {
        // Not JSON (an HTML error page, a proxy's text, binary): only a
        // one-line excerpt, and a short Display overall.
        assert_eq!((code, param, error_type), (0, 0, 0));
        if error.message != EMPTY_BODY {
            let excerpt = error
                .message
                .strip_prefix(EXCERPT_PREFIX)
                .unwrap_or_else(|| panic!("unexpected message for a non-JSON body: {text:?}"));
            assert!(
                excerpt.chars().count() <= EXCERPT_CHARS + 1,
                "excerpt too long: {text:?}"
            );
            assert!(
                !excerpt.contains("  ") && !excerpt.chars().any(|c| c.is_whitespace() && c != ' '),
                "excerpt whitespace not collapsed: {text:?}"
            );
        }
        assert!(
            text.len() <= 2048,
            "Display of {} bytes: {text:?}",
            text.len()
        );
    }
});
