//! Declared resource types: a simple API object type written once, as a
//! [`Declaration`], instead of a hand-written resource, data sources, move
//! and export code (as terraform-plugin-framework's schema-first resources,
//! and the official provider's generated ones, declare them).
//!
//! A declaration names the type, its attributes with the JSON field each
//! maps to, its routes, its import ID, how it is created (or that it can
//! only be imported) and updated (or replaced), and the hooks a type needs
//! beyond that (an accepted invite). From it come:
//! - the resource ([`resource::DeclaredResource`]): creates through
//!   `unclear_create`, reads through the run's list cache (`lists.rs`) then
//!   one retrieve, import by the declared ID, states built against the
//!   schema (checked by `conform.rs` in the provider);
//! - the data sources, one object by ID and the list ([`data_source`]);
//! - the `moved` mapping from the official provider's type (`moves.rs`);
//! - for a type that opts in with [`export::Exported`], the export's and
//!   the snapshot's handling (`openai-admin export`, `snapshot`).

mod certificate;
mod certificate_activation;
mod data_source;
pub mod export;
mod invite;
mod organization_user;
mod project_service_account;
mod resource;
mod route;
pub mod settings;
mod spend_alert;
mod state;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;

use crate::api::{AdminClient, ApiError, ApiObject, ListSpec};
use crate::diagnostics::Diagnostics;
use crate::schema::Attribute;
use crate::value::Value;

pub use data_source::{DeclaredList, DeclaredOne};
pub use resource::DeclaredResource;
pub use route::Part;

/// Where an attribute's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The API object's JSON field of that name.
    Json(&'static str),
    /// A parameter of the object's route (`project_id`): from the
    /// configuration, the import ID or the state, never from the answer.
    Param,
    /// Kept by the type's [`Hooks`] (where a certificate is active): never
    /// in the object's JSON, never sent in its body, not in its data
    /// sources.
    Managed,
}

/// When the create or update body carries an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sent {
    #[default]
    Never,
    OnCreate,
    /// In the create body and in every update body.
    Always,
}

/// One attribute of the type.
#[derive(Clone)]
pub struct Field {
    pub attribute: Attribute,
    pub source: Source,
    pub sent: Sent,
    /// The JSON sent when the attribute is null (e.g. `projects: []`, so
    /// that an invite without projects grants none); `None`: left out.
    pub null_sends: Option<fn() -> serde_json::Value>,
    /// The body field it is sent as, where that is not the field it is
    /// read from (a retention's `type` is sent as `retention_type`, a
    /// certificate as `certificate`, read back as
    /// `certificate_details.content`); `None`: the same.
    pub sent_as: Option<&'static str>,
}

impl Field {
    /// `attribute` read from the JSON field `json`.
    pub fn json(attribute: Attribute, json: &'static str) -> Field {
        Field {
            attribute,
            source: Source::Json(json),
            sent: Sent::Never,
            null_sends: None,
            sent_as: None,
        }
    }

    /// A route parameter kept as given.
    pub fn param(attribute: Attribute) -> Field {
        Field {
            source: Source::Param,
            ..Field::json(attribute, "")
        }
    }

    /// An attribute the type's hooks read and apply.
    pub fn managed(attribute: Attribute) -> Field {
        Field {
            source: Source::Managed,
            ..Field::json(attribute, "")
        }
    }

    pub fn sent(mut self, sent: Sent) -> Field {
        self.sent = sent;
        self
    }

    /// Sent as the body field `json` (see [`Field::sent_as`]).
    pub fn sent_as(mut self, json: &'static str) -> Field {
        self.sent_as = Some(json);
        self
    }

    pub fn null_sends(mut self, json: fn() -> serde_json::Value) -> Field {
        self.null_sends = Some(json);
        self
    }

    pub fn name(&self) -> &'static str {
        self.attribute.name
    }

    /// The dotted JSON path it is read from; `None`: not in the JSON.
    pub fn read_path(&self) -> Option<&'static str> {
        match self.source {
            Source::Json(path) => Some(path),
            Source::Param | Source::Managed => None,
        }
    }

    /// The dotted path it is sent at in a body: [`Field::sent_as`], else
    /// where it is read from.
    pub fn body_path(&self) -> Option<&'static str> {
        self.read_path().map(|read| self.sent_as.unwrap_or(read))
    }
}

/// Where the objects live: `collection` (e.g. `organization`, `projects`,
/// `{project_id}`, `service_accounts`) lists and creates them, and
/// `collection/{id_param}` is one of them.
pub struct Routes {
    pub collection: &'static [Part],
    /// The item's path parameter, also the attribute holding the object's
    /// ID (`invite_id`); `id` holds the same value.
    pub id_param: &'static str,
    pub list: ListSpec,
    /// Completes "Failed to ...", e.g. "list the organization's invites".
    pub list_action: &'static str,
    /// The query of the retrieve an import makes (`include[]=content`, so
    /// that an imported certificate has its PEM).
    pub import_query: &'static [(&'static str, &'static str)],
}

