//! Telling "not there" from "not listed yet": the API is eventually
//! consistent right after a write, so a miss is confirmed before it counts.
//!
//! Reads find their object in a list fetched once per operation. When it is
//! not there, the object may be gone, or only not listed yet. Rather than
//! re-listing, a miss waits [`READ_CONFIRM_PAUSE`], then asks the documented
//! retrieve operation once: a refresh with N objects gone costs the pages of
//! its lists plus N requests.
//!
//! After an unclear create the stakes are higher (a second create of a
//! project is a duplicate that can never be deleted), so the look for the
//! object goes on for [`CREATE_CONFIRM_WINDOW`] ([`look_within`]).

use std::future::Future;
use std::time::Duration;

use crate::api::ApiError;
use crate::diagnostics::Diagnostics;

/// The pause before a read's retrieve confirms a miss. Reads right after a
/// write in the same apply are the common case; the fake's lagging tests
/// use 300-600 ms, which this covers.
pub(super) const READ_CONFIRM_PAUSE: Duration = Duration::from_millis(1000);

/// The pauses between looks for an object an unclear create may have made,
/// about 12 s in all, with backoff. Long because the cost of stopping early
/// is a duplicate: lists observed lagging 1-2 s behind a create (and the
/// fake's consistency tests, up to 600 ms) fit well inside it, with the
/// slack a loaded API needs. The operation's timeout still bounds it: once
/// it passes, the client starts no new request and the look fails.
pub(super) const CREATE_CONFIRM_WINDOW: [Duration; 6] = [
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(4),
];

/// The pause before re-checking an object a read did not find.
pub(super) fn pause() -> Duration {
    READ_CONFIRM_PAUSE
}

/// Runs `look` now and again after each pause of `window` until it finds
/// the object; `None` when no look did.
pub(super) async fn look_within<T, F, Fut>(
    window: &[Duration],
    look: F,
) -> Result<Option<T>, Diagnostics>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Option<T>, Diagnostics>>,
{
    if let Some(found) = look().await? {
        return Ok(Some(found));
    }
    for delay in window {
        tokio::time::sleep(*delay).await;
        if let Some(found) = look().await? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Runs `retrieve` once after the pause; a 404 means the object is gone.
pub(super) async fn retrieve_after_pause<T, F, Fut>(retrieve: F) -> Result<Option<T>, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    tokio::time::sleep(pause()).await;
    found(retrieve().await)
}

/// A retrieve's answer as "found or not": 404 is `None`, other errors stay.
pub(super) fn found<T>(answer: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match answer {
        Ok(object) => Ok(Some(object)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    #[test]
    fn not_found_is_none_other_errors_stay() {
        assert_eq!(found::<u8>(Ok(1)).unwrap(), Some(1));
        let missing = ApiError::new(ErrorKind::NotFound, "GET", "/x", "gone");
        assert_eq!(found::<u8>(Err(missing)).unwrap(), None);
        let broken = ApiError::new(ErrorKind::Server, "GET", "/x", "boom");
        assert!(found::<u8>(Err(broken)).is_err());
    }

    #[tokio::test]
    async fn looks_until_found_and_no_longer() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let window = [Duration::from_millis(1); 4];
        let look = || async {
            let n = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, Diagnostics>((n == 2).then_some(n))
        };
        assert_eq!(look_within(&window, look).await.unwrap(), Some(2));
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
        let never = || async { Ok::<Option<u8>, Diagnostics>(None) };
        assert_eq!(look_within(&window, never).await.unwrap(), None);
    }

    #[test]
    fn the_create_window_outlasts_observed_lags() {
        let total: Duration = CREATE_CONFIRM_WINDOW.iter().sum();
        assert!(total >= Duration::from_secs(10) && total <= Duration::from_secs(15));
        assert!(CREATE_CONFIRM_WINDOW.windows(2).all(|w| w[0] <= w[1]));
    }

    #[tokio::test]
    async fn waits_the_whole_confirm_window_then_asks_once() {
        let started = std::time::Instant::now();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let answer = retrieve_after_pause(|| async {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, ApiError>(7)
        })
        .await
        .unwrap();
        assert_eq!(answer, Some(7));
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(started.elapsed() >= pause());
    }
}
