//! `openai_organization_data_retention` and `openai_project_data_retention`:
//! how long OpenAI keeps the organization's (a project's) API data.

use super::super::route::Part::{Fixed, Param};
use super::super::{Field, Sent};
use super::{Destroy, Owner, Setting, Shape};
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::Type;

const ORGANIZATION_TYPES: &[&str] = &[
    "zero_data_retention",
    "modified_abuse_monitoring",
    "enhanced_zero_data_retention",
    "enhanced_modified_abuse_monitoring",
];

const PROJECT_TYPES: &[&str] = &[
    "organization_default",
    "none",
    "zero_data_retention",
    "modified_abuse_monitoring",
    "enhanced_zero_data_retention",
    "enhanced_modified_abuse_monitoring",
];

/// `type`, read as `type` and sent as `retention_type`, and `object`.
fn fields(allowed: &'static [&'static str], description: &'static str) -> Vec<Field> {
    vec![
        Field::json(
            Attribute::required("type", Type::String, description)
                .validate_with(validators::one_of(allowed)),
            "type",
        )
        .sent(Sent::Always)
        .sent_as("retention_type"),
        Field::json(
            Attribute::computed("object", Type::String, "The API's object type."),
            "object",
        ),
    ]
}

pub(super) fn organization() -> Setting {
    Setting {
        type_name: "openai_organization_data_retention",
        noun: "organization data retention",
        description: "The organization's data retention control: how OpenAI keeps the \
            organization's API data. Changing `type` updates it in place.",
        destroy_says: "puts back the type the organization had when Terraform took the setting \
            over (`restored_on_destroy`); the API documents no default.",
        owner: Owner::Organization,
        route: &[Fixed("organization"), Fixed("data_retention")],
        shape: Shape::Singleton,
        fields: fields(
            ORGANIZATION_TYPES,
            "Retention type: `zero_data_retention`, `modified_abuse_monitoring`, \
             `enhanced_zero_data_retention` or `enhanced_modified_abuse_monitoring`.",
        ),
        destroy: Destroy::Restore,
        data_source: "openai_organization_data_retention",
        official: Some("openai_organization_data_retention"),
        export_off: None,
        fixture: "organization_data_retention",
    }
}

pub(super) fn project() -> Setting {
    Setting {
        type_name: "openai_project_data_retention",
        noun: "project data retention",
        description: "A project's data retention control. `organization_default` follows the \
            organization's setting. Changing `type` updates it in place.",
        destroy_says: "puts back the type the project had when Terraform took the setting over \
            (`restored_on_destroy`); the API documents no default.",
        owner: Owner::Project,
        route: &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("data_retention"),
        ],
        shape: Shape::Singleton,
        fields: fields(
            PROJECT_TYPES,
            "Retention type: `organization_default`, `none`, `zero_data_retention`, \
             `modified_abuse_monitoring`, `enhanced_zero_data_retention` or \
             `enhanced_modified_abuse_monitoring`.",
        ),
        destroy: Destroy::Restore,
        data_source: "openai_project_data_retention",
        official: Some("openai_project_data_retention"),
        export_off: None,
        fixture: "project_data_retention",
    }
}
