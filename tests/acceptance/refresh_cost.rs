//! The cost of a refresh with drift, held to its bound in CI: each list is
//! read once, and each object missing from its list is confirmed with one
//! retrieve, never by re-reading the list, and gets one audit-log query
//! for who removed it. Counts, not timings.

use crate::refresh_scenario::{RefreshCost, applied_workspace, measure};

fn assert_within_bound(cost: &RefreshCost) {
    eprintln!("refresh cost: {cost:?}, bound {}", cost.bound());
    assert_eq!(
        cost.planned_creates, cost.deletions,
        "each deletion made one resource go missing: {cost:?}"
    );
    assert_eq!(
        cost.list_requests, cost.pages,
        "each list is read once: {cost:?}"
    );
    assert!(
        cost.retrieves <= cost.deletions,
        "at most one retrieve per missing object: {cost:?}"
    );
    assert_eq!(
        cost.audit_requests, cost.deletions,
        "one audit-log query per missing object, none when nothing is: {cost:?}"
    );
    assert!(
        cost.requests <= cost.bound(),
        "{} requests, bound {} (pages + deletions): {cost:?}",
        cost.requests,
        cost.bound()
    );
}

#[test]
fn refresh_with_drift_costs_list_pages_plus_one_request_per_missing_object() {
    let ws = applied_workspace();

    let clean = measure(&ws, 0);
    assert_within_bound(&clean);
    assert_eq!(clean.retrieves, 0, "nothing missing, nothing to confirm");

    let drifted = measure(&ws, 3);
    assert_within_bound(&drifted);
    assert_eq!(
        drifted.pages, clean.pages,
        "3 deletions change no page count"
    );
}
