//! State shared by the HTTP handlers and the synchronous test handle.
//!
//! std mutexes (not tokio's) so blocking test code can inspect the fake while
//! it serves; no lock is ever held across an `.await`.

use std::sync::{Mutex, MutexGuard};

use super::FakeConfig;
use super::audit::AuditLog;
use super::faults::{FaultConfig, FaultState};
use super::stats::RequestLog;
use super::store::{Rules, Store};

pub struct Shared {
    pub config: FakeConfig,
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultState>,
    pub log: Mutex<RequestLog>,
    /// Lock after `store` when both are held.
    pub audit: Mutex<AuditLog>,
}

impl Shared {
    /// Fails (naming the JSON location) if `config.fixture` is not valid.
    pub fn new(config: FakeConfig) -> Result<Self, String> {
        let rules = Rules {
            duplicate_name_status: config.duplicate_name_status,
            reassign_returns_existing: config.reassign_returns_existing,
            read_after_write_delay: config.read_after_write_delay,
        };
        let store = match &config.fixture {
            Some(fixture) => Store::with_fixture(rules, fixture.clone())?,
            None => Store::new(rules),
        };
        Ok(Shared {
            store: Mutex::new(store),
            faults: Mutex::new(FaultState::new(config.faults.clone())),
            log: Mutex::new(RequestLog::default()),
            audit: Mutex::new(AuditLog::default()),
            config,
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultState> {
        lock(&self.faults)
    }

    pub fn log(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.log)
    }

    pub fn audit(&self) -> MutexGuard<'_, AuditLog> {
        lock(&self.audit)
    }

    pub fn set_faults(&self, faults: FaultConfig) {
        *self.faults() = FaultState::new(faults);
    }

    /// The loaded fixture back, audit log and counters cleared, faults back to the start-up config.
    pub fn reset(&self) {
        self.store().reset();
        self.audit().clear();
        *self.log() = RequestLog::default();
        self.set_faults(self.config.faults.clone());
    }
}

/// Locks even if a previous holder panicked: the data are plain values that
/// stay consistent, and a handler must never panic on a poisoned lock.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
