//! Requests fanned out over many objects, a few at a time.
//!
//! A refresh may have to confirm hundreds of misses one retrieve each (300
//! members removed outside Terraform). Firing them all at once is 300
//! simultaneous requests at the API, and a burst of 429s that the shared
//! cooldown then makes everyone wait for; one at a time makes the refresh
//! as slow as their sum. A small fixed window keeps both in check.

use std::future::Future;

use futures::stream::{self, StreamExt};

/// Requests in flight at once per fan-out. Terraform itself runs up to 10
/// operations in parallel (`-parallelism`), so a few per operation keep
/// the total near what the API sees from an ordinary run.
pub(super) const MAX_IN_FLIGHT: usize = 4;

/// `request` for every item, at most [`MAX_IN_FLIGHT`] at a time; the
/// answers in the order of `items`.
pub(super) async fn bounded<I, F, Fut, T>(items: I, request: F) -> Vec<T>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    stream::iter(items)
        .map(request)
        .buffered(MAX_IN_FLIGHT)
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn at_most_the_window_runs_at_once_and_order_is_kept() {
        let in_flight = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let answers = bounded(0..20, |i| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }
        })
        .await;
        assert_eq!(answers, (0..20).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), MAX_IN_FLIGHT);
    }
}
