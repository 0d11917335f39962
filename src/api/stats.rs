//! Counters a client keeps about its own traffic (for logs and tests).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A snapshot of a client's counters, shared by all its clones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP attempts made, retries included.
    pub requests_sent: u64,
    /// Attempts that were retries of a failed attempt.
    pub retries: u64,
    /// Time requests spent waiting for the shared rate-limit cooldown,
    /// summed over requests (two requests waiting 1 s each count 2 s).
    pub rate_limit_wait: Duration,
}

#[derive(Debug, Default)]
pub(crate) struct StatsCounters {
    requests_sent: AtomicU64,
    retries: AtomicU64,
    rate_limit_wait_nanos: AtomicU64,
}

impl StatsCounters {
    pub fn count_request(&self) {
        self.requests_sent.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub fn add_rate_limit_wait(&self, waited: Duration) {
        let nanos = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
        self.rate_limit_wait_nanos
            .fetch_add(nanos, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests_sent: self.requests_sent.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limit_wait: Duration::from_nanos(
                self.rate_limit_wait_nanos.load(Ordering::Relaxed),
            ),
        }
    }
}
