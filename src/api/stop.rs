//! The stop signal of a client: when it turns true, no new attempt starts
//! and every wait (backoff, cooldown, rate limiter) ends at once.
//!
//! Requests already on the wire are not part of this: their response is
//! awaited, so that what the server did (e.g. a create) is not lost.

use std::future::{Future, pending};

use tokio::sync::watch;

#[derive(Clone, Debug, Default)]
pub(crate) struct StopSignal(Option<watch::Receiver<bool>>);

impl StopSignal {
    pub fn new(stop: watch::Receiver<bool>) -> Self {
        StopSignal(Some(stop))
    }

    pub fn is_stopped(&self) -> bool {
        self.0.as_ref().is_some_and(|stop| *stop.borrow())
    }

    /// Resolves once the signal is true. Never resolves without a signal,
    /// or when its sender is dropped without ever signalling.
    async fn stopped(&self) {
        if let Some(stop) = &self.0 {
            let mut stop = stop.clone();
            if stop.wait_for(|stopped| *stopped).await.is_ok() {
                return;
            }
        }
        pending::<()>().await;
    }

    /// Runs `wait` to completion unless the signal comes first (`None`).
    pub async fn or_stop<F: Future>(&self, wait: F) -> Option<F::Output> {
        tokio::select! {
            biased;
            () = self.stopped() => None,
            output = wait => Some(output),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn without_a_signal_waits_run_to_completion() {
        let none = StopSignal::default();
        assert!(!none.is_stopped());
        assert_eq!(none.or_stop(async { 7 }).await, Some(7));
    }

    #[tokio::test]
    async fn a_signal_ends_a_wait_and_a_dropped_sender_does_not() {
        let (sender, receiver) = watch::channel(false);
        let stop = StopSignal::new(receiver);
        let long_wait = tokio::time::sleep(Duration::from_secs(30));
        let signal = async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            sender.send_replace(true);
        };
        let (waited, ()) = tokio::join!(stop.or_stop(long_wait), signal);
        assert_eq!(waited, None);
        assert!(stop.is_stopped());

        let (sender, receiver) = watch::channel(false);
        drop(sender);
        let stop = StopSignal::new(receiver);
        let short_wait = tokio::time::sleep(Duration::from_millis(10));
        assert_eq!(stop.or_stop(short_wait).await, Some(()));
    }
}
