//! Declared settings: what an organization or a project always has (its
//! data retention, model permissions, rate limits, ...) rather than
//! objects made and deleted. A [`Setting`] names the type, its owner (the
//! organization, or a project by `project_id`), its route, its fields with
//! the JSON each maps to (the declared types' [`Field`]), and what destroy
//! does ([`Destroy`]). From it come the resource ([`resource`]), its data
//! sources ([`data_source`]) and the official provider's `moved` mapping
//! (`moves.rs`). `openai-admin export` writes one resource with an import
//! block per setting the organization and its projects have, from the
//! same fields (`admin/export/settings.rs`); `snapshot` copies them to the
//! fake's fixture under [`Setting::fixture`].
//!
//! Create remembers the value found, then POSTs the configured one; update
//! POSTs; read GETs (a change made elsewhere is a diff, never an error);
//! destroy puts the remembered value back or deletes. The remembered value
//! is the computed attribute `restored_on_destroy`, not private state: the
//! user can see in the plan and the state what destroy will put back (the
//! API documents no default for several settings), and a `moved` block
//! carries it like any attribute.

mod body;
mod data_retention;
mod data_source;
mod hosted_tool_permissions;
mod model_permissions;
mod rate_limit;
mod resource;
mod spend_limit;

use std::sync::{Arc, OnceLock};

use super::route::Part;
use super::{Field, intern};
use crate::api::{ApiObject, ListSpec};
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::Type;

pub use data_source::{SettingOne, setting_list};
pub use resource::SettingResource;

/// The attribute holding what destroy puts back.
pub const RESTORED: &str = "restored_on_destroy";
/// The organization settings' fixed import ID (the official provider's).
pub const ORGANIZATION_ID: &str = "organization";
/// The organization settings' attribute holding it (the official
/// provider's), and their identity.
pub const SINGLETON_ID: &str = "singleton_id";

/// Whose setting it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The organization's: one, imported as `organization`.
    Organization,
    /// A project's, by `project_id`: imported by the project's ID.
    Project,
}

/// Where the setting lives on its route.
pub enum Shape {
    /// The route is the setting (`.../data_retention`).
    Singleton,
    /// One item of the owner's list at the route (a rate limit of
    /// `.../rate_limits`), written at `route/{id_param}`.
    Listed {
        id_param: &'static str,
        list: ListSpec,
        /// The list data source and its attribute
        /// (`openai_project_rate_limits`, `rate_limits`).
        data_source: (&'static str, &'static str),
    },
}

/// What destroying the resource does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destroy {
    /// POST back the value found when Terraform took the setting over (at
    /// create or import), kept in `restored_on_destroy`.
    Restore,
    /// DELETE the setting (the API has a delete: the owner falls back to
    /// the API's own default).
    Delete,
}

/// A settings type.
pub struct Setting {
    pub type_name: &'static str,
    /// e.g. "project data retention".
    pub noun: &'static str,
    /// The resource's description; the machinery adds what destroy does.
    pub description: &'static str,
    /// What destroy does, in the owner's terms, for the docs.
    pub destroy_says: &'static str,
    pub owner: Owner,
    pub route: &'static [Part],
    pub shape: Shape,
    /// The setting's own attributes (not the owner's IDs): JSON paths may
    /// be nested (`file_search.enabled`); `Sent::Always` ones are posted.
    pub fields: Vec<Field>,
    pub destroy: Destroy,
    /// The one-object data source (`openai_project_data_retention`).
    pub data_source: &'static str,
    /// The official provider's type a `moved` block takes over.
    pub official: Option<&'static str>,
    /// Why `openai-admin export` writes it only when the user names the
    /// type (`--with`); `None`: written by default.
    pub export_off: Option<&'static str>,
    /// Where the fake's fixture holds it: the name of its setting
    /// (`fixture.settings`) for a singleton, of its collection
    /// (`fixture.collections`) for a listed one.
    pub fixture: &'static str,
}

