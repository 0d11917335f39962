//! `openai_organization_spend_alert` and `openai_project_spend_alert`: an
//! email when the month's spend passes a threshold, for the organization
//! or one project. One declaration for both; only the route differs.

use std::sync::Arc;

use super::export::Exported;
use super::route::Part::{self, Fixed, Param};
use super::{Create, DataSources, Declaration, Field, NoHooks, Recover, Routes, Sent, Update};
use crate::api::{Cursor, ListSpec};
use crate::resources::validators;
use crate::schema::{Attribute, Validator};
use crate::value::{Type, Value};

/// `GET .../spend_alerts`: `limit` up to 100, `after` the last alert's ID.
const SPEND_ALERTS: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// The largest threshold a number keeps exactly (2^53 - 1 cents).
const MAX_CENTS: f64 = 9_007_199_254_740_991.0;

const ORGANIZATION: &str = "An email to the given recipients when the organization's spend in \
    the month passes a threshold. `threshold_amount` is in **cents**, as the API has it (`2000` \
    is 20.00 USD). Every attribute but the project is updated in place. Import with \
    `<alert_id>`.";

const PROJECT: &str = "An email to the given recipients when a project's spend in the month \
    passes a threshold. `threshold_amount` is in **cents**, as the API has it (`2000` is 20.00 \
    USD). Every attribute but `project_id` is updated in place; moving the alert to another \
    project replaces it. Import with `<project_id>/<alert_id>`.";

/// The attributes the export writes: every one the user sets.
const ORGANIZATION_WRITES: &[&str] = &[
    "threshold_amount",
    "currency",
    "interval",
    "notification_channel_type",
    "notification_channel_recipients",
    "notification_channel_subject_prefix",
];

const PROJECT_WRITES: &[&str] = &[
    "project_id",
    "threshold_amount",
    "currency",
    "interval",
    "notification_channel_type",
    "notification_channel_recipients",
    "notification_channel_subject_prefix",
];

/// Written by `openai-admin export`, named after the threshold.
fn exported(writes: &'static [&'static str], fixture_collection: &'static str) -> Exported {
    Exported {
        file: "policies.tf",
        name_from: "threshold_amount",
        writes,
        skip: |_| None,
        fixture_collection,
        retrieve: false,
        project_view: None,
    }
}

pub(super) fn organization() -> Declaration {
    let mut declaration = declaration(
        "openai_organization_spend_alert",
        ORGANIZATION,
        &[Fixed("organization"), Fixed("spend_alerts")],
        None,
        "list the organization's spend alerts",
        "The openai_organization_spend_alerts data source lists the organization's spend alerts.",
        DataSources {
            one: Some(("openai_organization_spend_alert", None)),
            list: Some(("openai_organization_spend_alerts", "spend_alerts")),
        },
    );
    declaration.export = Some(exported(ORGANIZATION_WRITES, "organization_spend_alerts"));
    declaration
}

pub(super) fn project() -> Declaration {
    let mut declaration = declaration(
        "openai_project_spend_alert",
        PROJECT,
        &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("spend_alerts"),
        ],
        Some(
            Attribute::required(
                "project_id",
                Type::String,
                "Project whose spend is watched (`proj_...`). Changing it replaces the alert.",
            )
            .requires_replace()
            .validate_with(validators::prefixed_identifier("proj_")),
        ),
        "list the project's spend alerts",
        "The openai_project_spend_alerts data source lists a project's spend alerts.",
        DataSources {
            one: Some(("openai_project_spend_alert", None)),
            list: Some(("openai_project_spend_alerts", "spend_alerts")),
        },
    );
    declaration.export = Some(exported(PROJECT_WRITES, "project_spend_alerts"));
    declaration
}

