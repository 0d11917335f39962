//! `GET /organization/audit_logs`.

use axum::extract::State;

use super::{ApiResult, AppState, ok};
use crate::fake::audit::query::AuditQuery;
use crate::fake::query::QueryPairs;

pub async fn list_audit_logs(State(shared): AppState, query: QueryPairs) -> ApiResult {
    let query = AuditQuery::parse(&query)?;
    let page = query.page(shared.audit().events())?;
    Ok(ok(page))
}
