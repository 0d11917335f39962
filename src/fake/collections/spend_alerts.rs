//! `organization.spend_alert` and `project.spend_alert`: list, create,
//! retrieve, update, delete under `/organization/spend_alerts` and
//! `/organization/projects/{p}/spend_alerts`. Create and update take the
//! same body (every field required), so an update replaces the whole
//! alert, the notification channel included.

use serde_json::{Value, json};

use super::validate::Body;
use super::{Created, Declaration, Entry, NewObject, Parent};
use crate::fake::errors::ApiError;
use crate::fake::pagination::{Envelope, ListSpec, Order};
use crate::fake::requests::missing;
use crate::fake::store::Store;

/// `limit` 0 to 100 (20 by default), `order` asc by default, `after` an ID.
const SPEND_ALERT_LIST: ListSpec = ListSpec {
    min_limit: 0,
    max_limit: 100,
    default_limit: 20,
    default_order: Some(Order::Asc),
    envelope: Envelope::FirstLast,
};

pub const ORGANIZATION_SPEND_ALERTS: Declaration = Declaration {
    name: "organization_spend_alerts",
    path: "/v1/organization/spend_alerts",
    item_path: "/v1/organization/spend_alerts/{alert_id}",
    item_param: "alert_id",
    parent: Parent::Organization,
    noun: "spend alert",
    id_prefix: "alert_",
    list: SPEND_ALERT_LIST,
    listable: true,
    create: Some(create_organization),
    update: Some(update),
    deleted_object: Some("organization.spend_alert.deleted"),
    may_delete: None,
    on_delete: None,
    list_filter: None,
    view: None,
    seed: None,
};

pub const PROJECT_SPEND_ALERTS: Declaration = Declaration {
    name: "project_spend_alerts",
    path: "/v1/organization/projects/{project_id}/spend_alerts",
    item_path: "/v1/organization/projects/{project_id}/spend_alerts/{alert_id}",
    parent: Parent::Project,
    create: Some(create_project),
    deleted_object: Some("project.spend_alert.deleted"),
    ..ORGANIZATION_SPEND_ALERTS
};

fn create_organization(_: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    alert("organization.spend_alert", &new.id, new.body).map(Created::same)
}

fn create_project(_: &mut Store, new: NewObject) -> Result<Created, ApiError> {
    alert("project.spend_alert", &new.id, new.body).map(Created::same)
}

fn update(_: &mut Store, entry: &Entry, body: &Value) -> Result<Value, ApiError> {
    alert(entry.str("object"), entry.id(), body)
}

/// The alert a create or update body describes (`CreateSpendAlertBody`).
fn alert(object: &str, id: &str, body: &Value) -> Result<Value, ApiError> {
    let body = Body::new(
        body,
        &[
            "threshold_amount",
            "currency",
            "interval",
            "notification_channel",
        ],
    )?;
    let threshold = body
        .int("threshold_amount", 0, i64::MAX)?
        .ok_or_else(|| missing("threshold_amount"))?;
    let currency = body.required_enum("currency", &["USD"])?;
    let interval = body.required_enum("interval", &["month"])?;
    let key = "notification_channel";
    // Errors of the channel's fields name them by path
    // (`notification_channel.type`), as the API's do.
    let (kind, recipients, subject_prefix) = body
        .object(key, &["type", "recipients", "subject_prefix"], |channel| {
            let kind = channel.required_enum("type", &["email"])?;
            let recipients = channel
                .strings("recipients")?
                .ok_or_else(|| missing("recipients"))?;
            Ok((kind, recipients, channel.str("subject_prefix")?))
        })?
        .ok_or_else(|| missing(key))?;
    Ok(json!({
        "id": id,
        "object": object,
        "threshold_amount": threshold,
        "currency": currency,
        "interval": interval,
        "notification_channel": {
            "type": kind,
            "recipients": recipients,
            "subject_prefix": subject_prefix,
        },
    }))
}
