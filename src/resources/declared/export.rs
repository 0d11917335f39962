//! What the export (`openai-admin export`) and the snapshot
//! (`openai-admin snapshot`) make of a declared type: a declaration that
//! carries an [`Exported`] is listed by the inventory through the generic
//! client and written as resources with import blocks.

use super::route::Part;
use crate::api::ApiObject;

/// How the export writes a declared type's objects: one resource with an
/// import block each, never a secret (the written attributes hold none).
pub struct Exported {
    /// The file the blocks go to.
    pub file: &'static str,
    /// The JSON field whose value names the resource (`email`, `name`).
    pub name_from: &'static str,
    /// The attributes written, in order: what the user manages and what the
    /// import reads back as is (route parameters come from the object's
    /// parent, the others from its JSON field).
    pub writes: &'static [&'static str],
    /// Why an object is not adopted (an accepted invite), or `None`.
    pub skip: fn(&ApiObject) -> Option<String>,
    /// The fake's collection (`GET /__fake/state`, fixture `collections`)
    /// that a snapshot copies the objects to.
    pub fixture_collection: &'static str,
    /// Each listed object is also retrieved (with the routes'
    /// `import_query`, as an import reads it) and its fields added: the
    /// list lacks what is written (a certificate's PEM). One GET per object.
    pub retrieve: bool,
    /// The collection that shows the organization's objects as one project
    /// sees them, with `active` there (`.../projects/{project_id}/certificates`):
    /// a snapshot lists it in every project and records the projects an
    /// object is active in as its `active_project_ids` (one GET per project),
    /// so that the fake's copy answers the same. `None`: no such view.
    pub project_view: Option<&'static [Part]>,
}
