//! Counters a client keeps about its own traffic (for logs, end-of-operation
//! summaries and tests).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A snapshot of a client's counters, shared by all its clones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP attempts made, retries included.
    pub requests_sent: u64,
    /// Attempts that were retries of a failed attempt.
    pub retries: u64,
    /// 429 responses received (retried or not).
    pub rate_limited: u64,
    /// Time requests spent waiting for the shared rate-limit cooldown,
    /// summed over requests (two requests waiting 1 s each count 2 s).
    pub rate_limit_wait: Duration,
    /// Time requests spent waiting for a token of the client-side rate
    /// limiter (`max_requests_per_minute`), summed over requests.
    pub limiter_wait: Duration,
}

impl ClientStats {
    /// The traffic between `earlier` (a previous snapshot of the same
    /// client) and `self`. Clones share counters, so this includes
    /// concurrent operations of other clones.
    pub fn since(&self, earlier: &ClientStats) -> ClientStats {
        ClientStats {
            requests_sent: self.requests_sent.saturating_sub(earlier.requests_sent),
            retries: self.retries.saturating_sub(earlier.retries),
            rate_limited: self.rate_limited.saturating_sub(earlier.rate_limited),
            rate_limit_wait: self.rate_limit_wait.saturating_sub(earlier.rate_limit_wait),
            limiter_wait: self.limiter_wait.saturating_sub(earlier.limiter_wait),
        }
    }
}

/// One line for a log or a summary, e.g. `12 API requests (3 retries,
/// 2 rate limited); waited 4.2s on 429 cooldowns, 1.0s on the client rate limit`.
impl fmt::Display for ClientStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} API requests ({} retries, {} rate limited); waited {:.1}s on 429 cooldowns, \
             {:.1}s on the client rate limit",
            self.requests_sent,
            self.retries,
            self.rate_limited,
            self.rate_limit_wait.as_secs_f64(),
            self.limiter_wait.as_secs_f64()
        )
    }
}

#[derive(Debug, Default)]
pub(crate) struct StatsCounters {
    requests_sent: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
    rate_limit_wait_nanos: AtomicU64,
    limiter_wait_nanos: AtomicU64,
}

impl StatsCounters {
    pub fn count_request(&self) {
        self.requests_sent.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    pub fn add_rate_limit_wait(&self, waited: Duration) {
        add_nanos(&self.rate_limit_wait_nanos, waited);
    }

    pub fn add_limiter_wait(&self, waited: Duration) {
        add_nanos(&self.limiter_wait_nanos, waited);
    }

    pub fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests_sent: self.requests_sent.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            rate_limit_wait: load_nanos(&self.rate_limit_wait_nanos),
            limiter_wait: load_nanos(&self.limiter_wait_nanos),
        }
    }
}

fn add_nanos(counter: &AtomicU64, waited: Duration) {
    if !waited.is_zero() {
        let nanos = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
        counter.fetch_add(nanos, Ordering::Relaxed);
    }
}

fn load_nanos(counter: &AtomicU64) -> Duration {
    Duration::from_nanos(counter.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_subtract_and_display_as_one_line() {
        let counters = StatsCounters::default();
        counters.count_request();
        let before = counters.snapshot();
        for _ in 0..3 {
            counters.count_request();
        }
        counters.count_retry();
        counters.count_rate_limited();
        counters.add_rate_limit_wait(Duration::from_millis(1500));
        counters.add_limiter_wait(Duration::from_millis(300));
        let delta = counters.snapshot().since(&before);
        assert_eq!(
            delta,
            ClientStats {
                requests_sent: 3,
                retries: 1,
                rate_limited: 1,
                rate_limit_wait: Duration::from_millis(1500),
                limiter_wait: Duration::from_millis(300),
            }
        );
        assert_eq!(
            delta.to_string(),
            "3 API requests (1 retries, 1 rate limited); waited 1.5s on 429 cooldowns, \
             0.3s on the client rate limit"
        );
    }
}
