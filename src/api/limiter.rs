//! A client-side request rate limit shared by every request of one client.
//!
//! Admin endpoints allow only a handful of requests per minute; pacing
//! requests ourselves avoids most 429s (and their long `Retry-After`s)
//! during a large apply. It is a token bucket: tokens refill at
//! `rpm / 60` per second up to [`burst_for`] tokens, and every attempt
//! (retries included) takes one.
//!
//! Waiters reserve their token up front (the count may go negative), so
//! they are served in arrival order and each sleeps exactly until its own
//! slot instead of all waking up and racing for the next token.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

/// Largest burst: Terraform's default `-parallelism`.
const MAX_BURST: u32 = 10;

/// The bucket's capacity for a limit of `rpm` requests per minute: ten
/// seconds' worth of requests, at least 1 and at most 10.
///
/// At 60 rpm and above, the first wave of a default (10-way parallel) apply
/// goes out at once; at lower limits a full first wave would already exceed
/// what the server allows, so it is paced. The long-run average is `rpm`
/// whatever the burst; the burst only bounds how far any one minute may go
/// over it (by at most a sixth).
pub(crate) fn burst_for(rpm: u32) -> u32 {
    rpm.div_ceil(6).clamp(1, MAX_BURST)
}

#[derive(Debug)]
pub(crate) struct RateLimiter {
    /// Seconds between two tokens.
    interval: f64,
    burst: f64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// Tokens available at `updated`; negative when waiters hold reservations.
    tokens: f64,
    updated: Instant,
}

/// A token taken (or reserved) by one attempt. Dropped without having been
/// waited for (the call was stopped or its future dropped), it gives the
/// token back, so later requests do not wait for a slot nobody will use.
#[must_use = "a reservation is only used by waiting for it"]
pub(crate) struct Reservation<'a> {
    limiter: &'a RateLimiter,
    /// When the token is usable; `None` if it was available at once.
    ready_at: Option<Instant>,
    used: bool,
}

impl RateLimiter {
    /// `None` for `rpm == 0`, which would never let a request through.
    pub fn per_minute(rpm: u32) -> Option<Self> {
        (rpm > 0).then(|| RateLimiter {
            interval: 60.0 / f64::from(rpm),
            burst: f64::from(burst_for(rpm)),
            bucket: Mutex::new(Bucket {
                // Starts full: the first burst needs no waiting.
                tokens: f64::from(burst_for(rpm)),
                updated: Instant::now(),
            }),
        })
    }

    /// Takes a token now, or reserves the next free one.
    pub fn reserve(&self) -> Reservation<'_> {
        let now = Instant::now();
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let refilled = now.duration_since(bucket.updated).as_secs_f64() / self.interval;
        bucket.tokens = (bucket.tokens + refilled).min(self.burst);
        bucket.updated = now;
        bucket.tokens -= 1.0;
        let ready_at = (bucket.tokens < 0.0)
            .then(|| now + Duration::from_secs_f64(-bucket.tokens * self.interval));
        Reservation {
            limiter: self,
            ready_at,
            used: false,
        }
    }

    fn give_back(&self) {
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        bucket.tokens = (bucket.tokens + 1.0).min(self.burst);
    }
}

impl Reservation<'_> {
    /// How long the attempt still has to wait for its token.
    pub fn remaining(&self) -> Duration {
        self.ready_at.map_or(Duration::ZERO, |at| {
            at.saturating_duration_since(Instant::now())
        })
    }

    /// Waits until the token is usable and uses it; returns how long it
    /// waited.
    pub async fn wait(mut self) -> Duration {
        let started = Instant::now();
        if let Some(at) = self.ready_at {
            sleep_until(at).await;
        }
        self.used = true;
        started.elapsed()
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.used {
            self.limiter.give_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_is_ten_seconds_of_requests_within_1_to_10() {
        assert_eq!(burst_for(1), 1);
        assert_eq!(burst_for(6), 1);
        assert_eq!(burst_for(7), 2);
        assert_eq!(burst_for(10), 2);
        assert_eq!(burst_for(60), 10);
        assert_eq!(burst_for(6000), 10);
        assert!(RateLimiter::per_minute(0).is_none());
    }

    fn close(actual: Duration, expected_ms: u64) -> bool {
        let expected = Duration::from_millis(expected_ms);
        actual <= expected && actual + Duration::from_millis(50) >= expected
    }

    #[tokio::test]
    async fn a_burst_goes_at_once_then_requests_are_paced_in_order() {
        // 120 rpm: burst 10, then one token every 500 ms.
        let limiter = RateLimiter::per_minute(120).unwrap();
        let burst: Vec<_> = (0..10).map(|_| limiter.reserve()).collect();
        assert!(burst.iter().all(|token| token.remaining().is_zero()));
        let waiting: Vec<_> = (0..3).map(|_| limiter.reserve()).collect();
        let waits: Vec<Duration> = waiting.iter().map(Reservation::remaining).collect();
        for (wait, expected) in waits.iter().zip([500, 1000, 1500]) {
            assert!(
                close(*wait, expected),
                "each waiter gets its own slot: {waits:?}"
            );
        }
    }

    #[tokio::test]
    async fn tokens_refill_up_to_the_burst_only() {
        // 6000 rpm: burst 10, one token every 10 ms.
        let limiter = RateLimiter::per_minute(6000).unwrap();
        for _ in 0..10 {
            limiter.reserve().wait().await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        for _ in 0..10 {
            let token = limiter.reserve();
            assert_eq!(token.remaining(), Duration::ZERO);
            token.wait().await;
        }
        let next = limiter.reserve();
        assert!(close(next.remaining(), 10), "{:?}", next.remaining());
        assert!(next.wait().await <= Duration::from_millis(30));
    }

    #[tokio::test]
    async fn an_unused_reservation_frees_its_slot() {
        let limiter = RateLimiter::per_minute(6).unwrap(); // burst 1, 10 s apart
        limiter.reserve().wait().await;
        let abandoned = limiter.reserve();
        assert!(close(abandoned.remaining(), 10_000));
        drop(abandoned);
        let next = limiter.reserve();
        assert!(close(next.remaining(), 10_000));
        // A wait cut short (its future dropped) gives the token back too.
        let cut_short = tokio::time::timeout(Duration::from_millis(10), next.wait()).await;
        assert!(cut_short.is_err());
        assert!(close(limiter.reserve().remaining(), 10_000));
    }
}
