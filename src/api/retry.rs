//! When a failed request is tried again, and how long to wait first.

use std::fmt;
use std::time::Duration;

use rand::Rng;

use super::error::{ApiError, ErrorKind};

/// Retries of a connection that could not be made before the server ever
/// answered this client (refused, unknown host, TLS, proxy). That is almost
/// always a configuration mistake, so a couple of quick tries (nothing was
/// sent, so they are safe) and then the error, not a minute of backoff.
pub(crate) const UNREACHABLE_RETRIES: u32 = 2;
/// Backoff base of those retries: waits of at most 200 ms, then 400 ms.
pub(crate) const UNREACHABLE_BASE_DELAY: Duration = Duration::from_millis(200);

/// Whether a request may be sent again after an unclear failure (5xx,
/// timeout, broken connection) without changing the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// GET, HEAD, DELETE, and the POSTs that set an object's whole state
    /// (a role's name, permissions and description; a name; a project
    /// user's role): sending one twice leaves what sending it once does.
    Safe,
    /// Creates and other POSTs: a second one could make a second object.
    Unsafe,
}

/// Exponential backoff with full jitter, capped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

/// Why an attempt is being retried (for logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
    RateLimited,
    ServerError(u16),
    Transport,
    /// The server could not be reached and never has been (quick retries).
    Unreachable,
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::RateLimited => write!(f, "rate limited (429)"),
            RetryReason::ServerError(status) => write!(f, "server error ({status})"),
            RetryReason::Transport => write!(f, "transport error"),
            RetryReason::Unreachable => write!(f, "cannot connect"),
        }
    }
}

/// A stated wait, a little longer: servers round it (to the millisecond in
/// a message, to the second in `Retry-After`) and the retry must land after
/// the token it waits for is due, not on the instant, or it bounces again.
fn with_margin(stated: Duration) -> Duration {
    stated + (stated / 50).max(STATED_WAIT_MARGIN)
}

/// The least margin added to a stated wait (see [`with_margin`]).
const STATED_WAIT_MARGIN: Duration = Duration::from_millis(25);

impl RetryPolicy {
    /// Decides whether `error` (from attempt number `retries_done + 1`) is
    /// worth another attempt, and how long to wait before it.
    ///
    /// 429 is always retried: the request was refused, not applied. 5xx and
    /// transport failures are retried only for requests that are safe to
    /// repeat ([`Repeat::Safe`]), because a create that failed that way may
    /// already have been applied and retrying it could duplicate it; the
    /// exception is a request whose connection was never established
    /// (`request_not_sent`). Timeouts are transport failures: retried for
    /// GET, DELETE and full-state updates, returned for creates.
    ///
    /// A 429 waits what the server stated (capped at `max_delay`); the
    /// per-endpoint pacer (`pacer.rs`) spaces the retries that follow. A
    /// 429 that states no wait, or one under 1 ms, backs off instead, so
    /// that `Retry-After: 0` cannot turn into a hot loop.
    ///
    /// A connection that could not be made while the server has never
    /// answered gets at most [`UNREACHABLE_RETRIES`] short retries; once
    /// the server has answered, such a failure is an outage and gets the
    /// patient budget like any other transport failure.
    pub fn decide(
        &self,
        repeat: Repeat,
        error: &ApiError,
        retries_done: u32,
    ) -> Option<(RetryReason, Duration)> {
        if retries_done >= self.max_retries {
            return None;
        }
        if error
            .unreachable
            .as_ref()
            .is_some_and(|unreachable| unreachable.never_answered)
        {
            return (retries_done < UNREACHABLE_RETRIES).then(|| {
                let quick = RetryPolicy {
                    base_delay: UNREACHABLE_BASE_DELAY,
                    ..*self
                };
                (RetryReason::Unreachable, quick.backoff(retries_done))
            });
        }
        let safe = repeat == Repeat::Safe;
        let reason = match error.kind {
            ErrorKind::RateLimited => {
                let stated = error
                    .retry_after
                    .filter(|wait| *wait >= Duration::from_millis(1));
                let wait =
                    stated.map_or_else(|| self.backoff(retries_done), |w| self.cap(with_margin(w)));
                return Some((RetryReason::RateLimited, wait));
            }
            ErrorKind::Server if safe => RetryReason::ServerError(error.status.unwrap_or(0)),
            ErrorKind::Transport if safe || error.request_not_sent => RetryReason::Transport,
            _ => return None,
        };
        // A server-supplied Retry-After is a floor; jittered backoff still
        // applies so that `Retry-After: 0` cannot turn into a hot loop.
        let server_wait = error
            .retry_after
            .map_or(Duration::ZERO, |wait| self.cap(wait));
        Some((reason, server_wait.max(self.backoff(retries_done))))
    }

