//! Per-endpoint pacing, learned from the 429s the API answers.
//!
//! The Admin API limits each endpoint (method + route, see `endpoint.rs`)
//! on its own, often silently: about 7-10 requests a minute per endpoint
//! refilled over about a minute (mkdev-me), with the wait in a header or
//! only in the message (`server_wait.rs`). Users cannot guess those
//! budgets, so the client learns them, one per endpoint, shared by every
//! clone of the client (every resource of a provider run):
//!
//! - An endpoint not seen yet is probed: one request at a time, each
//!   sent when the one before has been answered, so that Terraform's first
//!   parallel wave does not hit a limit nobody knows yet all at once. The
//!   first 429 then teaches the budget before the wave is spent (one
//!   bounce, not a wave of them); after more accepted answers than any
//!   burst we assume ([`OPEN_AFTER`]) the endpoint is open: unpaced, any
//!   number in flight. Against a local server that costs a few round trips.
//! - Once any endpoint has learned a budget, endpoints not seen yet start
//!   with that one (OpenAI applies one policy to its admin endpoints), so
//!   they are paced from their first request and need no probe.
//! - On a 429 it learns the endpoint's budget from the evidence: a rate of
//!   at least one request per stated wait (a token bucket's next token)
//!   and at least the rate it accepted in the last minute (over the span
//!   of those requests and the wait; a burst shorter than 5 s counts over
//!   the whole minute: a window's budget), whichever is higher; a burst of what it accepted within one
//!   interval before the 429 (1 to 10). The endpoint then waits out the
//!   stated wait and is paced at that rate; other endpoints are not held.
//!   A 429 to a request sent before that lesson is the same overload and
//!   teaches nothing.
//! - A new 429 at the learned pace lowers the pace only when it is
//!   evidence of our rate: its evidence (wait, window) shows a lower rate
//!   (the pace drops to it), or its wait is a token almost due (under half
//!   an interval: we are right at the limit, 10% slower). A 429 whose wait
//!   and window show at least our pace (random 429s of an overloaded
//!   server, stating a wait of a second or so) only holds the endpoint for
//!   its wait: otherwise a storm of them would lower the pace 10% each
//!   time until the run crawls. Such 429s do not count as lessons, so the
//!   quiet-minute probing below goes on.
//! - After a minute without a lesson, the endpoint's rate is raised by 25%
//!   (probing, AIMD-like); above 50 requests a second it is unpaced again.
//! - A stated wait is about *this* moment, not a rate: a budget that rests
//!   on one 429's wait alone (the first lesson, with no stream of accepted
//!   requests behind it) is provisional. A random 429 of an overloaded
//!   server early in a run ("try again after 1 second" at the first
//!   request) looks just like a token bucket's first refusal, but it must
//!   not pace the endpoint at 1/s for many minutes. So a provisional
//!   budget is tried twice as fast after a quiet spell of [`OPEN_AFTER`]
//!   intervals (at most a minute). The same wait told again is not news:
//!   it only holds. A refusal of the faster pace with a token due sooner
//!   than one interval of the pace that held (a token bucket at about that
//!   pace) returns to that pace, now confirmed, probed as above. At a real
//!   limit that costs one 429; at 10 a minute the quiet spell is the full
//!   minute, as before.
//!
//! Pacing is a GCRA token bucket with reservations: waiters are served in
//! arrival order and each sleeps until its own slot. A reservation made
//! under an older lesson is re-taken when it wakes.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::{Instant, sleep_until};

/// The span over which accepted requests count as an endpoint's budget:
/// real limits refill over about a minute.
const WINDOW: Duration = Duration::from_secs(60);
/// A lesson stands this long before the rate is probed upward.
const QUIET_PERIOD: Duration = Duration::from_secs(60);
const PROBE_FACTOR: f64 = 1.25;
/// How much faster a provisional budget (one stated wait) is tried.
const PROVISIONAL_PROBE_FACTOR: f64 = 2.0;
/// A 429 at the learned pace whose evidence is no lower: 10% slower.
const DECREASE_FACTOR: f64 = 0.9;
/// Requests per second above which an endpoint is unpaced again.
const UNPACED_RATE: f64 = 50.0;
/// The slowest pace learned: one request a minute (longer waits are held
/// by the 429's own wait, not by the pace).
const MIN_RATE: f64 = 1.0 / 60.0;
/// Shorter stated waits count as this long: a token bucket's wait can be
/// anything up to its interval (a token almost due), so a tiny wait shows
/// only that the rate is high, not a rate to divide by.
const MIN_INFORMATIVE_WAIT: Duration = Duration::from_millis(10);
/// Accepted requests spread over at least this long are a stream whose
/// rate counts (over the span, not over a whole window: a run 10 s old
/// that got 500 through was allowed 50 a second, not 500 a minute).
const MIN_STREAM_SPAN: Duration = Duration::from_secs(5);
/// Bursts are capped at Terraform's default parallelism.
const MAX_BURST: u32 = 10;
/// Accepted answers after which a probed endpoint (one request at a time)
/// is taken to have no limit worth pacing: more than any burst assumed.
pub(crate) const OPEN_AFTER: u32 = MAX_BURST + 1;
/// A stated wait under this share of the learned interval is a token
/// almost due: we are right at the limit.
const EDGE_SHARE: f64 = 0.5;
/// Accepted requests remembered per endpoint (bounds memory).
const MAX_REMEMBERED: usize = 2_000;

