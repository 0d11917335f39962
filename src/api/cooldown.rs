//! A rate-limit cooldown shared by every request of one client.
//!
//! Admin endpoints allow only a handful of requests per minute. When one
//! request is told to back off (429), every other request of the same
//! client (including concurrent ones) holds off too, instead of each
//! discovering the limit by hammering the API.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

#[derive(Debug, Default)]
pub(crate) struct Cooldown {
    until: Mutex<Option<Instant>>,
}

impl Cooldown {
    /// Makes all requests wait at least `wait` from now. Never shortens a
    /// cooldown that is already longer.
    pub fn extend(&self, wait: Duration) {
        let target = Instant::now() + wait;
        let mut until = self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if until.is_none_or(|current| current < target) {
            *until = Some(target);
        }
    }

    /// Waits until no cooldown is in force; returns how long it waited.
    /// Loops because another request may extend the cooldown meanwhile.
    pub async fn wait(&self) -> Duration {
        let started = Instant::now();
        let mut waited = false;
        loop {
            let until = *self
                .until
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match until {
                Some(deadline) if deadline > Instant::now() => {
                    waited = true;
                    sleep_until(deadline).await;
                }
                _ => break,
            }
        }
        if waited {
            started.elapsed()
        } else {
            Duration::ZERO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_cooldown_means_no_wait() {
        assert_eq!(Cooldown::default().wait().await, Duration::ZERO);
    }

    #[tokio::test]
    async fn waits_for_the_longest_cooldown() {
        let cooldown = Cooldown::default();
        cooldown.extend(Duration::from_millis(80));
        cooldown.extend(Duration::from_millis(10));
        let waited = cooldown.wait().await;
        assert!(waited >= Duration::from_millis(75), "{waited:?}");
        assert_eq!(cooldown.wait().await, Duration::ZERO);
    }
}
