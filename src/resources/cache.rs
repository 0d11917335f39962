//! Per-owner read cache with single flight, for lists that are not the
//! run's (see [`crate::api::RunLists`] for those, which writes forget):
//! concurrent readers of one key share one request and its answer, failure
//! included. A failure is never kept, so a later reader tries again.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use crate::api::{ApiError, Flights};

pub struct ListCache<K, T> {
    flights: Flights<K, Arc<Vec<T>>>,
    /// Keep a fetched list for later readers (false: share only the
    /// in-flight request).
    keep: bool,
}

impl<K: Eq + Hash + Clone, T> Default for ListCache<K, T> {
    fn default() -> Self {
        ListCache {
            flights: Flights::default(),
            keep: true,
        }
    }
}

impl<K: Eq + Hash + Clone, T> ListCache<K, T> {
    /// Shares a request among concurrent readers but keeps nothing: for
    /// data sources, whose later reads may follow a resource's write in the
    /// same run and must fetch afresh.
    pub fn in_flight_only() -> Self {
        ListCache {
            flights: Flights::default(),
            keep: false,
        }
    }

    /// The list for `key`, fetching it with `fetch` unless this cache
    /// already has it (or is fetching it right now: then this reader gets
    /// that request's answer, error included).
    pub async fn get<F, Fut>(&self, key: &K, fetch: F) -> Result<Arc<Vec<T>>, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<T>, ApiError>>,
    {
        self.flights
            .get(key, self.keep, || async { fetch().await.map(Arc::new) })
            .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::api::ErrorKind;

    #[tokio::test]
    async fn concurrent_readers_share_one_fetch() {
        let cache: ListCache<&str, u32> = ListCache::default();
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(vec![1, 2, 3])
        };
        let results = futures::future::join_all((0..10).map(|_| cache.get(&"p", fetch))).await;
        assert!(results.iter().all(|r| r.as_deref() == Ok(&vec![1, 2, 3])));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        cache.get(&"p", fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "served from cache");
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let cache: ListCache<u8, u8> = ListCache::default();
        let failed = cache
            .get(&1, || async {
                Err(ApiError::new(ErrorKind::Server, "GET", "/x", "boom"))
            })
            .await;
        assert!(failed.is_err());
        let ok = cache.get(&1, || async { Ok(vec![7]) }).await.unwrap();
        assert_eq!(*ok, vec![7]);
    }

    /// Ten resources on one list during a 5xx spell: one flight, whose
    /// error every waiter gets, not ten retry budgets one after another.
    #[tokio::test]
    async fn waiters_share_a_failed_fetch_and_a_later_reader_tries_again() {
        let cache: ListCache<&str, u32> = ListCache::default();
        let fetches = AtomicUsize::new(0);
        let failing = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(ApiError::new(ErrorKind::Server, "GET", "/x", "503"))
        };
        let results = futures::future::join_all((0..10).map(|_| cache.get(&"p", failing))).await;
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().is_err_and(|e| e.message == "503"))
        );
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            1,
            "one fetch for all waiters"
        );

        let later = cache.get(&"p", || async { Ok(vec![4]) }).await.unwrap();
        assert_eq!(*later, vec![4], "a later reader fetches again");
    }

    #[tokio::test]
    async fn concurrent_reads_share_a_fetch_but_nothing_is_kept() {
        let shared: ListCache<&str, u32> = ListCache::in_flight_only();
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(vec![1, 2])
        };
        let results = futures::future::join_all((0..5).map(|_| shared.get(&"p", fetch))).await;
        assert!(results.iter().all(|r| r.as_deref() == Ok(&vec![1, 2])));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        shared.get(&"p", fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2, "fetched afresh later");
        assert!(shared.flights.is_empty());
    }
}
