//! `openai_project_rate_limit`: one model's rate limits in a project (the
//! project has one per model, `rl-<model>`); only the limits configured
//! are managed.

use super::super::route::Part::{Fixed, Param};
use super::super::{Field, Sent};
use super::{Destroy, Owner, Setting, Shape};
use crate::api::{Cursor, ListSpec};
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::Type;

/// `GET /organization/projects/{project_id}/rate_limits`.
const RATE_LIMITS: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// Why `openai-admin export` writes rate limits only when asked to.
const RATE_LIMITS_OFF: &str = "a project has one rate limit per model (about a hundred \
    on the real API), nearly all at the defaults OpenAI set, which no one chose to manage; \
    adopting them all would make every new model's default a resource to review";

/// An optional limit: managed when set, else read as the API has it.
fn limit(name: &'static str, description: &'static str) -> Field {
    Field::json(
        Attribute::optional(name, Type::Number, description)
            .also_computed()
            .validate_with(validators::integer_at_least(0)),
        name,
    )
    .sent(Sent::Always)
}

pub(super) fn setting() -> Setting {
    Setting {
        type_name: "openai_project_rate_limit",
        noun: "rate limit",
        description: "One model's rate limits in a project. Only the limits set here are \
            managed (and sent); the others are read as the project has them. A \
            `rate_limit_id` the project does not have is an error that lists the ones it \
            has. Limits are whole numbers of at least 0; some apply to some models only \
            (the API says which by answering them).",
        destroy_says: "puts back the limits the project had when Terraform took the rate \
            limit over (`restored_on_destroy`); the API has no delete.",
        owner: Owner::Project,
        route: &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("rate_limits"),
        ],
        shape: Shape::Listed {
            id_param: "rate_limit_id",
            list: RATE_LIMITS,
            data_source: ("openai_project_rate_limits", "rate_limits"),
        },
        fields: vec![
            Field::json(
                Attribute::computed("model", Type::String, "The model the limits apply to.")
                    .use_state_for_unknown(),
                "model",
            ),
            limit("max_requests_per_1_minute", "Maximum requests per minute."),
            limit("max_tokens_per_1_minute", "Maximum tokens per minute."),
            limit(
                "max_images_per_1_minute",
                "Maximum images per minute (image models only).",
            ),
            limit(
                "max_audio_megabytes_per_1_minute",
                "Maximum audio megabytes per minute (audio models only).",
            ),
            limit(
                "max_requests_per_1_day",
                "Maximum requests per day (some models only).",
            ),
            limit(
                "batch_1_day_max_input_tokens",
                "Maximum batch input tokens per day (some models only).",
            ),
        ],
        destroy: Destroy::Restore,
        data_source: "openai_project_rate_limit",
        official: Some("openai_project_rate_limit"),
        export_off: Some(RATE_LIMITS_OFF),
        fixture: "rate_limits",
    }
}
