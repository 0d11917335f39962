//! Object types the fake serves by declaration: a [`Declaration`] says
//! where a type lives (its path, its parent in the path), how its ids look,
//! how its list pages, and how a create (and optionally an update) builds
//! the object from the request body. The generic [`Collections`] store keeps
//! the objects as JSON in creation order, and the generic routes
//! (`routes/collections.rs`) serve list, retrieve, create, update and delete
//! behind the usual `/v1` middleware. The state dump and the fixture's
//! `collections` field come from the same declarations.
//!
//! A new simple type costs one file here (its declaration, its create
//! function, its tests) and one line in [`DECLARATIONS`].
//!
//! Cross-domain rules (an invite to a member is refused, deleting a service
//! account drops its role assignments and keys) are the declarations'
//! `create` / `on_delete` hooks: they get the whole [`Store`].

pub mod admin_api_keys;
pub mod certificates;
pub mod invites;
pub mod issued_keys;
mod ops;
pub mod project_api_keys;
pub mod rate_limits;
pub mod service_accounts;
pub mod settings;
pub mod spend_alerts;
mod validate;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{Map, Value, json};

use super::errors::ApiError;
use super::pagination::ListSpec;
use super::store::Store;

pub use issued_keys::IssuedKey;
pub use validate::Body;

/// Every declared type, in routing order: one line per type.
pub const DECLARATIONS: &[&Declaration] = &[
    &invites::INVITES,
    &service_accounts::SERVICE_ACCOUNTS,
    &project_api_keys::PROJECT_API_KEYS,
    &admin_api_keys::ADMIN_API_KEYS,
    &rate_limits::RATE_LIMITS,
    &spend_alerts::ORGANIZATION_SPEND_ALERTS,
    &spend_alerts::PROJECT_SPEND_ALERTS,
    &certificates::CERTIFICATES,
];

/// The declaration named `name` (the state dump and fixture key).
pub fn declaration(name: &str) -> Option<&'static Declaration> {
    DECLARATIONS.iter().copied().find(|d| d.name == name)
}

/// What the path above an object's collection names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parent {
    /// The organization: `/organization/invites`.
    Organization,
    /// A project (`{project_id}` in the path): unknown ones answer 404,
    /// archived ones refuse writes.
    Project,
}

impl Parent {
    /// The path parameter naming the parent, also the fixture field that does.
    pub fn param(self) -> Option<&'static str> {
        match self {
            Parent::Organization => None,
            Parent::Project => Some("project_id"),
        }
    }
}

/// What a create hook gets: the parent from the path, the validated-as-JSON
/// body, a fresh id of the declared shape and the time.
pub struct NewObject<'a> {
    pub parent: Option<&'a str>,
    pub id: String,
    pub body: &'a Value,
    pub now: i64,
}

/// What a create hook builds: the object to keep (and serve from then on),
/// and the answer to the create, which may hold what is shown only once
/// (a key's value).
pub struct Created {
    pub stored: Value,
    pub response: Value,
}

impl Created {
    /// The answer is the object kept.
    pub fn same(object: Value) -> Self {
        Created {
            stored: object.clone(),
            response: object,
        }
    }
}

pub type CreateFn = fn(&mut Store, NewObject) -> Result<Created, ApiError>;
/// Gets the kept object and the body; returns the object to keep and serve.
pub type UpdateFn = fn(&mut Store, &Entry, &Value) -> Result<Value, ApiError>;
/// Runs before the object is removed: an error refuses the delete.
pub type DeleteCheck = fn(&Store, &Entry) -> Result<(), ApiError>;
/// Runs after the object is removed from its collection (cascades).
pub type DeleteHook = fn(&mut Store, &Entry);
/// Whether a kept object belongs in a list, by the request's query.
pub type ListFilter = fn(&super::query::QueryPairs, &Value) -> Result<bool, ApiError>;
/// The objects a parent has from the start (a project's rate limits), by
/// the parent's id.
pub type SeedFn = fn(&str) -> Vec<Value>;
/// What the API shows of a kept object, where that is not the object as
/// kept (a certificate's PEM only when asked for, `active` per list scope).
pub type ViewFn = fn(&Value, Shown) -> Value;