/// What an endpoint is believed to allow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Budget {
    pub per_second: f64,
    /// Requests let through back to back after a quiet spell.
    pub burst: u32,
}

impl Budget {
    fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }

    /// How far ahead of its slot a request may go: the burst.
    fn tolerance(&self) -> Duration {
        self.interval() * (self.burst - 1)
    }

    pub fn per_minute(&self) -> f64 {
        self.per_second * 60.0
    }
}

#[derive(Debug, Default)]
pub(crate) struct EndpointPacer {
    state: Mutex<State>,
    /// Wakes requests waiting for a probed endpoint's request in flight.
    answered: Notify,
}

#[derive(Debug, Default)]
struct State {
    endpoints: HashMap<String, Endpoint>,
    /// The budget learned last: where endpoints not seen yet start.
    prior: Option<Budget>,
    /// Whether that budget rests on one stated wait alone (see [`Endpoint::provisional`]).
    prior_provisional: Option<Provisional>,
}

#[derive(Debug)]
struct Endpoint {
    budget: Option<Budget>,
    /// GCRA's theoretical arrival time of the next request.
    tat: Instant,
    /// No request before this: a 429's wait.
    hold_until: Instant,
    /// Bumped by each lesson; older reservations are re-taken.
    generation: u64,
    /// When the budget was last learned from a 429.
    learned_at: Option<Instant>,
    /// When the budget last changed (learned or probed).
    changed_at: Instant,
    /// The budget rests on one 429's stated wait alone: a moment, not yet
    /// a rate. Tried faster sooner, until a later 429 confirms a rate.
    provisional: Option<Provisional>,
    /// A stated wait that a provisional budget rested on and that proved
    /// no limit (the pace went up to unpaced without a refusal): told
    /// again, it only holds.
    noise: Option<Duration>,
    /// Send times of requests the server accepted (did not answer 429).
    accepted: VecDeque<Instant>,
    /// Not learned and not open yet: one request at a time.
    probing: bool,
    /// Probe requests sent and not answered yet (0 or 1).
    in_flight: u32,
    /// Answers accepted while probing.
    probe_accepted: u32,
}

/// What a provisional budget rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Provisional {
    /// The stated wait it was learned from.
    wait: Duration,
    /// The pace that held quietly before the faster one being tried.
    held: Option<Budget>,
}

/// Waits within 2% of each other are the same wait told again (the
/// margin retries add, `retry.rs`).
const SAME_WAIT: f64 = 0.98;

fn same_wait(a: Duration, b: Duration) -> bool {
    a >= b.mul_f64(SAME_WAIT) && b >= a.mul_f64(SAME_WAIT)
}

/// A slot taken by one attempt. Dropped unused (the call was stopped), it
/// gives the slot back.
#[must_use = "a reservation is only used by waiting for it"]
pub(crate) struct Reservation<'a> {
    pacer: &'a EndpointPacer,
    endpoint: String,
    ready_at: Instant,
    generation: u64,
    used: bool,
}

/// An attempt sent through [`Reservation::wait`]. Dropped once its answer
/// was reported (or it failed without one), it lets the next request of a
/// probed endpoint go.
#[must_use = "hold the flight until the answer is reported"]
pub(crate) struct Flight<'a> {
    pacer: &'a EndpointPacer,
    endpoint: String,
    probe: bool,
}