fn declaration(
    type_name: &'static str,
    description: &'static str,
    collection: &'static [Part],
    project: Option<Attribute>,
    list_action: &'static str,
    gone: &'static str,
    data_sources: DataSources,
) -> Declaration {
    let mut fields = vec![
        Field::json(
            Attribute::computed("id", Type::String, "ID of the spend alert (`alert_...`).")
                .use_state_for_unknown(),
            "id",
        ),
        Field::json(
            Attribute::computed(
                "alert_id",
                Type::String,
                "ID of the spend alert, the same as `id` (the official provider's name).",
            )
            .use_state_for_unknown(),
            "id",
        ),
    ];
    fields.extend(project.map(Field::param));
    fields.extend([
        sent(
            Attribute::required(
                "threshold_amount",
                Type::Number,
                "The threshold, in **cents** of `currency` (`2000` is 20.00 USD): a whole \
                 number, 0 or more.",
            )
            .validate_with(cents()),
            "threshold_amount",
        ),
        sent(
            Attribute::required(
                "currency",
                Type::String,
                "Currency of the threshold: `USD` (the only one the API has).",
            )
            .validate_with(one_of("USD")),
            "currency",
        ),
        sent(
            Attribute::required(
                "interval",
                Type::String,
                "Period the spend is summed over: `month` (the only one the API has).",
            )
            .validate_with(one_of("month")),
            "interval",
        ),
        sent(
            Attribute::required(
                "notification_channel_type",
                Type::String,
                "How the alert is sent: `email` (the only channel the API has).",
            )
            .validate_with(one_of("email")),
            "notification_channel.type",
        ),
        sent(
            Attribute::required(
                "notification_channel_recipients",
                Type::list_of(Type::String),
                "Email addresses the alert is sent to, at least one.",
            )
            .validate_with(recipients()),
            "notification_channel.recipients",
        ),
        sent(
            Attribute::optional(
                "notification_channel_subject_prefix",
                Type::String,
                "Text the alert emails' subject starts with; left out, the API's own subject.",
            )
            .validate_with(validators::text(255)),
            "notification_channel.subject_prefix",
        ),
    ]);
    Declaration {
        type_name,
        noun: "spend alert",
        description,
        fields,
        routes: Routes {
            collection,
            id_param: "alert_id",
            list: SPEND_ALERTS,
            list_action,
            import_query: &[],
        },
        create: Create::Post {
            fixed: Default::default,
            // Several alerts may share a threshold: an unclear create is
            // looked for by its amount, never posted again.
            recover: Recover::Named {
                attribute: "threshold_amount",
            },
        },
        update: Update::Post,
        gone,
        hooks: Arc::new(NoHooks),
        data_sources,
        official: Some(type_name),
        export: None,
    }
}

/// Every field is in every update body: the API's update takes the whole
/// alert (the create's body).
fn sent(attribute: Attribute, json: &'static str) -> Field {
    Field::json(attribute, json).sent(Sent::Always)
}

/// A whole number of cents, 0 or more, that a number keeps exactly.
fn cents() -> Validator {
    Arc::new(|value: &Value| {
        let Value::Number(n) = value else {
            return Ok(());
        };
        if n.fract() != 0.0 {
            Err(format!(
                "{n} is not a whole number of cents (the amount is in cents: 20.50 USD is 2050)"
            ))
        } else if *n < 0.0 {
            Err(format!("{n} is negative; the threshold is 0 cents or more"))
        } else if *n > MAX_CENTS {
            Err(format!("{n} cents is more than {MAX_CENTS} cents"))
        } else {
            Ok(())
        }
    })
}

fn one_of(allowed: &'static str) -> Validator {
    Arc::new(move |value: &Value| match value.as_str() {
        Some(s) if s == allowed => Ok(()),
        other => Err(format!(
            "{:?} is not supported; the API only has {allowed:?}",
            other.unwrap_or_default()
        )),
    })
}

/// At least one recipient, each an email address, none twice.
fn recipients() -> Validator {
    Arc::new(|value: &Value| {
        let Value::List(items) = value else {
            return Ok(());
        };
        if items.is_empty() {
            return Err("must list at least one email address".into());
        }
        let mut seen = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(email) = item.as_str() else {
                continue;
            };
            let valid = email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.contains('@')
            }) && !email.chars().any(char::is_whitespace);
            if !valid {
                return Err(format!("[{i}]: {email:?} is not an email address"));
            }
            if seen.contains(&email) {
                return Err(format!("[{i}]: {email} is listed twice"));
            }
            seen.push(email);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_whole_cents() {
        let check = cents();
        assert!(check(&Value::Number(2000.0)).is_ok());
        assert!(check(&Value::Number(0.0)).is_ok());
        assert!(check(&Value::Number(20.5)).unwrap_err().contains("cents"));
        assert!(
            check(&Value::Number(-1.0))
                .unwrap_err()
                .contains("negative")
        );
        assert!(check(&Value::Number(1e17)).is_err());
    }

    #[test]
    fn recipients_are_email_addresses_listed_once() {
        let check = recipients();
        let list = |items: &[&str]| Value::List(items.iter().map(|s| Value::string(*s)).collect());
        assert!(check(&list(&["a@example.com", "b@example.com"])).is_ok());
        assert!(check(&list(&[])).unwrap_err().contains("at least one"));
        assert!(
            check(&list(&["a@example.com", "nope"]))
                .unwrap_err()
                .starts_with("[1]")
        );
        assert!(
            check(&list(&["a@example.com", "a@example.com"]))
                .unwrap_err()
                .contains("twice")
        );
    }
}