/// How an unclear create (5xx, timeout) is recovered.
pub enum Recover {
    /// The API refuses a second object with the same value of this
    /// attribute (an invite's email), so the create may be posted again.
    Keyed {
        attribute: &'static str,
        /// Whether a listed object could be the one just made (a pending
        /// invite, not an accepted one).
        is_live: fn(&ApiObject) -> bool,
    },
    /// Names need not be unique: looked for, never posted again.
    Named { attribute: &'static str },
}

pub enum Create {
    /// POST the `Sent` attributes (and `fixed`) to the collection.
    Post {
        /// Fields every create sends (`create_service_account_only`).
        fixed: fn() -> serde_json::Map<String, serde_json::Value>,
        recover: Recover,
    },
    /// The objects come from elsewhere (a member joins by accepting an
    /// invite): a plan to create one is refused, saying how to import.
    ImportOnly { why: &'static str },
}

pub enum Update {
    /// Every change replaces the object: user attributes are declared
    /// `requires_replace` by the declaration.
    Replace,
    /// POST the `Sent::Always` attributes that are set to the item.
    Post,
}

/// The data sources derived from the type (names as the official
/// provider's, where it has them).
pub struct DataSources {
    /// One object by its ID (`id_param`), e.g. `openai_invite`; with
    /// `by`: or by that attribute (an email).
    pub one: Option<(&'static str, Option<&'static str>)>,
    /// Every object, e.g. `openai_invites` with its `invites` attribute.
    pub list: Option<(&'static str, &'static str)>,
}

/// The behaviour a type needs beyond the declared CRUD. Every method has a
/// default that does nothing.
#[async_trait]
pub trait Hooks: Send + Sync {
    /// A refresh found `object`: keep it (with warnings) or treat it as
    /// gone (with the warning that says why, e.g. an expired invite).
    async fn found(&self, _client: &AdminClient, _object: &ApiObject) -> Found {
        Found::Keep(Diagnostics::new())
    }

    /// A refresh found the object gone: `Some` keeps `state` as returned,
    /// with its warning (an invite the person accepted).
    async fn gone(
        &self,
        _client: &AdminClient,
        _state: &Value,
    ) -> Result<Option<(Value, Diagnostics)>, Diagnostics> {
        Ok(None)
    }

    /// A create answered `object`: warnings worth showing (a secret the
    /// API sent although none was asked for).
    fn created(&self, _object: &ApiObject) -> Diagnostics {
        Diagnostics::new()
    }

    /// The API refused a create (`error`, not unclear): a better
    /// diagnostic when the hook can name the object in the way.
    async fn create_refused(
        &self,
        _client: &AdminClient,
        _planned: &Value,
        _error: &ApiError,
    ) -> Option<Diagnostics> {
        None
    }

    /// Why destroying `state` sends no request (an accepted invite is
    /// history: deleting it would not remove the person), or `None`.
    fn delete_skipped(&self, _state: &Value) -> Option<String> {
        None
    }

    /// Checks of the configuration beyond each attribute's validators,
    /// warnings included (a certificate that expires soon).
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Refusals of a planned change (`prior` null: a create).
    fn plan_checks(&self, _prior: &Value, _planned: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// After a create (`prior` null) or an update: applies the
    /// [`Source::Managed`] attributes of `planned` and returns the state
    /// with them as they now are.
    async fn apply_managed(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        Ok(state)
    }

    /// After a refresh or an import found the object: the
    /// [`Source::Managed`] attributes as the API has them now.
    async fn read_managed(
        &self,
        _client: &AdminClient,
        _object: &ApiObject,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        Ok(state)
    }

    /// Before the delete: undoes what [`Hooks::apply_managed`] did, so that
    /// the API accepts the delete.
    async fn before_delete(
        &self,
        _client: &AdminClient,
        _state: &Value,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }
}

/// What a refresh makes of an object it found.
pub enum Found {
    Keep(Diagnostics),
    Gone(Diagnostics),
}

/// The hooks of a type that needs none.
pub struct NoHooks;

impl Hooks for NoHooks {}

/// A simple API object type.
pub struct Declaration {
    pub type_name: &'static str,
    /// e.g. "invite", "service account".
    pub noun: &'static str,
    pub description: &'static str,
    pub fields: Vec<Field>,
    pub routes: Routes,
    pub create: Create,
    pub update: Update,
    /// Says where to find the objects when one is not found, e.g. "The
    /// openai_invites data source lists the invites."
    pub gone: &'static str,
    pub hooks: Arc<dyn Hooks>,
    pub data_sources: DataSources,
    /// The official provider's type that a `moved` block takes over.
    pub official: Option<&'static str>,
    /// The export lists the type's objects and writes them; `None`: never
    /// exported (see `admin::types` for why, where it says).
    pub export: Option<export::Exported>,
}

impl Declaration {
    /// The route parameters before the ID (`project_id`), in order.
    pub fn params(&self) -> Vec<&'static str> {
        route::params(self.routes.collection)
    }