impl EndpointPacer {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the endpoint's next slot.
    pub fn reserve(&self, endpoint: &str) -> Reservation<'_> {
        self.reserve_at(endpoint, Instant::now())
    }

    fn reserve_at(&self, endpoint: &str, now: Instant) -> Reservation<'_> {
        let mut state = self.lock();
        let entry = state.endpoint(endpoint, now);
        let ready_at = entry.take_slot(now);
        Reservation {
            pacer: self,
            endpoint: endpoint.to_string(),
            ready_at,
            generation: entry.generation,
            used: false,
        }
    }

    /// The server answered a request sent at `sent_at` with anything but
    /// a 429: it counts against the endpoint's budget, and a lesson that
    /// has stood quietly long enough is probed upward.
    pub fn accepted(&self, endpoint: &str, sent_at: Instant) {
        self.accepted_at(endpoint, sent_at, Instant::now());
    }

    fn accepted_at(&self, endpoint: &str, sent_at: Instant, now: Instant) {
        let mut state = self.lock();
        let entry = state.endpoint(endpoint, now);
        if entry.accepted.len() == MAX_REMEMBERED {
            entry.accepted.pop_front();
        }
        entry.accepted.push_back(sent_at);
        if entry.probing {
            entry.probe_accepted += 1;
            if entry.probe_accepted >= OPEN_AFTER {
                entry.probing = false;
                log::debug!("{endpoint}: {OPEN_AFTER} answers without a 429; not pacing it");
                drop(state);
                self.answered.notify_waiters();
            }
            return;
        }
        if let Some(budget) = entry.budget
            && now.duration_since(entry.changed_at) >= entry.quiet_period(budget)
        {
            let factor = match &mut entry.provisional {
                Some(provisional) => {
                    provisional.held = Some(budget);
                    PROVISIONAL_PROBE_FACTOR
                }
                None => PROBE_FACTOR,
            };
            let faster = budget.per_second * factor;
            entry.budget = (faster < UNPACED_RATE).then_some(Budget {
                per_second: faster,
                ..budget
            });
            if entry.budget.is_none() {
                // Unpaced from now on: what we let through at our own pace
                // shows nothing of the server's limit any more.
                entry.noise = entry.provisional.take().map(|p| p.wait).or(entry.noise);
                entry.accepted.clear();
            }
            entry.changed_at = now;
            log::debug!(
                "{endpoint}: no 429 for {:?}; probing a faster pace",
                entry.quiet_period(budget)
            );
        }
    }

    /// A 429 to a request sent at `sent_at`: `stated` is the server's wait
    /// if it said one, `hold` how long this endpoint now waits (the stated
    /// wait, capped, or a backoff). Returns the budget learned, if any.
    pub fn rate_limited(
        &self,
        endpoint: &str,
        sent_at: Instant,
        stated: Option<Duration>,
        hold: Duration,
    ) -> Option<Budget> {
        self.rate_limited_at(endpoint, sent_at, stated, hold, Instant::now())
    }

    fn rate_limited_at(
        &self,
        endpoint: &str,
        sent_at: Instant,
        stated: Option<Duration>,
        hold: Duration,
        now: Instant,
    ) -> Option<Budget> {
        let mut state = self.lock();
        let entry = state.endpoint(endpoint, now);
        entry.forget_before(now);
        let hold_until = now + hold;
        entry.hold_until = entry.hold_until.max(hold_until);
        // Sent before (or as) the lesson was taken: the same overload.
        let stale = entry.learned_at.is_some_and(|at| sent_at <= at);
        let learned = if stale {
            None
        } else {
            entry.learn(now, stated)
        };
        if let Some(budget) = entry.budget {
            // The server's bucket is empty: no burst right after the hold.
            let after_hold = entry.hold_until + budget.tolerance();
            entry.tat = if learned.is_some() {
                after_hold
            } else {
                entry.tat.max(after_hold)
            };
        }
        if let Some(budget) = learned {
            log::info!(
                "{endpoint} is rate limited: pacing it at {:.1} requests/min (burst {})",
                budget.per_minute(),
                budget.burst
            );
            let provisional = state.endpoint(endpoint, now).provisional;
            state.prior = Some(budget);
            state.prior_provisional = provisional;
            drop(state);
            // Probe waiters may go now, at the learned pace.
            self.answered.notify_waiters();
        }
        learned
    }

    /// The budget an endpoint is paced by (`None`: unpaced or unseen).
    #[cfg(test)]
    pub fn budget(&self, endpoint: &str) -> Option<Budget> {
        self.lock()
            .endpoints
            .get(endpoint)
            .and_then(|entry| entry.budget)
    }

    fn give_back(&self, endpoint: &str, generation: u64) {
        let mut state = self.lock();
        if let Some(entry) = state.endpoints.get_mut(endpoint)
            && entry.generation == generation
            && let Some(budget) = entry.budget
        {
            entry.tat = entry
                .tat
                .checked_sub(budget.interval())
                .unwrap_or(entry.tat);
        }
    }
}

impl EndpointPacer {
    /// Lets a request go now unless a probe of its endpoint is in flight;
    /// `Some(probe)` if it went (`probe`: it is the probe).
    fn enter(&self, endpoint: &str, now: Instant) -> Option<bool> {
        let mut state = self.lock();
        let entry = state.endpoint(endpoint, now);
        if !entry.probing {
            return Some(false);
        }
        (entry.in_flight == 0).then(|| {
            entry.in_flight += 1;
            true
        })
    }

    fn landed(&self, endpoint: &str) {
        if let Some(entry) = self.lock().endpoints.get_mut(endpoint) {
            entry.in_flight = entry.in_flight.saturating_sub(1);
        }
        self.answered.notify_waiters();
    }
}

impl State {
    fn endpoint(&mut self, key: &str, now: Instant) -> &mut Endpoint {
        let prior = self.prior;
        let prior_provisional = self.prior_provisional;
        self.endpoints
            .entry(key.to_string())
            .or_insert_with(|| Endpoint {
                budget: prior,
                tat: now,
                hold_until: now,
                generation: 0,
                learned_at: None,
                changed_at: now,
                provisional: prior_provisional.map(|p| Provisional { held: None, ..p }),
                noise: None,
                accepted: VecDeque::new(),
                probing: prior.is_none(),
                in_flight: 0,
                probe_accepted: 0,
            })
    }
}

