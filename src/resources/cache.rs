//! Per-operation read cache with single flight.
//!
//! Terraform starts the provider once per command, so a list fetched during
//! a refresh can serve every resource that needs it: 500 roles of one
//! project cost the pages of one list, not 500 lists. Concurrent readers of
//! the same key share one in-flight request. Writes invalidate their key,
//! and a failed fetch is not cached.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::api::ApiError;

type Slot<T> = Arc<OnceCell<Arc<Vec<T>>>>;

pub struct ListCache<K, T> {
    slots: Mutex<HashMap<K, Slot<T>>>,
    /// Keep a fetched list for later readers (false: share only the
    /// in-flight request).
    keep: bool,
}

impl<K: Eq + Hash + Clone, T> Default for ListCache<K, T> {
    fn default() -> Self {
        ListCache {
            slots: Mutex::new(HashMap::new()),
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
            slots: Mutex::new(HashMap::new()),
            keep: false,
        }
    }

    /// The list for `key`, fetching it with `fetch` unless this operation
    /// already has it (or is fetching it right now).
    pub async fn get<F, Fut>(&self, key: &K, fetch: F) -> Result<Arc<Vec<T>>, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots.entry(key.clone()).or_default().clone()
        };
        let result = slot
            .get_or_try_init(|| async { fetch().await.map(Arc::new) })
            .await
            .cloned();
        if !self.keep {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            if slots.get(key).is_some_and(|s| Arc::ptr_eq(s, &slot)) {
                slots.remove(key);
            }
        }
        result
    }

    /// Forgets `key`, so the next reader fetches it again.
    pub fn invalidate(&self, key: &K) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.remove(key);
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
        cache.invalidate(&"p");
        cache.get(&"p", fetch).await.unwrap();
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            2,
            "refetched after invalidation"
        );
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
        assert!(shared.slots.lock().unwrap().is_empty());
    }
}
