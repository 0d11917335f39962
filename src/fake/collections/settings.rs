//! Settings the fake serves: one value per owner (the organization, or a
//! project), at a route with `GET` and `POST` (and `DELETE` where the
//! description has one). A setting reads as its default until written;
//! the defaults are the description's examples where it gives one, and
//! each says where it is a guess. A write is checked against the
//! description's body schema (the usual 400s naming the parameter).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Parent;
use super::validate::Body;
use crate::fake::errors::ApiError;
use crate::fake::store::Store;

/// The written values, by setting name and owner (`None`: the
/// organization); `None` as value: deleted (a spend limit).
pub type Values = BTreeMap<(&'static str, Option<String>), Option<Value>>;

/// Builds the value to keep from the kept one (if any) and the body.
pub type WriteFn = fn(Option<&Value>, &Value) -> Result<Value, ApiError>;

/// One setting type.
pub struct Setting {
    /// Key of the state dump (`project_data_retention`).
    pub name: &'static str,
    /// Its route, `/v1` included.
    pub path: &'static str,
    pub parent: Parent,
    /// What an owner has before any write; `None`: nothing (GET is a 404).
    pub default: fn() -> Option<Value>,
    pub write: WriteFn,
    /// `object` of the delete answer; `None`: no `DELETE`.
    pub deleted_object: Option<&'static str>,
    /// What its 404 calls it.
    pub noun: &'static str,
}

/// Every setting type: one line per type.
pub const SETTINGS: &[&Setting] = &[
    &ORGANIZATION_DATA_RETENTION,
    &PROJECT_DATA_RETENTION,
    &MODEL_PERMISSIONS,
    &HOSTED_TOOL_PERMISSIONS,
    &ORGANIZATION_SPEND_LIMIT,
    &PROJECT_SPEND_LIMIT,
];

pub fn setting(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().copied().find(|s| s.name == name)
}

const ORGANIZATION_RETENTION_TYPES: &[&str] = &[
    "zero_data_retention",
    "modified_abuse_monitoring",
    "enhanced_zero_data_retention",
    "enhanced_modified_abuse_monitoring",
];

const PROJECT_RETENTION_TYPES: &[&str] = &[
    "organization_default",
    "none",
    "zero_data_retention",
    "modified_abuse_monitoring",
    "enhanced_zero_data_retention",
    "enhanced_modified_abuse_monitoring",
];

fn retention(object: &str, body: &Value, allowed: &[&str]) -> Result<Value, ApiError> {
    let body = Body::new(body, &["retention_type"])?;
    let kind = body.required_enum("retention_type", allowed)?;
    Ok(json!({"object": object, "type": kind}))
}

/// The description's example (`modified_abuse_monitoring`); an
/// organization's real default is a guess: the enum has no plain one.
pub const ORGANIZATION_DATA_RETENTION: Setting = Setting {
    name: "organization_data_retention",
    path: "/v1/organization/data_retention",
    parent: Parent::Organization,
    default: || {
        Some(json!({"object": "organization.data_retention", "type": "modified_abuse_monitoring"}))
    },
    write: |_, body| {
        retention(
            "organization.data_retention",
            body,
            ORGANIZATION_RETENTION_TYPES,
        )
    },
    deleted_object: None,
    noun: "data retention",
};

/// Default `organization_default`, the description's example.
pub const PROJECT_DATA_RETENTION: Setting = Setting {
    name: "project_data_retention",
    path: "/v1/organization/projects/{project_id}/data_retention",
    parent: Parent::Project,
    default: || Some(json!({"object": "project.data_retention", "type": "organization_default"})),
    write: |_, body| retention("project.data_retention", body, PROJECT_RETENTION_TYPES),
    deleted_object: None,
    noun: "data retention",
};

/// Default (and after a delete) a deny list of nothing: every model
/// allowed. A guess: the description documents no default.
pub const MODEL_PERMISSIONS: Setting = Setting {
    name: "model_permissions",
    path: "/v1/organization/projects/{project_id}/model_permissions",
    parent: Parent::Project,
    default: || {
        Some(json!({"object": "project.model_permissions", "mode": "deny_list", "model_ids": []}))
    },
    write: |_, body| {
        let body = Body::new(body, &["mode", "model_ids"])?;
        let mode = body.required_enum("mode", &["allow_list", "deny_list"])?;
        let models = body
            .strings("model_ids")?
            .ok_or_else(|| crate::fake::requests::missing("model_ids"))?;
        Ok(json!({"object": "project.model_permissions", "mode": mode, "model_ids": models}))
    },
    deleted_object: Some("project.model_permissions.deleted"),
    noun: "model permissions",
};

const TOOLS: &[&str] = &[
    "file_search",
    "web_search",
    "image_generation",
    "mcp",
    "code_interpreter",
];

/// Default every tool enabled, the description's example. A write changes
/// the tools it names (`null` or absent: unchanged).
pub const HOSTED_TOOL_PERMISSIONS: Setting = Setting {
    name: "hosted_tool_permissions",
    path: "/v1/organization/projects/{project_id}/hosted_tool_permissions",
    parent: Parent::Project,
    default: || {
        let all: serde_json::Map<String, Value> = TOOLS
            .iter()
            .map(|t| ((*t).to_owned(), json!({"enabled": true})))
            .collect();
        Some(Value::Object(all))
    },
    write: |kept, body| {
        let body = Body::new(body, TOOLS)?;
        let mut value = kept.cloned().unwrap_or(Value::Null);
        for tool in TOOLS {
            let updates = body.object(tool, &["enabled"], |item| {
                item.bool("enabled")?
                    .ok_or_else(|| crate::fake::requests::missing("enabled"))
            })?;
            if let Some(enabled) = updates {
                value[*tool] = json!({"enabled": enabled});
            }
        }
        Ok(value)
    },
    deleted_object: None,
    noun: "hosted tool permissions",
};

fn spend_limit(object: &str, kept: Option<&Value>, body: &Value) -> Result<Value, ApiError> {
    let body = Body::new(body, &["threshold_amount", "currency", "interval"])?;
    let amount = body
        .int("threshold_amount", 1, i64::MAX)?
        .ok_or_else(|| crate::fake::requests::missing("threshold_amount"))?;
    let currency = body.required_enum("currency", &["USD"])?;
    let interval = body.required_enum("interval", &["month"])?;
    // The fake spends nothing, so a limit is enforced only if a test made
    // it so (kept through a replace).
    let status = kept
        .and_then(|k| k["enforcement"]["status"].as_str())
        .unwrap_or("inactive");
    Ok(json!({
        "object": object, "threshold_amount": amount, "currency": currency,
        "interval": interval, "enforcement": {"status": status},
    }))
}

/// None until set (a GET is a 404: a guess, the description documents
/// only the 200).
pub const ORGANIZATION_SPEND_LIMIT: Setting = Setting {
    name: "organization_spend_limit",
    path: "/v1/organization/spend_limit",
    parent: Parent::Organization,
    default: || None,
    write: |kept, body| spend_limit("organization.spend_limit", kept, body),
    deleted_object: Some("organization.spend_limit.deleted"),
    noun: "hard spend limit",
};

pub const PROJECT_SPEND_LIMIT: Setting = Setting {
    name: "project_spend_limit",
    path: "/v1/organization/projects/{project_id}/spend_limit",
    parent: Parent::Project,
    default: || None,
    write: |kept, body| spend_limit("project.spend_limit", kept, body),
    deleted_object: Some("project.spend_limit.deleted"),
    noun: "hard spend limit",
};

/// A fixture value's owner (its `project_id`, `None`: the organization)
/// and the value without it; the error (after the value's JSON location)
/// says what is wrong.
pub fn owner_from_fixture(setting: &Setting, value: &Value) -> Result<Option<String>, String> {
    split_fixture(setting, value).map(|(owner, _)| owner)
}

fn split_fixture(setting: &Setting, value: &Value) -> Result<(Option<String>, Value), String> {
    let Some(map) = value.as_object() else {
        return Err(": must be a JSON object".into());
    };
    let mut map = map.clone();
    let owner = match (setting.parent, map.remove("project_id")) {
        (Parent::Project, Some(Value::String(p))) if !p.is_empty() => Some(p),
        (Parent::Project, _) => return Err(".project_id: a non-empty string is required".into()),
        (Parent::Organization, None) => None,
        (Parent::Organization, Some(_)) => {
            return Err(".project_id: an organization setting has no project".into());
        }
    };
    Ok((owner, Value::Object(map)))
}

impl Setting {
    fn not_found(&self) -> ApiError {
        ApiError::not_found(format!("No {} is set.", self.noun))
            .with_code(&format!("{}_not_found", self.noun.replace(' ', "_")))
    }
}

impl Store {
    fn check_owner(
        &self,
        setting: &Setting,
        owner: Option<&str>,
        write: bool,
    ) -> Result<(), ApiError> {
        match (setting.parent, owner) {
            (Parent::Organization, _) => Ok(()),
            (Parent::Project, Some(p)) => self.check_project(p, write),
            (Parent::Project, None) => {
                Err(ApiError::not_found("Missing path parameter 'project_id'."))
            }
        }
    }

    /// The owner's value: written, else the default.
    pub fn setting_value(&self, setting: &Setting, owner: Option<&str>) -> Option<Value> {
        match self
            .collections
            .settings
            .get(&(setting.name, owner.map(String::from)))
        {
            Some(kept) => kept.clone(),
            None => (setting.default)(),
        }
    }

    pub fn setting_get(&self, setting: &Setting, owner: Option<&str>) -> Result<Value, ApiError> {
        self.check_owner(setting, owner, false)?;
        self.setting_value(setting, owner)
            .ok_or_else(|| setting.not_found())
    }

    pub fn setting_post(
        &mut self,
        setting: &'static Setting,
        owner: Option<&str>,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.check_owner(setting, owner, true)?;
        let kept = self.setting_value(setting, owner);
        let value = (setting.write)(kept.as_ref(), body)?;
        self.set_setting(setting, owner, Some(value.clone()));
        Ok(value)
    }

    pub fn setting_delete(
        &mut self,
        setting: &'static Setting,
        owner: Option<&str>,
    ) -> Result<Value, ApiError> {
        self.check_owner(setting, owner, true)?;
        let object = setting
            .deleted_object
            .ok_or_else(|| ApiError::unknown_url("DELETE", setting.path))?;
        if self.setting_value(setting, owner).is_none() {
            return Err(setting.not_found());
        }
        // Back to what an owner has before any write.
        self.collections
            .settings
            .remove(&(setting.name, owner.map(String::from)));
        Ok(json!({"object": object, "deleted": true}))
    }

    /// The fixture's settings, as written values (checked by the
    /// fixture's `validate`).
    pub fn load_settings(&mut self, fixture: &BTreeMap<String, Vec<Value>>) {
        for (name, values) in fixture {
            let Some(setting) = setting(name) else {
                continue;
            };
            for value in values {
                if let Ok((owner, value)) = split_fixture(setting, value) {
                    self.set_setting(setting, owner.as_deref(), Some(value));
                }
            }
        }
    }

    /// Writes a value out of band (a test's drift, `None`: deleted).
    pub fn set_setting(
        &mut self,
        setting: &'static Setting,
        owner: Option<&str>,
        value: Option<Value>,
    ) {
        self.collections
            .settings
            .insert((setting.name, owner.map(String::from)), value);
    }
}
