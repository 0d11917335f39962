//! Fault injection: deterministic (`fail_next`) and seeded-random failures.

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::errors::ApiError;

/// What to break. Also the body of `POST /__fake/faults`; every field is
/// optional there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    /// Probability (0..=1) that a request gets a 429.
    pub rate_429: f64,
    /// `Retry-After` seconds sent with every 429.
    pub retry_after_secs: u64,
    /// Probability (0..=1) that a request gets `status_5xx`.
    pub rate_5xx: f64,
    pub status_5xx: u16,
    /// Seed of the RNG behind the two rates, so runs are reproducible.
    pub seed: u64,
    /// Statuses returned, in order, by the next requests (before any random fault).
    pub fail_next: Vec<u16>,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            rate_429: 0.0,
            retry_after_secs: 1,
            rate_5xx: 0.0,
            status_5xx: 503,
            seed: 0,
            fail_next: Vec::new(),
        }
    }
}

/// Live fault state: the config plus what it has consumed so far.
pub struct FaultState {
    config: FaultConfig,
    queue: VecDeque<u16>,
    rng: StdRng,
}

impl FaultState {
    pub fn new(config: FaultConfig) -> Self {
        FaultState {
            queue: config.fail_next.iter().copied().collect(),
            rng: StdRng::seed_from_u64(config.seed),
            config,
        }
    }

    /// The config with `fail_next` showing only what is still queued.
    pub fn current(&self) -> FaultConfig {
        FaultConfig {
            fail_next: self.queue.iter().copied().collect(),
            ..self.config.clone()
        }
    }

    /// Decides whether this request fails, and how.
    pub fn next_fault(&mut self) -> Option<ApiError> {
        let retry = self.config.retry_after_secs;
        if let Some(status) = self.queue.pop_front() {
            return Some(ApiError::for_status(status, retry));
        }
        // Comparing a draw in [0, 1) (rather than random_bool) tolerates
        // out-of-range rates from user input instead of panicking.
        if self.config.rate_429 > 0.0 && self.rng.random::<f64>() < self.config.rate_429 {
            return Some(ApiError::rate_limited(retry));
        }
        if self.config.rate_5xx > 0.0 && self.rng.random::<f64>() < self.config.rate_5xx {
            let status = if (500..=599).contains(&self.config.status_5xx) {
                self.config.status_5xx
            } else {
                503
            };
            return Some(ApiError::for_status(status, retry));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_is_consumed_in_order() {
        let mut f = FaultState::new(FaultConfig {
            fail_next: vec![429, 500],
            retry_after_secs: 4,
            ..Default::default()
        });
        let first = f.next_fault().unwrap();
        assert_eq!((first.status, first.retry_after), (429, Some(4)));
        assert_eq!(f.current().fail_next, vec![500]);
        assert_eq!(f.next_fault().unwrap().status, 500);
        assert!(f.next_fault().is_none());
    }

    #[test]
    fn rates_are_seeded_and_reproducible() {
        let cfg = FaultConfig {
            rate_429: 0.3,
            rate_5xx: 0.3,
            status_5xx: 502,
            seed: 42,
            ..Default::default()
        };
        let run = |cfg: &FaultConfig| {
            let mut f = FaultState::new(cfg.clone());
            (0..200)
                .map(|_| f.next_fault().map(|e| e.status))
                .collect::<Vec<_>>()
        };
        let a = run(&cfg);
        assert_eq!(a, run(&cfg));
        assert!(a.contains(&Some(429)));
        assert!(a.contains(&Some(502)));
        assert!(a.contains(&None));
    }

    #[test]
    fn zero_and_full_rates() {
        let mut f = FaultState::new(FaultConfig::default());
        assert!((0..100).all(|_| f.next_fault().is_none()));
        let mut f = FaultState::new(FaultConfig {
            rate_429: 1.5,
            ..Default::default()
        });
        assert!((0..100).all(|_| f.next_fault().map(|e| e.status) == Some(429)));
    }

    #[test]
    fn deserializes_with_defaults() {
        let cfg: FaultConfig = serde_json::from_str(r#"{"fail_next":[503]}"#).unwrap();
        assert_eq!(cfg.status_5xx, 503);
        assert_eq!(cfg.fail_next, vec![503]);
        assert_eq!(cfg.rate_429, 0.0);
    }
}