    /// Full jitter: uniform in `[0, min(max_delay, base_delay * 2^retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.cap(
            self.base_delay
                .saturating_mul(2u32.saturating_pow(retry.min(31))),
        );
        let ceiling_nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rand::rng().random_range(0..=ceiling_nanos))
    }

    fn cap(&self, delay: Duration) -> Duration {
        delay.min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        }
    }

    fn error(kind: ErrorKind, status: Option<u16>) -> ApiError {
        let mut error = ApiError::new(kind, "GET", "/x", "m");
        error.status = status;
        error
    }

    #[test]
    fn backoff_is_jittered_below_the_exponential_ceiling() {
        let policy = policy();
        for retry in 0..40 {
            let ceiling =
                Duration::from_millis(100 * 2u64.pow(retry.min(10))).min(policy.max_delay);
            for _ in 0..20 {
                assert!(policy.backoff(retry) <= ceiling);
            }
        }
    }

    #[test]
    fn rate_limits_are_retried_for_every_method_honouring_retry_after() {
        let mut limited = error(ErrorKind::RateLimited, Some(429));
        limited.retry_after = Some(Duration::from_millis(700));
        for repeat in [Repeat::Safe, Repeat::Unsafe] {
            let (reason, wait) = policy().decide(repeat, &limited, 0).unwrap();
            assert_eq!(reason, RetryReason::RateLimited);
            assert!(wait >= Duration::from_millis(700) && wait <= Duration::from_secs(1));
        }
        limited.retry_after = Some(Duration::from_secs(3600));
        let (_, wait) = policy().decide(Repeat::Safe, &limited, 0).unwrap();
        assert_eq!(wait, Duration::from_secs(1), "capped at max_delay");
        // No stated wait (or `Retry-After: 0`): the jittered backoff.
        for stated in [None, Some(Duration::ZERO)] {
            limited.retry_after = stated;
            let (_, wait) = policy().decide(Repeat::Safe, &limited, 2).unwrap();
            assert!(wait <= Duration::from_millis(400), "{wait:?}");
        }
    }

    #[test]
    fn a_stated_wait_gets_a_margin_past_the_rounded_instant() {
        let mut limited = error(ErrorKind::RateLimited, Some(429));
        for (stated, expected) in [(100, 125), (700, 725), (7000, 7140)] {
            limited.retry_after = Some(Duration::from_millis(stated));
            let mut policy = policy();
            policy.max_delay = Duration::from_secs(60);
            let (_, wait) = policy.decide(Repeat::Safe, &limited, 0).unwrap();
            assert_eq!(wait, Duration::from_millis(expected), "{stated} ms stated");
        }
    }

    #[test]
    fn server_errors_are_retried_only_for_idempotent_methods() {
        let unavailable = error(ErrorKind::Server, Some(503));
        assert!(policy().decide(Repeat::Safe, &unavailable, 0).is_some());
        assert!(policy().decide(Repeat::Unsafe, &unavailable, 0).is_none());
    }

    #[test]
    fn transport_errors_on_post_are_retried_only_when_nothing_was_sent() {
        let mut broken = error(ErrorKind::Transport, None);
        assert!(policy().decide(Repeat::Unsafe, &broken, 0).is_none());
        assert!(policy().decide(Repeat::Safe, &broken, 0).is_some());
        broken.request_not_sent = true;
        assert!(policy().decide(Repeat::Unsafe, &broken, 0).is_some());
    }

    fn unreachable(never_answered: bool) -> ApiError {
        let mut error = error(ErrorKind::Transport, None);
        error.request_not_sent = true;
        error.unreachable = Some(crate::api::Unreachable {
            cause: crate::api::UnreachableCause::Refused,
            detail: "connection refused".into(),
            url: "http://127.0.0.1:9/v1/x".into(),
            address: "127.0.0.1:9".into(),
            host: "127.0.0.1".into(),
            proxy: None,
            never_answered,
        });
        error
    }

    #[test]
    fn a_server_never_reached_gets_a_few_quick_retries() {
        let patient = RetryPolicy {
            max_retries: 8,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        };
        let first_contact = unreachable(true);
        for repeat in [Repeat::Safe, Repeat::Unsafe] {
            for retry in 0..UNREACHABLE_RETRIES {
                let (reason, wait) = patient.decide(repeat, &first_contact, retry).unwrap();
                assert_eq!(reason, RetryReason::Unreachable);
                assert!(wait <= UNREACHABLE_BASE_DELAY * 2u32.pow(retry), "{wait:?}");
            }
            assert!(
                patient
                    .decide(repeat, &first_contact, UNREACHABLE_RETRIES)
                    .is_none()
            );
        }
        let no_retries = RetryPolicy {
            max_retries: 0,
            ..patient
        };
        assert!(no_retries.decide(Repeat::Safe, &first_contact, 0).is_none());

        // Once the server has answered, it is an outage: the patient budget.
        let mid_run = unreachable(false);
        let (reason, _) = patient.decide(Repeat::Safe, &mid_run, 7).unwrap();
        assert_eq!(reason, RetryReason::Transport);
        assert!(patient.decide(Repeat::Safe, &mid_run, 8).is_none());
    }

    #[test]
    fn client_errors_and_exhausted_budgets_are_not_retried() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::InvalidRequest,
            ErrorKind::Decode,
            ErrorKind::Cancelled,
        ] {
            assert!(
                policy()
                    .decide(Repeat::Safe, &error(kind, Some(400)), 0)
                    .is_none()
            );
        }
        let limited = error(ErrorKind::RateLimited, Some(429));
        assert!(policy().decide(Repeat::Safe, &limited, 2).is_some());
        assert!(policy().decide(Repeat::Safe, &limited, 3).is_none());
    }
}
