//! `openai_project_hosted_tool_permissions`: which hosted tools (file
//! search, web search, ...) a project may use.

use super::super::route::Part::{Fixed, Param};
use super::super::{Field, Sent};
use super::{Destroy, Owner, Setting, Shape};
use crate::schema::Attribute;
use crate::value::Type;

/// `<tool>_enabled`, read from and sent as `<tool>.enabled`.
fn tool(attribute: &'static str, json: &'static str, description: &'static str) -> Field {
    Field::json(
        Attribute::required(attribute, Type::Bool, description),
        json,
    )
    .sent(Sent::Always)
}

pub(super) fn setting() -> Setting {
    Setting {
        type_name: "openai_project_hosted_tool_permissions",
        noun: "project hosted tool permissions",
        description: "Which hosted tools a project may use. Every tool is set (`true` or \
            `false`); changes are made in place.",
        destroy_says: "puts back the permissions the project had when Terraform took the \
            setting over (`restored_on_destroy`); the API has no delete.",
        owner: Owner::Project,
        route: &[
            Fixed("organization"),
            Fixed("projects"),
            Param("project_id"),
            Fixed("hosted_tool_permissions"),
        ],
        shape: Shape::Singleton,
        fields: vec![
            tool(
                "file_search_enabled",
                "file_search.enabled",
                "Whether the project may use file search.",
            ),
            tool(
                "web_search_enabled",
                "web_search.enabled",
                "Whether the project may use web search.",
            ),
            tool(
                "image_generation_enabled",
                "image_generation.enabled",
                "Whether the project may use image generation.",
            ),
            tool(
                "mcp_enabled",
                "mcp.enabled",
                "Whether the project may use remote MCP servers.",
            ),
            tool(
                "code_interpreter_enabled",
                "code_interpreter.enabled",
                "Whether the project may use the code interpreter.",
            ),
        ],
        destroy: Destroy::Restore,
        data_source: "openai_project_hosted_tool_permissions",
        official: Some("openai_project_hosted_tool_permissions"),
        export_off: None,
        fixture: "hosted_tool_permissions",
    }
}