/// Where a kept object is shown.
#[derive(Clone, Copy)]
pub enum Shown<'a> {
    /// In a list under this parent (`None`: the organization's).
    Listed(Option<&'a str>),
    /// By a retrieve, with its query.
    Retrieved(&'a super::query::QueryPairs),
    /// As the answer to a create or an update.
    Written,
}

/// Everything the fake needs to serve one object type.
pub struct Declaration {
    /// Key of the state dump and the fixture (`invites`).
    pub name: &'static str,
    /// Collection path, `/v1` included (`/v1/organization/invites`).
    pub path: &'static str,
    /// Item path: the collection path plus `/{item_param}`.
    pub item_path: &'static str,
    /// Item path parameter (`invite_id`).
    pub item_param: &'static str,
    pub parent: Parent,
    /// What its errors call it (`invite`, `service account`).
    pub noun: &'static str,
    /// The id shape the real API mints: prefix plus 24 alphanumerics
    /// (`invite-`, `user-`, `svc_acct_`, `key_`).
    pub id_prefix: &'static str,
    /// The list's documented limits, order and cursors.
    pub list: ListSpec,
    /// Whether the API has a list route for it.
    pub listable: bool,
    /// `None`: the collection has no `POST` (objects come from elsewhere,
    /// e.g. keys made by another type's create, or the fixture).
    pub create: Option<CreateFn>,
    pub update: Option<UpdateFn>,
    /// `object` of the delete answer (`organization.invite.deleted`); `None`:
    /// no `DELETE`.
    pub deleted_object: Option<&'static str>,
    pub may_delete: Option<DeleteCheck>,
    pub on_delete: Option<DeleteHook>,
    pub list_filter: Option<ListFilter>,
    /// What a parent holds until its collection is written or the fixture
    /// gives it objects of its own: a catalogue rather than a collection.
    pub seed: Option<SeedFn>,
    /// `None`: shown as kept.
    pub view: Option<ViewFn>,
}

impl Declaration {
    /// `object` as the API shows it `shown`.
    pub fn shown(&self, object: Value, shown: Shown) -> Value {
        match self.view {
            Some(view) => view(&object, shown),
            None => object,
        }
    }
}

impl Declaration {
    /// 404 for an id this collection does not hold.
    pub fn not_found(&self, id: &str) -> ApiError {
        let code = format!("{}_not_found", self.noun.replace(' ', "_"));
        let mut title = self.noun.to_string();
        if let Some(first) = title.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        ApiError::not_found(format!("{title} with id '{id}' not found."))
            .with_param(self.item_param)
            .with_code(&code)
    }

    /// The delete answer: `{object, id, deleted: true}`, or `{object, id}`
    /// where the description documents no `deleted` flag.
    pub fn deleted(&self, id: &str) -> Value {
        let object = self.deleted_object.unwrap_or("deleted");
        if WITHOUT_DELETED_FLAG.contains(&object) {
            return json!({"object": object, "id": id});
        }
        json!({"object": object, "id": id, "deleted": true})
    }
}

/// Delete answers without `deleted`: `DeleteCertificateResponse` has only
/// `object` and `id`, and openai-python's `CertificateDeleteResponse`
/// knows no other field (the SDK check fails on one).
const WITHOUT_DELETED_FLAG: &[&str] = &["certificate.deleted"];

/// One kept object and the parent it lives under.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub parent: Option<String>,
    pub object: Value,
    /// Until then reads do not see it (the read-after-write delay fault,
    /// `Rules::read_after_write_delay`); writes see it at once.
    pub hidden_until: Option<Instant>,
}

impl Entry {
    pub fn id(&self) -> &str {
        self.object["id"].as_str().unwrap_or_default()
    }

    /// Whether reads (a retrieve, a list) see it yet.
    pub fn readable(&self) -> bool {
        crate::fake::store::readable(self.hidden_until)
    }

    /// A string field of the object (`""` when absent).
    pub fn str(&self, field: &str) -> &str {
        self.object[field].as_str().unwrap_or_default()
    }
}

/// The objects of every declared type, each collection in creation order
/// (which is list order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Collections {
    items: BTreeMap<&'static str, Vec<Entry>>,
    /// Key values handed out; kept by [`Collections::clear`].
    issued: Vec<IssuedKey>,
    /// The settings written (`settings::SETTINGS`), by setting and owner.
    pub(crate) settings: settings::Values,
}

impl Collections {
    pub fn entries(&self, decl: &Declaration) -> &[Entry] {
        self.items.get(decl.name).map_or(&[], Vec::as_slice)
    }

