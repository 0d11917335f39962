//! Request log: what was called, how often, and with what outcome.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

/// Only the most recent records are kept so long benchmarks stay bounded;
/// the counters cover everything.
const MAX_RECORDS: usize = 10_000;

/// One `/v1` request as seen by the fake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: String,
    /// Route template without the `/v1` prefix, e.g. `/projects/{project_id}/roles`,
    /// or the raw path for unknown routes.
    pub route: String,
    pub status: u16,
    /// True when the status came from fault injection.
    pub faulted: bool,
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
    recent: VecDeque<RequestRecord>,
}

/// JSON of `GET /__fake/stats`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatsSnapshot {
    pub total: usize,
    pub faults_injected: usize,
    pub by_route: BTreeMap<String, usize>,
    pub by_status: BTreeMap<u16, usize>,
}

impl RequestLog {
    pub fn record(&mut self, rec: RequestRecord) {
        self.total += 1;
        if rec.faulted {
            self.faults += 1;
        }
        *self.by_route.entry(rec.key()).or_default() += 1;
        *self.by_status.entry(rec.status).or_default() += 1;
        if self.recent.len() == MAX_RECORDS {
            self.recent.pop_front();
        }
        self.recent.push_back(rec);
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

    pub fn records(&self) -> Vec<RequestRecord> {
        self.recent.iter().cloned().collect()
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            total: self.total,
            faults_injected: self.faults,
            by_route: self.counts(),
            by_status: self.status_counts(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_route_status_and_fault() {
        let mut log = RequestLog::default();
        let rec = |status, faulted| RequestRecord {
            method: "GET".into(),
            route: "/organization/roles".into(),
            status,
            faulted,
        };
        log.record(rec(200, false));
        log.record(rec(429, true));
        assert_eq!(log.total(), 2);
        assert_eq!(log.faults(), 1);
        assert_eq!(log.counts()["GET /organization/roles"], 2);
        assert_eq!(log.status_counts()[&429], 1);
        assert_eq!(log.records().len(), 2);
    }
}
