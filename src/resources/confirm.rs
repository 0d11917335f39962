//! Confirming a list miss with one retrieve.
//!
//! Reads find their object in a list fetched once per operation. When it is
//! not there, the object may be gone, or only not listed yet (the API is
//! eventually consistent right after a write). Rather than re-listing, a
//! miss waits as long as [`super::confirm_gone`] would in total, then asks
//! the documented retrieve operation once: a refresh with N objects gone
//! costs the pages of its lists plus N requests.

use std::future::Future;
use std::time::Duration;

use super::CONFIRM_GONE_DELAYS;
use crate::api::ApiError;

/// The pause before the retrieve: the whole `confirm_gone` window.
pub(super) fn pause() -> Duration {
    CONFIRM_GONE_DELAYS.iter().sum()
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
