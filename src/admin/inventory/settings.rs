//! The settings an organization and its projects have (data retention,
//! model and hosted tool permissions, spend limits, rate limits), read for
//! the types of [`ReadPlan::settings`]: one GET per owner for a
//! singleton, one list per project for rate limits. A setting the owner
//! does not have (a spend limit never set: the API answers 404) is left
//! out. Each object is marked with its owner's `project_id`.

use std::collections::BTreeMap;

use futures::future::try_join_all;

use super::{ReadError, ReadPlan, Reader};
use crate::api::ApiObject;
use crate::resources::declared::{self, settings::Owner};

impl Reader<'_> {
    pub(super) async fn settings(
        &self,
        plan: &ReadPlan,
        read: &[String],
    ) -> Result<BTreeMap<&'static str, Vec<ApiObject>>, ReadError> {
        let types = plan.settings.iter().map(|name| {
            let setting = declared::settings::setting(name)
                .unwrap_or_else(|| panic!("{name} is not a settings type"));
            async move {
                let owners: Vec<Option<&str>> = match setting.owner {
                    Owner::Organization => vec![None],
                    Owner::Project => read.iter().map(|id| Some(id.as_str())).collect(),
                };
                let kind = declared::intern(format!("{}s", setting.noun));
                self.tracker.expect(kind, owners.len());
                let found = try_join_all(
                    owners
                        .into_iter()
                        .map(|owner| self.setting_of(setting, kind, owner)),
                )
                .await?;
                Ok::<_, ReadError>((setting.type_name, found.into_iter().flatten().collect()))
            }
        });
        Ok(try_join_all(types).await?.into_iter().collect())
    }

    /// One owner's setting (or its list of them).
    async fn setting_of(
        &self,
        setting: &'static declared::settings::Setting,
        kind: &'static str,
        project: Option<&str>,
    ) -> Result<Vec<ApiObject>, ReadError> {
        let what = || match project {
            Some(id) => format!("the {} of project {id}", setting.noun),
            None => format!("the organization's {}", setting.noun),
        };
        let path = setting.read_path(project).map_err(|problem| {
            ReadError::Selection(format!("cannot read {}: {problem}", what()))
        })?;
        let client = self.client;
        let mut objects = match setting.list_spec() {
            Some(spec) => {
                self.list(kind, what, client.list_objects(&path, spec, &[]))
                    .await?
            }
            None => {
                let one = async {
                    match client.get_object(&path).await {
                        Ok(object) => Ok(vec![object]),
                        Err(e) if e.is_not_found() => Ok(Vec::new()),
                        Err(e) => Err(e),
                    }
                };
                self.list(kind, what, one).await?
            }
        };
        if let Some(id) = project {
            for object in &mut objects {
                object.0.insert(
                    "project_id".to_owned(),
                    serde_json::Value::String(id.to_owned()),
                );
            }
        }
        Ok(objects)
    }
}
