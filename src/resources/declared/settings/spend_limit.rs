//! `openai_organization_spend_limit` and `openai_project_spend_limit`: the
//! hard monthly spend limit, in cents as the API has it.

use super::super::route::Part::{Fixed, Param};
use super::super::{Field, Sent};
use super::{Destroy, Owner, Setting, Shape};
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::Type;

fn fields() -> Vec<Field> {
    vec![
        Field::json(
            Attribute::required(
                "threshold_amount",
                Type::Number,
                "The hard spend limit **in cents** (US cents: `10000` is $100.00), a whole \
                 number of at least 1.",
            )
            .validate_with(validators::integer_at_least(1)),
            "threshold_amount",
        )
        .sent(Sent::Always),
        Field::json(
            Attribute::required(
                "currency",
                Type::String,
                "Currency of the amount; only `USD` is supported.",
            )
            .validate_with(validators::one_of(&["USD"])),
            "currency",
        )
        .sent(Sent::Always),
        Field::json(
            Attribute::required(
                "interval",
                Type::String,
                "Interval spend is measured over; only `month` is supported.",
            )
            .validate_with(validators::one_of(&["month"])),
            "interval",
        )
        .sent(Sent::Always),
        Field::json(
            Attribute::computed(
                "enforcement_status",
                Type::String,
                "Whether the limit is being enforced now: `inactive` or `enforcing`.",
            ),
            "enforcement.status",
        ),
        Field::json(
            Attribute::computed("object", Type::String, "The API's object type."),
            "object",
        ),
    ]
}

pub(super) fn organization() -> Setting {
    Setting {
        type_name: "openai_organization_spend_limit",
        noun: "organization spend limit",
        description: "The organization's hard spend limit per month, in cents. Changes are \
            made in place.",
        destroy_says: "deletes the organization's hard spend limit (the API's DELETE).",
        owner: Owner::Organization,
        route: &[Fixed("organization"), Fixed("spend_limit")],
        shape: Shape::Singleton,
        fields: fields(),
        destroy: Destroy::Delete,
        data_source: "openai_organization_spend_limit",
        official: Some("openai_organization_spend_limit"),
        export_off: None,
        fixture: "organization_spend_limit",
    }
}

pub(super) fn project() -> Setting {
    Setting {
        type_name: "openai_project_spend_limit",
        noun: "project spend limit",
        description: "A project's hard spend limit per month, in cents. Changes are made in \
            place.",
        destroy_says: "deletes the project's hard spend limit (the API's DELETE).",
        owner: Owner::Project,
        route: &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("spend_limit"),
        ],
        shape: Shape::Singleton,
        fields: fields(),
        destroy: Destroy::Delete,
        data_source: "openai_project_spend_limit",
        official: Some("openai_project_spend_limit"),
        export_off: None,
        fixture: "project_spend_limit",
    }
}
