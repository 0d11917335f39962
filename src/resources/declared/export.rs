//! What the export (`openai-admin export`) writes for a declared type.

use crate::api::ApiObject;

/// How the export writes a declared type's objects: one resource with an
/// import block each, never a secret (declared types hold none).
pub struct Exported {
    /// The file the blocks go to.
    pub file: &'static str,
    /// The attribute whose value names the resource (`email`, `name`).
    pub name_from: &'static str,
    /// The attributes written, in order (what the user manages).
    pub writes: &'static [&'static str],
    /// Why an object is not adopted (an accepted invite), or `None`.
    pub skip: fn(&ApiObject) -> Option<String>,
}
