//! `openai_project_model_permissions`: the models a project may (allow
//! list) or may not (deny list) call.

use super::super::route::Part::{Fixed, Param};
use super::super::{Field, Sent};
use super::{Destroy, Owner, Setting, Shape};
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::Type;

pub(super) fn setting() -> Setting {
    Setting {
        type_name: "openai_project_model_permissions",
        noun: "project model permissions",
        description: "Which models a project may call: with `mode = \"allow_list\"` only the \
            models in `model_ids`, with `deny_list` every model but those. Updated in place.",
        destroy_says: "deletes the project's model permissions (the API's DELETE), so the \
            project is no longer restricted by a list.",
        owner: Owner::Project,
        route: &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("model_permissions"),
        ],
        shape: Shape::Singleton,
        fields: vec![
            Field::json(
                Attribute::required(
                    "mode",
                    Type::String,
                    "`allow_list` (only `model_ids` may be called) or `deny_list` (every \
                     model but `model_ids`).",
                )
                .validate_with(validators::one_of(&["allow_list", "deny_list"])),
                "mode",
            )
            .sent(Sent::Always),
            Field::json(
                Attribute::required(
                    "model_ids",
                    Type::list_of(Type::String),
                    "The model IDs of the list (e.g. `gpt-4.1`), each once.",
                )
                .validate_with(validators::distinct_names()),
                "model_ids",
            )
            .sent(Sent::Always),
            Field::json(
                Attribute::computed("object", Type::String, "The API's object type."),
                "object",
            ),
        ],
        destroy: Destroy::Delete,
        data_source: "openai_project_model_permissions",
        official: Some("openai_project_model_permissions"),
        export_off: None,
        fixture: "model_permissions",
    }
}