impl Endpoint {
    /// How long a budget stands without a lesson before a faster pace is
    /// tried: a minute, or for a provisional one [`OPEN_AFTER`] intervals
    /// (a real limit has had time to show itself by then).
    fn quiet_period(&self, budget: Budget) -> Duration {
        if self.provisional.is_some() {
            (budget.interval() * OPEN_AFTER).min(QUIET_PERIOD)
        } else {
            QUIET_PERIOD
        }
    }

    /// When a request asking `now` may go; books the slot.
    fn take_slot(&mut self, now: Instant) -> Instant {
        let mut ready = now.max(self.hold_until);
        if let Some(budget) = self.budget {
            if let Some(earliest) = self.tat.checked_sub(budget.tolerance()) {
                ready = ready.max(earliest);
            }
            self.tat = self.tat.max(ready) + budget.interval();
        }
        ready
    }

    fn forget_before(&mut self, now: Instant) {
        while self
            .accepted
            .front()
            .is_some_and(|&at| now.duration_since(at) > WINDOW)
        {
            self.accepted.pop_front();
        }
    }

    /// The budget the evidence of a (fresh) 429 shows; `None` when it
    /// shows nothing (no usable wait, nothing accepted lately).
    fn learn(&mut self, now: Instant, stated: Option<Duration>) -> Option<Budget> {
        let from_wait = stated.map(|wait| 1.0 / wait.max(MIN_INFORMATIVE_WAIT).as_secs_f64());
        let from_window = self.accepted.front().map(|&first| {
            let count = self.accepted.len() as f64;
            let span = now.duration_since(first);
            if span >= MIN_STREAM_SPAN {
                // A stream: what it got through over its span and the wait
                // (a minute's budget spent in 10 s and refilled in 50 s
                // reads as a minute's budget too).
                count / (span + stated.unwrap_or_default()).as_secs_f64()
            } else {
                // A burst shows no rate; at least it fits in a window.
                count / WINDOW.as_secs_f64()
            }
        });
        let estimate = from_wait.into_iter().chain(from_window).reduce(f64::max)?;
        if let (Some(noise), Some(wait)) = (self.noise, stated)
            && same_wait(wait, noise)
        {
            return None;
        }
        if let Some(provisional) = self.provisional {
            if let (Some(held), Some(wait)) = (provisional.held, stated)
                && wait < held.interval().mul_f64(SAME_WAIT)
            {
                // The faster pace tried is refused with a token due within
                // one interval of the pace that held: a real limit there.
                return Some(self.settle(now, held, None));
            }
            if stated.is_some_and(|wait| same_wait(wait, provisional.wait)) {
                // The wait it rests on, told again: a moment, no rate.
                return None;
            }
        }
        // Resting on the wait alone: no stream of accepted requests shows a
        // rate as high, and no confirmed budget came before.
        let wait_alone = stated
            .filter(|_| from_wait.is_some_and(|w| from_window.is_none_or(|s| w > s)))
            .filter(|_| self.budget.is_none() || self.provisional.is_some())
            .map(|wait| Provisional { wait, held: None });
        if self.budget.is_none() && estimate >= UNPACED_RATE {
            // Nothing to pace yet (`Retry-After: 0`): the hold is enough.
            return None;
        }
        let (per_second, provisional) = match self.budget {
            Some(current) if estimate >= current.per_second => {
                // A token almost due: we are at the limit, a little slower.
                // Any longer wait that shows no lower rate than our pace is
                // not caused by it (a random 429): the hold is all it gets.
                let edge = current.interval().mul_f64(EDGE_SHARE);
                stated.filter(|wait| *wait < edge)?;
                // A second refusal right at the pace: the limit is real.
                (current.per_second * DECREASE_FACTOR, None)
            }
            _ => (estimate, wait_alone),
        };
        let per_second = per_second.max(MIN_RATE);
        let burst = match self.budget {
            Some(current) => current.burst,
            None => {
                let interval = Duration::from_secs_f64(1.0 / per_second);
                let recent = self
                    .accepted
                    .iter()
                    .filter(|&&at| now.duration_since(at) <= interval)
                    .count();
                u32::try_from(recent)
                    .unwrap_or(MAX_BURST)
                    .clamp(1, MAX_BURST)
            }
        };
        Some(self.settle(now, Budget { per_second, burst }, provisional))
    }

    /// Takes `budget` as the lesson learned `now`.
    fn settle(&mut self, now: Instant, budget: Budget, provisional: Option<Provisional>) -> Budget {
        self.budget = Some(budget);
        self.provisional = provisional;
        self.probing = false;
        self.learned_at = Some(now);
        self.changed_at = now;
        self.generation += 1;
        budget
    }
}

