//! `openai_project_service_account`: a non-human member of a project,
//! created without an API key so that no secret is ever produced behind
//! the user's back.

use std::sync::Arc;

use serde_json::{Map, json};

use super::route::Part::{Fixed, Param};
use super::{Create, DataSources, Declaration, Field, Hooks, Recover, Routes, Sent, Update};
use crate::api::{ApiObject, Cursor, ListSpec};
use crate::diagnostics::Diagnostics;
use crate::resources::validators;
use crate::schema::Attribute;
use crate::value::Type;

const DESCRIPTION: &str = "A service account of a project: the identity that programs use. \
    It is created with `create_service_account_only = true`, so the API makes no API key and \
    gives it no role: no secret is ever produced or stored. Give it project roles with \
    `openai_user_role_assignment`, its `id` as `user_id` (a service account is a project \
    principal, like a user), e.g. `user_id = openai_project_service_account.ci.id` with \
    `project_id` and a project role. Renamed in place; moving it to another project replaces \
    it. Import with `<project_id>/<service_account_id>`.";

/// `GET /organization/projects/{project_id}/service_accounts`.
const SERVICE_ACCOUNTS: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

pub(super) fn declaration() -> Declaration {
    Declaration {
        type_name: "openai_project_service_account",
        noun: "service account",
        description: DESCRIPTION,
        fields: vec![
            Field::json(
                Attribute::computed(
                    "id",
                    Type::String,
                    "ID of the service account (`svc_acct_...`); use it as `user_id` of \
                     `openai_user_role_assignment` to give it a project role.",
                )
                .use_state_for_unknown(),
                "id",
            ),
            Field::json(
                Attribute::computed(
                    "service_account_id",
                    Type::String,
                    "ID of the service account, the same as `id` (the official provider's \
                     name).",
                )
                .use_state_for_unknown(),
                "id",
            ),
            Field::param(
                Attribute::required(
                    "project_id",
                    Type::String,
                    "Project of the service account (`proj_...`). Changing it replaces the \
                     service account.",
                )
                .requires_replace()
                .validate_with(validators::prefixed_identifier("proj_")),
            ),
            Field::json(
                Attribute::required(
                    "name",
                    Type::String,
                    "Name of the service account, 1 to 255 characters. Updated in place.",
                )
                .validate_with(validators::text(255)),
                "name",
            )
            .sent(Sent::Always),
            Field::json(
                Attribute::computed(
                    "role",
                    Type::String,
                    "The service account's project membership role as the API reports it: \
                     `none` when created here, `member` or `owner` otherwise.",
                ),
                "role",
            ),
            Field::json(
                Attribute::computed(
                    "created_at",
                    Type::Number,
                    "When the service account was created (Unix seconds).",
                )
                .use_state_for_unknown(),
                "created_at",
            ),
        ],
        routes: Routes {
            collection: &[
                Fixed("organization"),
                Fixed("projects"),
                Param("project_id"),
                Fixed("service_accounts"),
            ],
            id_param: "service_account_id",
            list: SERVICE_ACCOUNTS,
            list_action: "list the project's service accounts",
            import_query: &[],
        },
        create: Create::Post {
            fixed: || {
                let mut fixed = Map::new();
                fixed.insert("create_service_account_only".into(), json!(true));
                fixed
            },
            // Names need not be unique: an unclear create is looked for,
            // never posted again.
            recover: Recover::Named { attribute: "name" },
        },
        update: Update::Post,
        gone: "The openai_project_service_accounts data source lists a project's service \
               accounts.",
        hooks: Arc::new(ServiceAccountHooks),
        data_sources: DataSources {
            one: Some(("openai_project_service_account", None)),
            list: Some(("openai_project_service_accounts", "service_accounts")),
        },
        official: Some("openai_project_service_account"),
        export: Some(super::export::Exported {
            file: "projects.tf",
            name_from: "name",
            writes: &["project_id", "name"],
            skip: |_| None,
            fixture_collection: "service_accounts",
            retrieve: false,
            project_view: None,
        }),
    }
}

struct ServiceAccountHooks;

impl Hooks for ServiceAccountHooks {
    /// The key is never read into the state; if the API made one anyway,
    /// the user must know it exists.
    fn created(&self, account: &ApiObject) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if !account.field("api_key").is_null() {
            diags.warning(
                "The API created an API key for the service account",
                format!(
                    "Service account {} was created with create_service_account_only, yet the \
                     API answered with an API key. The key was not stored anywhere; revoke it \
                     (its ID is listed by the project's API keys) if it is not wanted.",
                    account.id()
                ),
            );
        }
        diags
    }
}
