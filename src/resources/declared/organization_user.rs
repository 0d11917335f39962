//! `openai_organization_user`: a member of the organization. People join
//! by accepting an invite, so the resource can only be imported; it
//! manages the member's role, and its destroy removes the person.

use std::sync::Arc;

use super::route::Part::Fixed;
use super::{Create, DataSources, Declaration, Field, NoHooks, Routes, Sent, Update};
use crate::api::{Cursor, ListSpec};
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::{Type, Value};

const DESCRIPTION: &str = "A member of the OpenAI organization, and their organization role. \
    A person joins by accepting an invite (`openai_invite`), so this resource is \
    **import-only**: a configuration alone cannot create a user, and a plan to create one \
    is refused with the `import` block to use. Import with `<user_id>`.\n\n\
    **Destroying this resource removes the person from the organization**, and with them \
    their group memberships, project memberships and role assignments; the plan shows it \
    as the destroy it is. To stop managing a member without removing them, use a `removed` \
    block with `lifecycle { destroy = false }` (or `terraform state rm`).\n\n\
    The `openai_organization_user` data source looks a member up by `user_id` or `email`.";

/// `GET /organization/users`: `after` is a user ID.
const USERS: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

fn computed(name: &'static str, ty: Type, description: &'static str) -> Field {
    Field::json(Attribute::computed(name, ty, description), name)
}

fn metadata(name: &'static str, description: &'static str) -> Field {
    Field::json(
        Attribute::optional(name, Type::String, description)
            .also_computed()
            .validate_with(validators::text(256)),
        name,
    )
    .sent(Sent::Always)
}

pub(super) fn declaration() -> Declaration {
    Declaration {
        type_name: "openai_organization_user",
        noun: "organization user",
        description: DESCRIPTION,
        fields: vec![
            Field::json(
                Attribute::computed("id", Type::String, "ID of the user (`user-...`).")
                    .use_state_for_unknown(),
                "id",
            ),
            Field::json(
                Attribute::computed(
                    "user_id",
                    Type::String,
                    "ID of the user, the same as `id` (the official provider's name).",
                )
                .use_state_for_unknown(),
                "id",
            ),
            Field::json(
                Attribute::optional(
                    "role",
                    Type::String,
                    "Organization role: `owner` or `reader`. Updated in place; left out, the \
                     member keeps the role they have.",
                )
                .also_computed()
                .validate_with(role()),
                "role",
            )
            .sent(Sent::Always),
            metadata(
                "developer_persona",
                "Developer persona metadata of the user.",
            ),
            metadata("technical_level", "Technical level metadata of the user."),
            computed("email", Type::String, "Email address of the user."),
            computed("name", Type::String, "Name of the user."),
            computed(
                "added_at",
                Type::Number,
                "When the user joined the organization (Unix seconds).",
            ),
            computed(
                "created",
                Type::Number,
                "When the user's account was created (Unix seconds).",
            ),
            computed(
                "is_default",
                Type::Bool,
                "Whether this is the organization's default user.",
            ),
            computed(
                "is_scale_tier_authorized_purchaser",
                Type::Bool,
                "Whether the user may purchase Scale Tier.",
            ),
            computed(
                "is_scim_managed",
                Type::Bool,
                "Whether the identity provider manages the user through SCIM.",
            ),
            computed(
                "is_service_account",
                Type::Bool,
                "Whether the user is a service account.",
            ),
            computed(
                "api_key_last_used_at",
                Type::Number,
                "When one of the user's API keys was last used (Unix seconds), if ever.",
            ),
        ],
        routes: Routes {
            collection: &[Fixed("organization"), Fixed("users")],
            id_param: "user_id",
            list: USERS,
            list_action: "list the organization's users",
            import_query: &[],
        },
        create: Create::ImportOnly {
            why: "A person joins the organization by accepting an invite (openai_invite); the \
                  API has no operation that adds a user.",
        },
        update: Update::Post,
        gone: "The openai_organization_users data source lists the organization's members.",
        hooks: Arc::new(NoHooks),
        data_sources: DataSources {
            one: Some(("openai_organization_user", Some("email"))),
            list: Some(("openai_organization_users", "users")),
        },
        official: Some("openai_organization_user"),
        // Not exported: see `admin::types::NOT_EXPORTED`.
        export: None,
    }
}

fn role() -> crate::schema::Validator {
    Arc::new(|value: &Value| match value.as_str() {
        Some("owner" | "reader") => Ok(()),
        other => Err(format!(
            "{:?} is not an organization role; use \"owner\" or \"reader\"",
            other.unwrap_or_default()
        )),
    })
}