impl Setting {
    /// The parameters of the import ID, in order.
    pub fn import_parts(&self) -> Vec<&'static str> {
        let mut parts = super::route::params(self.route);
        if let Shape::Listed { id_param, .. } = self.shape {
            parts.push(id_param);
        }
        parts
    }

    /// `organization`, `<project_id>` or `<project_id>/<rate_limit_id>`.
    pub fn import_format(&self) -> String {
        match self.owner {
            Owner::Organization => ORGANIZATION_ID.to_owned(),
            Owner::Project => self
                .import_parts()
                .iter()
                .map(|p| format!("<{p}>"))
                .collect::<Vec<_>>()
                .join("/"),
        }
    }

    /// The import ID of `object`, one of this type's settings as the
    /// inventory reads it (marked with its owner's `project_id`):
    /// `organization`, `<project_id>` or `<project_id>/<rate_limit_id>`.
    pub fn import_id_of(&self, object: &ApiObject) -> String {
        let project = object.str("project_id").unwrap_or_default();
        match (self.owner, &self.shape) {
            (Owner::Organization, _) => ORGANIZATION_ID.to_owned(),
            (Owner::Project, Shape::Singleton) => project.to_owned(),
            (Owner::Project, Shape::Listed { .. }) => format!("{project}/{}", object.id()),
        }
    }

    /// The path a read GETs: the setting, or the owner's list of them
    /// (rate limits), in `project_id` for a project's.
    pub fn read_path(&self, project_id: Option<&str>) -> Result<String, String> {
        let mut known = crate::value::Value::Object(Default::default());
        if let Some(id) = project_id {
            known.set("project_id", crate::value::Value::string(id));
        }
        super::route::Located::from_value(self.route, &known)
            .and_then(|located| located.collection(&reqwest::Method::GET))
            .map_err(|diags| format!("{diags:?}"))
    }

    /// How the owner's list pages, for a listed setting.
    pub fn list_spec(&self) -> Option<ListSpec> {
        match self.shape {
            Shape::Listed { list, .. } => Some(list),
            Shape::Singleton => None,
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name() == name)
    }

    /// The attributes naming the setting: the owner's and item's IDs
    /// (required, replacing), then `id` (and the official `singleton_id`).
    fn key_attributes(&self) -> Vec<Attribute> {
        let mut attributes = Vec::new();
        if self.owner == Owner::Project {
            attributes.push(
                Attribute::required(
                    "project_id",
                    Type::String,
                    "ID of the project (`proj_...`). Changing it replaces the resource.",
                )
                .requires_replace()
                .validate_with(validators::prefixed_identifier("proj_")),
            );
        }
        let id = match (&self.shape, self.owner) {
            (Shape::Listed { id_param, .. }, _) => {
                attributes.push(
                    Attribute::required(
                        id_param,
                        Type::String,
                        "ID of the project's rate limit (`rl-<model>`, e.g. `rl-gpt-4o`; the \
                         `openai_project_rate_limits` data source lists them). Changing it \
                         replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                );
                "ID of the rate limit, the same as `rate_limit_id`."
            }
            (Shape::Singleton, Owner::Project) => "ID of the project, the same as `project_id`.",
            (Shape::Singleton, Owner::Organization) => "Always `organization`.",
        };
        attributes.push(Attribute::computed("id", Type::String, id).use_state_for_unknown());
        if self.owner == Owner::Organization {
            attributes.push(
                Attribute::computed(
                    SINGLETON_ID,
                    Type::String,
                    "Always `organization` (the official provider's attribute).",
                )
                .use_state_for_unknown(),
            );
        }
        attributes
    }

    /// The resource schema: the keys, the fields, and for a restoring
    /// setting the value destroy puts back.
    pub fn resource_schema(&self) -> Schema {
        let mut attributes = self.key_attributes();
        attributes.extend(self.fields.iter().map(|f| f.attribute.clone()));
        if self.destroy == Destroy::Restore {
            attributes.push(
                Attribute::computed(
                    RESTORED,
                    Type::String,
                    "What destroying this resource puts back: the setting as Terraform found \
                     it when it took it over (at create or import, or at the first refresh \
                     after a `moved` block), as the JSON body destroy posts. Never changed by \
                     updates.",
                )
                .use_state_for_unknown(),
            );
        }
        let description = intern(format!(
            "{}\n\n**Destroy:** {} Import with `{}`.",
            self.description,
            self.destroy_says,
            self.import_format()
        ));
        Schema::new(description, attributes).with_block(crate::provider::timeouts::block())
    }
}

/// Every settings type, built once: one line per type.
pub fn settings() -> &'static [Arc<Setting>] {
    static ALL: OnceLock<Vec<Arc<Setting>>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            Arc::new(data_retention::organization()),
            Arc::new(data_retention::project()),
            Arc::new(model_permissions::setting()),
            Arc::new(hosted_tool_permissions::setting()),
            Arc::new(spend_limit::organization()),
            Arc::new(spend_limit::project()),
            Arc::new(rate_limit::setting()),
        ]
    })
}

/// The settings type `type_name`, if it is one.
pub fn setting(type_name: &str) -> Option<&'static Arc<Setting>> {
    settings().iter().find(|s| s.type_name == type_name)
}

pub fn resources() -> Vec<Arc<dyn crate::resources::Resource>> {
    settings()
        .iter()
        .map(|s| Arc::new(SettingResource::new(s.clone())) as Arc<dyn crate::resources::Resource>)
        .collect()
}

pub fn data_sources() -> Vec<Arc<dyn crate::data_sources::DataSource>> {
    let mut all: Vec<Arc<dyn crate::data_sources::DataSource>> = Vec::new();
    for s in settings() {
        all.push(Arc::new(SettingOne::new(s.clone())));
        if let Shape::Listed { .. } = s.shape {
            all.push(Arc::new(setting_list(s)));
        }
    }
    all
}

/// The type of `setting`'s resource states (for `moved` blocks).
pub fn resource_value_type(setting: &Setting) -> Type {
    setting.resource_schema().value_type()
}