impl<'a> Reservation<'a> {
    /// How long the attempt still has to wait for its slot.
    pub fn remaining(&self) -> Duration {
        self.ready_at.saturating_duration_since(Instant::now())
    }

    /// Waits for the slot (re-taking it if a lesson came meanwhile) and,
    /// on a probed endpoint, for the request in flight there to be
    /// answered; uses the slot. Returns how long it slept for its slot
    /// (queueing behind a probe, a round trip, is not counted) and the
    /// flight to hold until the answer is reported.
    pub async fn wait(mut self) -> (Duration, Flight<'a>) {
        let started = Instant::now();
        let mut slept = false;
        let probe = loop {
            if self.ready_at > Instant::now() {
                sleep_until(self.ready_at).await;
                slept = true;
            }
            if self.retake_if_stale(Instant::now()) {
                continue;
            }
            // Registered before the check, so no answer is missed.
            let answered = self.pacer.answered.notified();
            tokio::pin!(answered);
            answered.as_mut().enable();
            if let Some(probe) = self.pacer.enter(&self.endpoint, Instant::now()) {
                break probe;
            }
            // Queued behind a probe: not a timed wait, not counted.
            answered.await;
        };
        self.used = true;
        let waited = if slept {
            started.elapsed()
        } else {
            Duration::ZERO
        };
        let flight = Flight {
            pacer: self.pacer,
            endpoint: std::mem::take(&mut self.endpoint),
            probe,
        };
        (waited, flight)
    }
}

