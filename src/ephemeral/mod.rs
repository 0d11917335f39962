//! Terraform ephemeral resources (Terraform 1.10+): objects that exist only
//! while a plan or apply runs. Terraform opens one when it needs its
//! result, and closes it at the end of the run; neither the result nor the
//! private data reaches the state or the plan file.
//!
//! Each API key type here creates a key when opened and deletes it when
//! closed, so a secret exists only for the run that needs it. The private
//! data carried from open to close holds what close needs (the key's ID),
//! never the secret.

mod admin_api_key;
pub(crate) mod handle;
mod service_account_key;

use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;

use crate::api::AdminClient;
use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::value::Value;

pub use admin_api_key::AdminApiKeyEphemeral;
pub use service_account_key::ServiceAccountKeyEphemeral;

/// What opening an ephemeral resource produced.
#[derive(Debug)]
pub struct Opened {
    /// The result Terraform hands to the configuration (every schema
    /// attribute, computed ones filled in).
    pub result: Value,
    /// What close (and renew) need to find the object again. Terraform
    /// keeps it in memory only; it must hold no secret all the same, as a
    /// crash report or a debugger could show it.
    pub private: Vec<u8>,
    /// When Terraform should call renew; `None`: never.
    pub renew_at: Option<SystemTime>,
    pub warnings: Diagnostics,
}

#[async_trait]
pub trait EphemeralResource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Checks across attributes, beyond each attribute's own validators.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Creates the object. `config` is wholly known: Terraform does not
    /// open an ephemeral resource whose configuration is not.
    async fn open(&self, client: &AdminClient, config: &Value) -> Result<Opened, Diagnostics>;

    /// Extends the object's life; returns the next renewal time. Only
    /// called when [`Opened::renew_at`] was set: the default refuses.
    async fn renew(
        &self,
        _client: &AdminClient,
        _private: &[u8],
    ) -> Result<Option<SystemTime>, Diagnostics> {
        Err(Diagnostics::from_error(
            format!("{} cannot be renewed", self.type_name()),
            "This ephemeral resource never asks to be renewed; this is a bug in Terraform \
             or the provider.",
        ))
    }

    /// Deletes the object `private` names. An object that is already gone
    /// is a warning, not an error: the goal (no key left) is reached.
    async fn close(&self, client: &AdminClient, private: &[u8]) -> Diagnostics;
}

/// The create answer, if it names the key and holds its secret; else an
/// error naming the key to delete by hand (no secret, so no handle).
pub(crate) fn complete_key(
    type_name: &str,
    key: crate::api::CreatedKey,
) -> Result<crate::api::CreatedKey, Diagnostics> {
    if key.is_complete() {
        return Ok(key);
    }
    let which = if key.id.is_empty() {
        "an unnamed key".to_owned()
    } else {
        format!("key {}", key.id)
    };
    Err(Diagnostics::from_error(
        format!("{type_name}: the API answered without the key"),
        format!(
            "The API created {which} but its answer lacks the key's ID or secret, so \
             Terraform cannot use or delete it. Delete it in the OpenAI dashboard."
        ),
    ))
}

pub fn all() -> Vec<Arc<dyn EphemeralResource>> {
    vec![
        Arc::new(ServiceAccountKeyEphemeral::new()),
        Arc::new(AdminApiKeyEphemeral::new()),
    ]
}