    /// The import ID's parts: the parameters, then the ID.
    pub fn import_parts(&self) -> Vec<&'static str> {
        let mut parts = self.params();
        parts.push(self.routes.id_param);
        parts
    }

    /// `<project_id>/<service_account_id>`.
    pub fn import_format(&self) -> String {
        self.import_parts()
            .iter()
            .map(|p| format!("<{p}>"))
            .collect::<Vec<_>>()
            .join("/")
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name() == name)
    }

    /// The path of the object `id` below `values` (one per parameter),
    /// encoded; the error says why it cannot be built.
    pub fn item_path(
        &self,
        values: Vec<(&'static str, String)>,
        id: &str,
    ) -> Result<String, String> {
        let located = route::Located {
            parts: self.routes.collection,
            values,
        };
        located
            .item(&reqwest::Method::GET, self.routes.id_param, id)
            .map_err(|diags| {
                let texts: Vec<String> = diags
                    .0
                    .iter()
                    .map(|d| format!("{}: {}", d.summary, d.detail))
                    .collect();
                texts.join("; ")
            })
    }

    /// The path of the collection below `values` (one per parameter, e.g.
    /// `project_id`), encoded; the error says why it cannot be built.
    pub fn list_path(&self, values: Vec<(&'static str, String)>) -> Result<String, String> {
        collection_path(self.routes.collection, values)
    }
}

/// The path of the collection `parts` below `values`, encoded; the error
/// says why it cannot be built.
pub fn collection_path(
    parts: &'static [Part],
    values: Vec<(&'static str, String)>,
) -> Result<String, String> {
    let located = route::Located { parts, values };
    located.collection(&reqwest::Method::GET).map_err(|diags| {
        let texts: Vec<String> = diags
            .0
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail))
            .collect();
        texts.join("; ")
    })
}

/// `text` as a `&'static str` (schemas hold static descriptions), kept
/// once however often the data sources are built.
pub(crate) fn intern(text: String) -> &'static str {
    static TEXTS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut texts = TEXTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(known) = texts.get(text.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    texts.insert(leaked);
    leaked
}

/// The type of `decl`'s resource states (its attributes and blocks).
pub(crate) fn resource_value_type(decl: &Declaration) -> crate::value::Type {
    state::resource_schema(decl).value_type()
}

/// Every declared type, built once.
pub fn declarations() -> &'static [Arc<Declaration>] {
    static ALL: OnceLock<Vec<Arc<Declaration>>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            Arc::new(invite::declaration()),
            Arc::new(organization_user::declaration()),
            Arc::new(project_service_account::declaration()),
            Arc::new(spend_alert::organization()),
            Arc::new(spend_alert::project()),
            Arc::new(certificate::declaration()),
        ]
    })
}

/// Collections that only have data sources (a project's view of the
/// organization's certificates), no resource of their own.
fn data_only() -> &'static [Arc<Declaration>] {
    static ALL: OnceLock<Vec<Arc<Declaration>>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            Arc::new(certificate::organization_certificates()),
            Arc::new(certificate::project_certificates()),
        ]
    })
}

/// The declarations the export writes, in the order of [`declarations`].
pub fn exported() -> impl Iterator<Item = &'static Arc<Declaration>> {
    declarations().iter().filter(|d| d.export.is_some())
}

/// The declaration of `type_name`, if it is declared.
pub fn declaration(type_name: &str) -> Option<&'static Arc<Declaration>> {
    declarations().iter().find(|d| d.type_name == type_name)
}

pub fn resources() -> Vec<Arc<dyn crate::resources::Resource>> {
    declarations()
        .iter()
        .map(|d| Arc::new(DeclaredResource::new(d.clone())) as Arc<dyn crate::resources::Resource>)
        .chain(settings::resources())
        .collect()
}

pub fn data_sources() -> Vec<Arc<dyn crate::data_sources::DataSource>> {
    let mut all: Vec<Arc<dyn crate::data_sources::DataSource>> = Vec::new();
    for d in declarations().iter().chain(data_only()) {
        if d.data_sources.one.is_some() {
            all.push(Arc::new(DeclaredOne::new(d.clone())));
        }
        if d.data_sources.list.is_some() {
            all.push(Arc::new(DeclaredList::new(d.clone())));
        }
    }
    all.extend(settings::data_sources());
    all
}