impl Reservation<'_> {
    /// Re-takes the slot if it was booked under an older lesson; true if
    /// it did (the new slot must be waited for).
    fn retake_if_stale(&mut self, now: Instant) -> bool {
        let mut state = self.pacer.lock();
        let entry = state.endpoint(&self.endpoint, now);
        if entry.generation == self.generation {
            return false;
        }
        self.generation = entry.generation;
        self.ready_at = entry.take_slot(now);
        true
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if self.probe {
            self.pacer.landed(&self.endpoint);
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.used {
            self.pacer.give_back(&self.endpoint, self.generation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "POST /projects/{id}/groups/{id}/roles";
    const B: &str = "POST /projects/{id}/roles";

    fn secs(value: f64) -> Duration {
        Duration::from_secs_f64(value)
    }

    /// A clock the tests move by hand: nothing here sleeps or races.
    struct Clock(Instant);

    impl Clock {
        fn at(&self, offset: f64) -> Instant {
            self.0 + secs(offset)
        }
    }

    fn start() -> (EndpointPacer, Clock) {
        (EndpointPacer::default(), Clock(Instant::now()))
    }

    impl EndpointPacer {
        /// The wait of a slot taken at `now`, used at once.
        fn slot(&self, endpoint: &str, now: Instant) -> Duration {
            let mut reservation = self.reserve_at(endpoint, now);
            reservation.used = true;
            reservation.ready_at.saturating_duration_since(now)
        }

        /// `n` requests sent at `now` to `endpoint`; the first `accepted`
        /// pass, the others are told to wait `wait` seconds.
        fn wave(&self, endpoint: &str, now: Instant, n: usize, accepted: usize, wait: f64) {
            for _ in 0..n {
                assert_eq!(
                    self.slot(endpoint, now),
                    Duration::ZERO,
                    "a wave is not paced"
                );
            }
            for _ in 0..accepted {
                self.accepted_at(endpoint, now, now);
            }
            for _ in accepted..n {
                self.rate_limited_at(endpoint, now, Some(secs(wait)), secs(wait), now);
            }
        }
    }

    #[test]
    fn an_unseen_endpoint_is_not_paced() {
        let (pacer, clock) = start();
        for _ in 0..100 {
            assert_eq!(pacer.slot(A, clock.at(0.0)), Duration::ZERO);
        }
        assert_eq!(pacer.budget(A), None);
    }

    #[test]
    fn a_token_bucket_is_learned_from_the_stated_wait_and_the_burst_seen() {
        // 120/min with a burst of 3: 3 pass, 7 are told "next token in 0.5 s".
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 10, 3, 0.5);
        let budget = pacer.budget(A).unwrap();
        assert_eq!(budget.burst, 3);
        assert!((budget.per_minute() - 120.0).abs() < 1e-9, "{budget:?}");
        // The seven retries go one per 0.5 s after the wait, in order.
        let waits: Vec<Duration> = (0..7).map(|_| pacer.slot(A, clock.at(0.0))).collect();
        let expected: Vec<Duration> = (1..=7).map(|i| secs(0.5 * f64::from(i))).collect();
        assert_eq!(waits, expected);
        // After a quiet spell, the learned burst goes at once again.
        for _ in 0..3 {
            assert_eq!(pacer.slot(A, clock.at(30.0)), Duration::ZERO);
        }
        assert_eq!(pacer.slot(A, clock.at(30.0)), secs(0.5));
    }

    #[test]
    fn a_window_budget_is_learned_from_what_was_accepted() {
        // 10 a minute, refilled after 60 s: the 11th is told "50 s".
        let (pacer, clock) = start();
        for i in 0..10 {
            let at = clock.at(f64::from(i));
            assert_eq!(pacer.slot(A, at), Duration::ZERO);
            pacer.accepted_at(A, at, at);
        }
        let at = clock.at(10.0);
        let learned = pacer
            .rate_limited_at(A, at, Some(secs(50.0)), secs(50.0), at)
            .unwrap();
        assert!((learned.per_minute() - 10.0).abs() < 1e-9, "{learned:?}");
        assert_eq!(pacer.slot(A, at), secs(50.0), "the wait is held");
    }

    #[test]
    fn a_steady_stream_is_learned_at_its_rate_not_per_minute() {
        // 40 a second for 10 s, then one 429 rounded up to "Retry-After: 1".
        let (pacer, clock) = start();
        for i in 0..400 {
            let at = clock.at(f64::from(i) / 40.0);
            pacer.accepted_at(A, at, at);
        }
        let at = clock.at(10.0);
        let learned = pacer
            .rate_limited_at(A, at, Some(secs(1.0)), secs(1.0), at)
            .unwrap();
        assert!(learned.per_second > 35.0, "{learned:?}");
    }

    #[test]
    fn a_429_on_one_endpoint_does_not_pace_a_seen_other() {
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        assert_eq!(pacer.slot(B, t0), Duration::ZERO);
        pacer.accepted_at(B, t0, t0);
        pacer.wave(A, t0, 5, 1, 30.0);
        assert_eq!(pacer.slot(A, t0), secs(30.0));
        for _ in 0..20 {
            assert_eq!(pacer.slot(B, t0), Duration::ZERO);
        }
        assert_eq!(pacer.budget(B), None);
    }

    #[test]
    fn endpoints_not_seen_yet_start_with_the_last_lesson() {
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 10, 3, 0.5);
        let c = "DELETE /organization/roles/{id}";
        // A full burst of 3, then the learned pace, without any 429 there.
        let at = clock.at(1.0);
        for _ in 0..3 {
            assert_eq!(pacer.slot(c, at), Duration::ZERO);
        }
        assert_eq!(pacer.slot(c, at), secs(0.5));
        assert_eq!(pacer.budget(c), pacer.budget(A));
    }

    #[test]
    fn stale_429s_teach_nothing_and_fresh_ones_lower_the_pace_only_on_evidence() {
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 4, 1, 1.0);
        let first = pacer.budget(A).unwrap();
        assert_eq!(first.per_second, 1.0);
        // Another 429 to a request sent before the lesson: no change.
        let late = clock.at(0.1);
        let stale = pacer.rate_limited_at(A, clock.at(0.0), Some(secs(1.0)), secs(1.0), late);
        assert_eq!(stale, None);
        assert_eq!(pacer.budget(A), Some(first));
        // A 429 at the learned pace stating a full interval, evidence no
        // lower than the pace: not caused by our rate, only held.
        let at = clock.at(1.0);
        let noise = pacer.rate_limited_at(A, at, Some(secs(1.0)), secs(1.0), at);
        assert_eq!(noise, None);
        assert_eq!(pacer.budget(A), Some(first));
        assert_eq!(pacer.slot(A, at), secs(1.0), "the wait is still held");
        // A token almost due at the learned pace: right at the limit, 10% slower.
        let at = clock.at(3.0);
        let slower = pacer
            .rate_limited_at(A, at, Some(secs(0.2)), secs(0.2), at)
            .unwrap();
        assert!((slower.per_second - 0.9).abs() < 1e-9, "{slower:?}");
        // Lower evidence wins outright.
        let at = clock.at(4.0);
        let lower = pacer
            .rate_limited_at(A, at, Some(secs(4.0)), secs(4.0), at)
            .unwrap();
        assert!((lower.per_second - 0.25).abs() < 1e-9, "{lower:?}");
    }

    #[test]
    fn a_storm_of_random_429s_stating_a_wait_does_not_crawl() {
        // Learned 2/s from a real bucket; then an overloaded server refuses
        // every third request at that pace with "Retry-After: 1".
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 10, 3, 0.5);
        let learned = pacer.budget(A).unwrap();
        for i in 0..120 {
            let at = clock.at(1.0 + f64::from(i) * 0.5);
            if i % 3 == 0 {
                pacer.rate_limited_at(A, at, Some(secs(1.0)), secs(1.0), at);
            } else {
                pacer.accepted_at(A, at, at);
            }
        }
        // The 1 s waits claim at most 1/s, and the pace may drop to that
        // once; it must not fall 10% at each of the 40 429s that follow.
        let after = pacer.budget(A);
        assert!(
            after.is_none_or(|b| b.per_second >= 1.0),
            "{learned:?} -> {after:?}"
        );
    }

    #[test]
    fn a_quiet_minute_probes_faster_until_unpaced() {
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 2, 1, 0.05); // 20/s, on one wait
        // A token almost due at that pace confirms it: 18/s.
        let at = clock.at(0.02);
        pacer.rate_limited_at(A, at, Some(secs(0.004)), secs(0.004), at);
        let mut rates = vec![pacer.budget(A).unwrap().per_second];
        assert!((rates[0] - 18.0).abs() < 1e-9, "{rates:?}");
        let mut at = 0.02;
        // Accepted requests within the quiet minute change nothing.
        pacer.accepted_at(A, clock.at(30.0), clock.at(30.0));
        assert_eq!(pacer.budget(A).unwrap().per_second, rates[0]);
        while let Some(budget) = pacer.budget(A) {
            at += QUIET_PERIOD.as_secs_f64();
            pacer.accepted_at(A, clock.at(at), clock.at(at));
            if let Some(faster) = pacer.budget(A) {
                assert!((faster.per_second - budget.per_second * PROBE_FACTOR).abs() < 1e-9);
                rates.push(faster.per_second);
            }
        }
        assert_eq!(
            rates.len(),
            5,
            "18 -> 22.5 -> 28 -> 35 -> 44 -> unpaced: {rates:?}"
        );
    }

    /// Requests sent at the pace from `from` to `until` seconds: every
    /// `refused_every`-th is refused stating `wait`, the others accepted.
    fn stream(
        pacer: &EndpointPacer,
        clock: &Clock,
        (from, until): (f64, f64),
        refused_every: Option<(usize, f64)>,
    ) {
        let mut at = clock.at(from);
        let mut i = 0;
        while at < clock.at(until) {
            // At least a round trip apart.
            at += pacer.slot(A, at).max(secs(0.05));
            i += 1;
            match refused_every {
                Some((every, wait)) if i % every == 0 => {
                    pacer.rate_limited_at(A, at, Some(secs(wait)), secs(wait), at);
                }
                _ => pacer.accepted_at(A, at, at),
            }
        }
    }

    #[test]
    fn an_early_429_stating_a_long_wait_does_not_pace_the_run_for_long() {
        // The first request of a run meets an overloaded server: "try again
        // after 1 second"; then every fifth request is refused the same way
        // (no limit of our rate is behind it). Before, the endpoint stayed
        // at 1/s and probed up 25% a minute: 1.25/s after a minute.
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        assert_eq!(pacer.enter(A, t0), Some(true));
        let first = pacer
            .rate_limited_at(A, t0, Some(secs(1.0)), secs(1.0), t0)
            .unwrap();
        assert_eq!(first.per_second, 1.0, "the wait is all there is to go by");
        stream(&pacer, &clock, (1.0, 60.0), Some((5, 1.0)));
        let after = pacer.budget(A);
        assert!(
            after.is_none_or(|b| b.per_second >= 8.0),
            "still paced at {after:?} after a minute"
        );
    }

    #[test]
    fn a_real_limit_under_one_wait_is_confirmed_by_one_refusal_of_the_faster_pace() {
        // 120/min, burst 3: probes 1-3 pass, the 4th hears "0.5 s".
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        for _ in 0..3 {
            pacer.accepted_at(A, t0, t0);
        }
        pacer.rate_limited_at(A, t0, Some(secs(0.5)), secs(0.5), t0);
        // At the pace for 11 intervals, then tried twice as fast...
        stream(&pacer, &clock, (0.5, 6.5), None);
        assert_eq!(pacer.budget(A).unwrap().per_second, 4.0, "tried faster");
        // ...which the bucket refuses with its next token due in 0.3 s.
        let at = clock.at(6.6);
        let back = pacer
            .rate_limited_at(A, at, Some(secs(0.3)), secs(0.3), at)
            .unwrap();
        assert_eq!(back.per_second, 2.0, "the pace that held");
        // Confirmed: probed 25% after a quiet minute only.
        stream(&pacer, &clock, (7.0, 60.0), None);
        assert_eq!(pacer.budget(A).unwrap().per_second, 2.0);
        stream(&pacer, &clock, (60.0, 68.0), None);
        assert_eq!(pacer.budget(A).unwrap().per_second, 2.5);
    }

    #[test]
    fn a_429_without_evidence_only_holds() {
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        assert_eq!(pacer.slot(A, t0), Duration::ZERO);
        assert_eq!(pacer.rate_limited_at(A, t0, None, secs(2.0), t0), None);
        let zero = Some(Duration::ZERO);
        assert_eq!(pacer.rate_limited_at(A, t0, zero, secs(2.0), t0), None);
        assert_eq!(pacer.budget(A), None);
        assert_eq!(pacer.slot(A, t0), secs(2.0));
        assert_eq!(
            pacer.slot(A, clock.at(2.0)),
            Duration::ZERO,
            "not paced after"
        );
    }

    #[test]
    fn a_tiny_wait_at_the_learned_pace_slows_it_a_little_only() {
        // A token almost due: "try again after 0.004 seconds". The window
        // (3 requests a minute) must not be taken for the budget.
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 10, 3, 0.5);
        let at = clock.at(5.0);
        let learned = pacer
            .rate_limited_at(A, at, Some(secs(0.004)), secs(0.004), at)
            .unwrap();
        assert!((learned.per_second - 1.8).abs() < 1e-9, "{learned:?}");
    }

    #[test]
    fn waiters_re_take_their_slot_after_a_lesson_and_unused_slots_return() {
        let (pacer, clock) = start();
        pacer.wave(A, clock.at(0.0), 2, 1, 1.0); // 1/s, burst 1, held 1 s
        let mut early = pacer.reserve_at(A, clock.at(0.0));
        assert_eq!(early.ready_at, clock.at(1.0));
        // Before it is due, a fresh 429 says 4 s.
        let at = clock.at(0.5);
        pacer.rate_limited_at(A, at, Some(secs(4.0)), secs(4.0), at);
        assert!(early.retake_if_stale(clock.at(1.0)));
        assert_eq!(early.ready_at, clock.at(4.5), "after the new hold");
        assert!(!early.retake_if_stale(clock.at(4.5)));
        early.used = true;

        // An unused reservation gives its slot back.
        let next = pacer.reserve_at(A, clock.at(4.5));
        let after = next.ready_at;
        drop(next);
        assert_eq!(pacer.reserve_at(A, clock.at(4.5)).ready_at, after);
    }

    #[test]
    fn an_unseen_endpoint_lets_one_request_through_at_a_time() {
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        assert_eq!(pacer.enter(A, t0), Some(true), "the probe goes");
        assert_eq!(pacer.enter(A, t0), None, "the others wait for its answer");
        assert_eq!(
            pacer.enter(B, t0),
            Some(true),
            "other endpoints are not held"
        );
        pacer.accepted_at(A, t0, t0);
        pacer.landed(A);
        assert_eq!(pacer.enter(A, t0), Some(true), "answered: the next goes");
    }

    #[test]
    fn a_probed_endpoint_opens_after_enough_answers() {
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        for _ in 0..OPEN_AFTER {
            assert_eq!(pacer.enter(A, t0), Some(true));
            pacer.accepted_at(A, t0, t0);
            pacer.landed(A);
        }
        for _ in 0..20 {
            assert_eq!(pacer.enter(A, t0), Some(false), "open: no probe, no gate");
        }
        assert_eq!(pacer.budget(A), None);
    }

    #[test]
    fn a_probe_429_teaches_the_budget_and_ends_the_probe() {
        // 10/min, burst 3: probes 1-3 pass, the 4th hears "6 s".
        let (pacer, clock) = start();
        let t0 = clock.at(0.0);
        for _ in 0..3 {
            assert_eq!(pacer.enter(A, t0), Some(true));
            pacer.accepted_at(A, t0, t0);
            pacer.landed(A);
        }
        assert_eq!(pacer.enter(A, t0), Some(true));
        let learned = pacer
            .rate_limited_at(A, t0, Some(secs(6.0)), secs(6.0), t0)
            .unwrap();
        pacer.landed(A);
        assert!((learned.per_minute() - 10.0).abs() < 1e-9, "{learned:?}");
        assert_eq!(learned.burst, 3);
        // Paced now: the waiters go, each at its slot after the hold.
        assert_eq!(pacer.enter(A, t0), Some(false));
        assert_eq!(pacer.slot(A, t0), secs(6.0));
        assert_eq!(pacer.slot(A, t0), secs(12.0));
        // Endpoints seen after the lesson start paced, without a probe.
        assert_eq!(pacer.enter(B, t0), Some(false));
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_of_a_probed_endpoint_go_one_answer_at_a_time() {
        let pacer = std::sync::Arc::new(EndpointPacer::default());
        let (_, probe) = pacer.reserve(A).wait().await;
        let waiter = {
            let pacer = pacer.clone();
            tokio::spawn(async move {
                let (_, flight) = pacer.reserve(A).wait().await;
                assert!(flight.probe, "the next probe");
            })
        };
        tokio::time::sleep(secs(3.0)).await;
        assert!(!waiter.is_finished(), "held while the probe is in flight");
        pacer.accepted(A, Instant::now());
        drop(probe);
        waiter.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_probe_that_fails_without_an_answer_still_lets_the_next_go() {
        let pacer = EndpointPacer::default();
        let (_, probe) = pacer.reserve(A).wait().await;
        drop(probe); // a transport error: no answer to report
        let next = tokio::time::timeout(secs(1.0), pacer.reserve(A).wait()).await;
        assert!(next.is_ok());
    }

    #[tokio::test]
    async fn wait_sleeps_until_the_slot_and_reports_it() {
        let pacer = EndpointPacer::default();
        let (waited, flight) = pacer.reserve(A).wait().await;
        assert_eq!(waited, Duration::ZERO);
        pacer.rate_limited(A, Instant::now(), None, Duration::from_millis(50));
        drop(flight);
        let (waited, _flight) = pacer.reserve(A).wait().await;
        assert!(waited >= Duration::from_millis(45), "{waited:?}");
    }
}