    /// The objects of a collection under one parent (`None`: the organization).
    pub fn under<'a>(
        &'a self,
        decl: &Declaration,
        parent: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries(decl)
            .iter()
            .filter(move |e| e.parent.as_deref() == parent)
    }

    pub fn find(&self, decl: &Declaration, parent: Option<&str>, id: &str) -> Option<&Entry> {
        self.entries(decl)
            .iter()
            .find(|e| e.parent.as_deref() == parent && e.id() == id)
    }

    pub fn find_mut(
        &mut self,
        decl: &Declaration,
        parent: Option<&str>,
        id: &str,
    ) -> Option<&mut Entry> {
        self.items
            .get_mut(decl.name)?
            .iter_mut()
            .find(|e| e.parent.as_deref() == parent && e.id() == id)
    }

    pub fn push(&mut self, decl: &'static Declaration, entry: Entry) {
        self.items.entry(decl.name).or_default().push(entry);
    }

    /// Removes and returns one object.
    pub fn remove(&mut self, decl: &Declaration, parent: Option<&str>, id: &str) -> Option<Entry> {
        let list = self.items.get_mut(decl.name)?;
        let idx = list
            .iter()
            .position(|e| e.parent.as_deref() == parent && e.id() == id)?;
        Some(list.remove(idx))
    }

    /// Removes every object of a collection `drop` says to; returns them.
    pub fn remove_where(
        &mut self,
        decl: &Declaration,
        mut drop: impl FnMut(&Entry) -> bool,
    ) -> Vec<Entry> {
        let Some(list) = self.items.get_mut(decl.name) else {
            return Vec::new();
        };
        let (gone, kept): (Vec<Entry>, Vec<Entry>) =
            std::mem::take(list).into_iter().partition(|e| drop(e));
        *list = kept;
        gone
    }

    /// Whether any object of any collection has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.items.values().flatten().any(|e| e.id() == id)
    }

    /// The objects under `parent`, the declaration's seed when it has
    /// none of its own.
    /// Only the objects reads may see yet (the read-after-write delay).
    pub fn under_or_seed(&self, decl: &Declaration, parent: Option<&str>) -> Vec<Value> {
        let mut own = self.under(decl, parent).peekable();
        match (decl.seed, parent) {
            (Some(seed), Some(parent)) if own.peek().is_none() => seed(parent),
            _ => own
                .filter(|e| e.readable())
                .map(|e| e.object.clone())
                .collect(),
        }
    }

    /// Makes the seed of `parent` its own objects, before a write.
    pub fn materialize(&mut self, decl: &'static Declaration, parent: Option<&str>) {
        if let (Some(seed), Some(p)) = (decl.seed, parent)
            && self.under(decl, parent).next().is_none()
        {
            for object in seed(p) {
                self.push(
                    decl,
                    Entry {
                        parent: Some(p.to_owned()),
                        object,
                        // A catalogue the project always had: never hidden.
                        hidden_until: None,
                    },
                );
            }
        }
    }

    /// Empties every collection and setting; the record of issued keys
    /// stays.
    pub fn clear(&mut self) {
        self.items.clear();
        self.settings.clear();
    }

    pub fn record_issued(&mut self, key: IssuedKey) {
        self.issued.push(key);
    }

    pub fn issued(&self) -> &[IssuedKey] {
        &self.issued
    }

    /// The state dump: every declared collection (empty ones too), each
    /// object with its parent under the parent's path parameter name.
    pub fn dump(&self) -> BTreeMap<String, Vec<Value>> {
        DECLARATIONS
            .iter()
            .map(|decl| {
                let objects = self
                    .entries(decl)
                    .iter()
                    .map(|e| with_parent(decl, e))
                    .collect();
                (decl.name.to_string(), objects)
            })
            .collect()
    }
}

/// The object plus its parent field (`project_id`), as dumped and as a
/// fixture entry is written.
pub fn with_parent(decl: &Declaration, entry: &Entry) -> Value {
    let mut object = entry.object.clone();
    if let (Some(param), Some(parent), Some(map)) =
        (decl.parent.param(), &entry.parent, object.as_object_mut())
    {
        map.insert(param.to_string(), Value::String(parent.clone()));
    }
    object
}

/// A fixture entry back to a kept object: the parent field taken out.
/// Checks what every object needs (an `id`, the `object` the declaration
/// serves is left to the entry); the error names the field.
pub fn entry_from_fixture(decl: &Declaration, value: &Value) -> Result<Entry, String> {
    let Some(map) = value.as_object() else {
        return Err("must be a JSON object".into());
    };
    let mut map: Map<String, Value> = map.clone();
    let parent = match decl.parent.param() {
        None => None,
        Some(param) => match map.remove(param) {
            Some(Value::String(p)) if !p.is_empty() => Some(p),
            _ => return Err(format!("{param}: a non-empty string is required")),
        },
    };
    match map.get("id") {
        Some(Value::String(id)) if !id.is_empty() => {}
        _ => return Err("id: a non-empty string is required".into()),
    }
    Ok(Entry {
        parent,
        object: Value::Object(map),
        hidden_until: None,
    })
}
