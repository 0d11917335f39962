//! The provider's side of ephemeral resources: lookup, validation, and
//! open/renew/close run with the configured client under the same stop
//! signal and time limits as resource operations.

use std::sync::Arc;
use std::time::SystemTime;

use super::timeouts::Operation;
use super::{Provider, conforming};
use crate::diagnostics::Diagnostics;
use crate::ephemeral::{EphemeralResource, Opened};
use crate::resources::Failure;
use crate::schema::Schema;
use crate::value::Value;

impl Provider {
    pub fn ephemeral_resource_schemas(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.ephemeral_resources
            .iter()
            .map(|(name, e)| (*name, e.schema()))
    }

    pub fn ephemeral_resource(
        &self,
        type_name: &str,
    ) -> Result<&Arc<dyn EphemeralResource>, Diagnostics> {
        self.ephemeral_resources.get(type_name).ok_or_else(|| {
            Diagnostics::from_error(
                "Unknown ephemeral resource type",
                format!("This provider has no ephemeral resource type {type_name:?}."),
            )
        })
    }

    pub fn validate_ephemeral_resource_config(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Diagnostics {
        match self.ephemeral_resource(type_name) {
            Ok(ephemeral) => {
                let mut diags = ephemeral.schema().validate(config);
                diags.extend(ephemeral.validate(config));
                diags
            }
            Err(diags) => diags,
        }
    }

    /// Opens an ephemeral resource. Validation runs again first: Terraform
    /// validates with unknowns skipped, and opens with all values known.
    pub async fn open_ephemeral_resource(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Result<Opened, Diagnostics> {
        let ephemeral = self.ephemeral_resource(type_name)?;
        let invalid = self.validate_ephemeral_resource_config(type_name, config);
        if invalid.has_errors() {
            return Err(invalid);
        }
        let opened = self
            .run(Operation::Create, &Value::Null, |c| async move {
                ephemeral.open(&c, config).await.map_err(Failure::from)
            })
            .await
            .map_err(|f| f.diags)?;
        let result = conforming(type_name, ephemeral.schema(), opened.result)?;
        Ok(Opened { result, ..opened })
    }

    pub async fn renew_ephemeral_resource(
        &self,
        type_name: &str,
        private: &[u8],
    ) -> Result<Option<SystemTime>, Diagnostics> {
        let ephemeral = self.ephemeral_resource(type_name)?;
        self.run(Operation::Update, &Value::Null, |c| async move {
            ephemeral.renew(&c, private).await.map_err(Failure::from)
        })
        .await
        .map_err(|f| f.diags)
    }

    /// Closes what `private` names. Empty private data: nothing was
    /// opened, so nothing is deleted.
    pub async fn close_ephemeral_resource(&self, type_name: &str, private: &[u8]) -> Diagnostics {
        if private.is_empty() {
            return Diagnostics::new();
        }
        let ephemeral = match self.ephemeral_resource(type_name) {
            Ok(ephemeral) => ephemeral,
            Err(diags) => return diags,
        };
        let closed = self
            .run(Operation::Delete, &Value::Null, |c| async move {
                Ok::<_, Failure>(ephemeral.close(&c, private).await)
            })
            .await;
        closed.unwrap_or_else(|f| f.diags)
    }
}
