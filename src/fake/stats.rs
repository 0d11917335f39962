//! Request log: what was called, how often, and with what outcome.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use serde::Serialize;

/// Only the most recent records are kept so long benchmarks stay bounded;
/// the counters cover everything.
const MAX_RECORDS: usize = 10_000;

/// Why the fake answered with a status of its own making rather than the
/// handler's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultCause {
    /// The server-side rate limit (`rate_limit_per_minute`): nothing applied.
    RateLimit,
    /// `fail_next`, `rate_429` or `rate_5xx`: nothing applied.
    Injected,
    /// `fail_next_after_apply` or `rate_5xx_after_apply`: applied, then failed.
    AfterApply,
}

/// One `/v1` request as seen by the fake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: String,
    /// Route template without the `/v1` prefix, e.g. `/projects/{project_id}/roles`,
    /// or the raw path for unknown routes.
    pub route: String,
    pub status: u16,
    /// True when the status came from fault injection (`Injected` or
    /// `AfterApply`; the rate limit is simulated behaviour, not a fault).
    pub faulted: bool,
    /// Why the status is not the handler's own, if it is not.
    pub cause: Option<FaultCause>,
}

impl RequestRecord {
    /// `"METHOD /route/template"`, the key of [`RequestLog::counts`].
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.route)
    }
}

#[derive(Default)]
pub struct RequestLog {
    total: usize,
    faults: usize,
    by_route: BTreeMap<String, usize>,
    by_status: BTreeMap<u16, usize>,
    by_cause: BTreeMap<FaultCause, usize>,
    rate_limited_by_cause: BTreeMap<FaultCause, usize>,
    recent: VecDeque<RequestRecord>,
    /// When the first and the latest request were recorded.
    first_at: Option<Instant>,
    last_at: Option<Instant>,
}

/// JSON of `GET /__fake/stats`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatsSnapshot {
    pub total: usize,
    pub faults_injected: usize,
    pub by_route: BTreeMap<String, usize>,
    pub by_status: BTreeMap<u16, usize>,
    /// Made-up answers by cause, e.g. `{"rate_limit": 3, "after_apply": 1}`.
    pub by_cause: BTreeMap<FaultCause, usize>,
    /// The 429s among them, by cause (`rate_limit` or `injected`).
    pub rate_limited_by_cause: BTreeMap<FaultCause, usize>,
}

impl RequestLog {
    pub fn record(&mut self, rec: RequestRecord) {
        let now = Instant::now();
        self.first_at.get_or_insert(now);
        self.last_at = Some(now);
        self.total += 1;
        if rec.faulted {
            self.faults += 1;
        }
        *self.by_route.entry(rec.key()).or_default() += 1;
        *self.by_status.entry(rec.status).or_default() += 1;
        if let Some(cause) = rec.cause {
            *self.by_cause.entry(cause).or_default() += 1;
            if rec.status == 429 {
                *self.rate_limited_by_cause.entry(cause).or_default() += 1;
            }
        }
        if self.recent.len() == MAX_RECORDS {
            self.recent.pop_front();
        }
        self.recent.push_back(rec);
    }

    /// The time from the first request recorded to the latest (`None`
    /// before any): how long a run kept the API busy, without the client's
    /// own work before its first request and after its last.
    pub fn window(&self) -> Option<Duration> {
        Some(self.last_at?.duration_since(self.first_at?))
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn faults(&self) -> usize {
        self.faults
    }

    pub fn counts(&self) -> BTreeMap<String, usize> {
        self.by_route.clone()
    }

    pub fn status_counts(&self) -> BTreeMap<u16, usize> {
        self.by_status.clone()
    }

    pub fn cause_counts(&self) -> BTreeMap<FaultCause, usize> {
        self.by_cause.clone()
    }

    pub fn rate_limited_counts(&self) -> BTreeMap<FaultCause, usize> {
        self.rate_limited_by_cause.clone()
    }

    pub fn records(&self) -> Vec<RequestRecord> {
        self.recent.iter().cloned().collect()
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            total: self.total,
            faults_injected: self.faults,
            by_route: self.counts(),
            by_status: self.status_counts(),
            by_cause: self.cause_counts(),
            rate_limited_by_cause: self.rate_limited_counts(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_route_status_and_fault() {
        let mut log = RequestLog::default();
        let rec = |status, cause: Option<FaultCause>| RequestRecord {
            method: "GET".into(),
            route: "/organization/roles".into(),
            status,
            faulted: cause.is_some_and(|c| c != FaultCause::RateLimit),
            cause,
        };
        log.record(rec(200, None));
        log.record(rec(429, Some(FaultCause::Injected)));
        log.record(rec(429, Some(FaultCause::RateLimit)));
        log.record(rec(503, Some(FaultCause::AfterApply)));
        assert_eq!(log.total(), 4);
        assert_eq!(log.faults(), 2);
        assert_eq!(log.counts()["GET /organization/roles"], 4);
        assert_eq!(log.status_counts()[&429], 2);
        assert_eq!(log.records().len(), 4);
        assert_eq!(log.cause_counts().len(), 3);
        assert_eq!(
            log.rate_limited_counts(),
            BTreeMap::from([(FaultCause::RateLimit, 1), (FaultCause::Injected, 1)])
        );
        let json = serde_json::to_value(log.snapshot()).unwrap();
        assert_eq!(
            json["by_cause"],
            serde_json::json!({"rate_limit": 1, "injected": 1, "after_apply": 1})
        );
    }

    #[test]
    fn the_window_spans_the_first_request_to_the_latest() {
        let mut log = RequestLog::default();
        assert_eq!(log.window(), None);
        let rec = RequestRecord {
            method: "GET".into(),
            route: "/organization/roles".into(),
            status: 200,
            faulted: false,
            cause: None,
        };
        log.record(rec.clone());
        assert_eq!(log.window(), Some(Duration::ZERO));
        std::thread::sleep(Duration::from_millis(20));
        log.record(rec);
        assert!(log.window().unwrap() >= Duration::from_millis(20));
    }
}
