//! How long the server asked us to wait before trying again.
//!
//! In order of precedence, as OpenAI's own clients read it:
//! 1. `Retry-After-Ms`: milliseconds, possibly fractional (the official
//!    Terraform provider's client and OpenAI's SDKs read it first);
//! 2. `Retry-After`: seconds (whole or, from some servers, fractional) or
//!    an HTTP date (RFC 9110);
//! 3. for a 429 that sends neither (the Admin API's limits are often
//!    silent: no `Retry-After`, no `x-ratelimit-*`), the wait stated in the
//!    message: "... Please try again after 6.937 seconds." (as the
//!    community provider jianyuan/openai parses it) or OpenAI's
//!    "Please try again in 20s" / "in 1m30s" / "in 500ms".
//!
//! Every parser here reads untrusted text: none may panic, loop without
//! bound or overflow, and each returns `None` for anything it does not
//! recognise rather than guessing.

use std::time::{Duration, SystemTime};

/// Longer waits are taken as this (the retry policy caps them further):
/// it keeps `Duration` arithmetic far from overflow.
const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// Characters of a message read after "try again": enough for
/// "after 1h2m3.456s", not a scan of a whole hostile body.
const MESSAGE_WINDOW: usize = 40;

/// The wait of a response: `Retry-After-Ms`, else `Retry-After`, else
/// (when `message` is given: 429s only) the message's stated wait.
pub(crate) fn server_wait(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    message: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    retry_after_ms
        .and_then(parse_retry_after_ms)
        .or_else(|| retry_after.and_then(|value| parse_retry_after(value, now)))
        .or_else(|| message.and_then(wait_stated_in))
}

/// `Retry-After-Ms`: non-negative milliseconds, fractions allowed.
pub(crate) fn parse_retry_after_ms(value: &str) -> Option<Duration> {
    seconds(value.trim().parse::<f64>().ok()? / 1000.0)
}

/// `Retry-After`: delay-seconds or an HTTP-date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(MAX_WAIT));
    }
    // Not in RFC 9110, but some servers send fractional seconds.
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_WAIT),
    )
}

/// The wait a rate-limit message states after "try again" ("after" or
/// "in", then a duration such as `6.937 seconds`, `20s`, `1m30s`, `500ms`).
pub(crate) fn wait_stated_in(message: &str) -> Option<Duration> {
    const ANCHOR: &str = "try again";
    // ASCII lower-casing keeps byte offsets, so `at` indexes `message` too.
    let lower = message.to_ascii_lowercase();
    let at = lower.find(ANCHOR)? + ANCHOR.len();
    let rest: String = lower[at..].chars().take(MESSAGE_WINDOW).collect();
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("after")
        .or_else(|| rest.strip_prefix("in"))?;
    parse_duration_text(rest)
}

/// `6.937 seconds`, `20s`, `1m30s`, `1h2m`, `500ms`, `2 minutes`: one or
/// more number-unit pairs, the first right at the start (after spaces).
fn parse_duration_text(text: &str) -> Option<Duration> {
    let mut rest = text.trim_start();
    let mut total = 0.0_f64;
    let mut parts = 0;
    while let Some((number, after_number)) = leading_number(rest) {
        let after_number = after_number.trim_start();
        let unit_len = after_number
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after_number.len());
        let scale = unit_seconds(&after_number[..unit_len])?;
        total += number * scale;
        parts += 1;
        rest = &after_number[unit_len..];
    }
    if parts == 0 {
        return None;
    }
    seconds(total)
}

/// A decimal number at the start of `text` (digits, at most one point).
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let mut seen_point = false;
    let end = text
        .find(|c: char| {
            if c == '.' && !seen_point {
                seen_point = true;
                false
            } else {
                !c.is_ascii_digit()
            }
        })
        .unwrap_or(text.len());
    let number = text[..end].parse::<f64>().ok()?;
    Some((number, &text[end..]))
}

fn unit_seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        _ => return None,
    })
}

/// Finite, non-negative seconds as a duration, capped at [`MAX_WAIT`].
fn seconds(secs: f64) -> Option<Duration> {
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(secs.min(MAX_WAIT.as_secs_f64())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Option<Duration> {
        Some(Duration::from_millis(millis))
    }

    #[test]
    fn retry_after_ms_is_fractional_milliseconds() {
        assert_eq!(parse_retry_after_ms("1500"), ms(1500));
        assert_eq!(
            parse_retry_after_ms(" 250.5 "),
            Some(Duration::from_micros(250_500))
        );
        assert_eq!(parse_retry_after_ms("0"), ms(0));
        for bad in ["", "-1", "NaN", "inf", "soon", "1e999"] {
            assert_eq!(parse_retry_after_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 5 ", now), ms(5000));
        assert_eq!(parse_retry_after("0.5", now), ms(500));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), ms(30_000));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), ms(0));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(
            parse_retry_after("18446744073709551615", now),
            Some(MAX_WAIT)
        );
    }

    #[test]
    fn waits_stated_in_messages() {
        let table: &[(&str, Option<Duration>)] = &[
            (
                "Rate limit reached for requests on admin endpoints. Please try again after 6.937 seconds.",
                ms(6937),
            ),
            ("Please try again in 20s.", ms(20_000)),
            (
                "Limit 3, Used 3, Requested 1. Please try again in 1m30s.",
                ms(90_000),
            ),
            ("Please try again in 500ms.", ms(500)),
            (
                "Please try again in 6ms. Visit https://platform.openai.com",
                ms(6),
            ),
            ("please TRY AGAIN AFTER 2 minutes", ms(120_000)),
            (
                "try again in 1h2m3.5s",
                Some(Duration::from_secs_f64(3723.5)),
            ),
            ("Try again after 1 second", ms(1000)),
            ("try again in 0.25 s", ms(250)),
            // No number, or no unit: nothing is guessed.
            ("Please try again later.", None),
            ("Please try again in a moment.", None),
            ("try again after 5", None),
            ("try again in 5 parsecs", None),
            ("try again after .", None),
            ("Rate limit reached. Wait 5s.", None),
            ("", None),
            // The number must follow the anchor closely.
            ("try again after many attempts, 20 seconds", None),
        ];
        for (message, expected) in table {
            assert_eq!(wait_stated_in(message), *expected, "{message:?}");
        }
    }

    #[test]
    fn hostile_messages_are_bounded_and_never_panic() {
        let huge = format!("try again in {}s", "9".repeat(400));
        assert_eq!(wait_stated_in(&huge), None, "cut at the window: no unit");
        let many = format!("try again in {}", "1m".repeat(1000));
        assert!(wait_stated_in(&many).is_some_and(|wait| wait <= MAX_WAIT));
        assert_eq!(
            wait_stated_in("try again in 99999999999999999999h"),
            Some(MAX_WAIT)
        );
        for odd in [
            "try againé",
            "try again in 1.2.3s",
            "try again in ..s",
            "try again ıin 5s",
        ] {
            let _ = wait_stated_in(odd);
        }
    }

    #[test]
    fn headers_come_before_the_message() {
        let now = SystemTime::UNIX_EPOCH;
        let message = Some("Please try again after 6.937 seconds.");
        assert_eq!(server_wait(Some("120"), Some("5"), message, now), ms(120));
        assert_eq!(server_wait(Some("junk"), Some("5"), message, now), ms(5000));
        assert_eq!(server_wait(None, Some("junk"), message, now), ms(6937));
        assert_eq!(server_wait(None, None, message, now), ms(6937));
        assert_eq!(server_wait(None, None, None, now), None);
    }
}
