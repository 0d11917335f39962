//! `openai_project_role`: a custom role scoped to one project. The shared
//! role logic is in [`super::role`].

use super::role::{CustomRole, RoleKind, RoleScope, attributes};
use super::{import_id, required_str, validators};
use crate::diagnostics::Diagnostics;
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub const TYPE_NAME: &str = "openai_project_role";
const IMPORT_FORMATS: &[&[&str]] = &[&["project_id", "role_id"]];

/// Roles in a project (`/projects/{project_id}/roles`).
pub struct Project;

pub type ProjectRole = CustomRole<Project>;

impl RoleKind for Project {
    const TYPE_NAME: &'static str = TYPE_NAME;
    const IMPORT_FORMATS: &'static [&'static [&'static str]] = IMPORT_FORMATS;

    fn schema() -> Schema {
        let mut attributes = attributes(
            "Name of the role, unique within the project. Updated in place. Set exactly \
             one of `name` and `role_name` (the official provider's spelling); the state \
             holds the name under both.",
            "What the role applies to; `api.project` for project roles.",
        );
        attributes.push(
            Attribute::computed(
                "role_id",
                Type::String,
                "The role's ID, the same as `id`, under the official provider's name.",
            )
            .use_state_for_unknown(),
        );
        attributes.insert(
            1,
            Attribute::required(
                "project_id",
                Type::String,
                "ID of the project the role belongs to (`proj_...`). Changing it \
                 destroys the role and creates a new one in the other project.",
            )
            .requires_replace()
            .validate_with(validators::prefixed_identifier("proj_")),
        );
        Schema::new(
            "A custom role in one OpenAI project: a named set of permissions that can \
             be assigned to groups with `openai_group_role_assignment`. Import with \
             `<project_id>/<role_id>`.",
            attributes,
        )
        .with_block(timeouts::block())
        .with_official_spelling("name", "role_name", true)
    }

    fn scope(value: &Value) -> Result<RoleScope, Diagnostics> {
        Ok(RoleScope::Project(
            required_str(value, "project_id")?.to_owned(),
        ))
    }

    fn parse_import(id: &str) -> Result<(RoleScope, String), Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, IMPORT_FORMATS)?;
        Ok((RoleScope::Project(parts[0].to_owned()), parts[1].to_owned()))
    }
}
