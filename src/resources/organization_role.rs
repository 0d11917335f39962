//! `openai_organization_role`: a custom role of the whole organization.
//! The shared role logic is in [`super::role`].

use super::import_id;
use super::role::{CustomRole, RoleKind, RoleScope, attributes};
use crate::diagnostics::Diagnostics;
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub const TYPE_NAME: &str = "openai_organization_role";
const IMPORT_FORMATS: &[&[&str]] = &[&["role_id"]];

/// Roles of the organization (`/organization/roles`).
pub struct Organization;

pub type OrganizationRole = CustomRole<Organization>;

impl RoleKind for Organization {
    const TYPE_NAME: &'static str = TYPE_NAME;
    const IMPORT_FORMATS: &'static [&'static [&'static str]] = IMPORT_FORMATS;

    fn schema() -> Schema {
        let mut attributes = attributes(
            "Name of the role, unique within the organization. Updated in place. Set \
             exactly one of `name` and `role_name` (the official provider's spelling); the \
             state holds the name under both.",
            "What the role applies to; `api.organization` for organization roles.",
        );
        // The official `openai_role` (which moves here) reads its ID as
        // `role_id` and its name as `role_name`; every state holds both
        // under both names.
        attributes.push(
            Attribute::computed(
                "role_id",
                Type::String,
                "The role's ID, the same as `id`, under the official provider's name.",
            )
            .use_state_for_unknown(),
        );
        Schema::new(
            "A custom role of the OpenAI organization: a named set of permissions that \
             can be assigned to groups with `openai_group_role_assignment` (without \
             `project_id`). Import with `<role_id>`.",
            attributes,
        )
        .with_block(timeouts::block())
        .with_official_spelling("id", "role_id", false)
        .with_official_spelling("name", "role_name", true)
    }

    fn scope(_value: &Value) -> Result<RoleScope, Diagnostics> {
        Ok(RoleScope::Organization)
    }

    fn parse_import(id: &str) -> Result<(RoleScope, String), Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, IMPORT_FORMATS)?;
        Ok((RoleScope::Organization, parts[0].to_owned()))
    }
}
