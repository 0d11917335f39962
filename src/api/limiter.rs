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

/// A token taken (or reserved) by one attempt.
#[must_use = "a reservation must be waited for, or given back"]
pub(crate) struct Reservation {
    /// When the token is usable; `None` if it was available at once.
    ready_at: Option<Instant>,
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
    pub fn reserve(&self) -> Reservation {
        let now = Instant::now();
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let refilled = now.duration_since(bucket.updated).as_secs_f64() / self.interval;
        bucket.tokens = (bucket.tokens + refilled).min(self.burst);
        bucket.updated = now;
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            return Reservation { ready_at: None };
        }
        let wait = Duration::from_secs_f64(-bucket.tokens * self.interval);
        Reservation {
            ready_at: Some(now + wait),
        }
    }

    /// Returns an unused reservation (the request was cancelled), so later
    /// requests do not wait for a slot nobody will use.
    pub fn give_back(&self, reservation: Reservation) {
        if reservation.ready_at.is_some() {
            let mut bucket = self
                .bucket
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            bucket.tokens = (bucket.tokens + 1.0).min(self.burst);
        }
    }
}

impl Reservation {
    /// How long the attempt still has to wait for its token.
    pub fn remaining(&self) -> Duration {
        self.ready_at
            .map_or(Duration::ZERO, |at| at.saturating_duration_since(Instant::now()))
    }

    /// Waits until the token is usable; returns how long it waited.
    pub async fn wait(&self) -> Duration {
        match self.ready_at {
            Some(at) => {
                let started = Instant::now();
                sleep_until(at).await;
                started.elapsed()
            }
            None => Duration::ZERO,
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

    #[tokio::test(start_paused = true)]
    async fn a_burst_goes_at_once_then_requests_are_paced_in_order() {
        // 120 rpm: burst 10, then one token every 500 ms.
        let limiter = RateLimiter::per_minute(120).unwrap();
        for _ in 0..10 {
            assert_eq!(limiter.reserve().remaining(), Duration::ZERO);
        }
        let waits: Vec<Duration> = (0..3).map(|_| limiter.reserve().remaining()).collect();
        assert_eq!(
            waits,
            [500, 1000, 1500].map(Duration::from_millis),
            "each waiter gets its own slot"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_refill_up_to_the_burst_only() {
        let limiter = RateLimiter::per_minute(60).unwrap();
        for _ in 0..10 {
            let _ = limiter.reserve();
        }
        tokio::time::advance(Duration::from_secs(3600)).await;
        for _ in 0..10 {
            assert_eq!(limiter.reserve().remaining(), Duration::ZERO);
        }
        let next = limiter.reserve();
        assert_eq!(next.remaining(), Duration::from_secs(1));
        assert_eq!(next.wait().await, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_given_back_reservation_frees_its_slot() {
        let limiter = RateLimiter::per_minute(6).unwrap(); // burst 1, 10 s apart
        let _ = limiter.reserve();
        let cancelled = limiter.reserve();
        assert_eq!(cancelled.remaining(), Duration::from_secs(10));
        limiter.give_back(cancelled);
        assert_eq!(limiter.reserve().remaining(), Duration::from_secs(10));
    }
}
