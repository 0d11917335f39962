//! Schema model: attributes with their type, documentation, validation and
//! plan behaviour, declared once per resource (as in
//! terraform-plugin-framework) instead of hand-coded in every RPC.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{AttributePath, Diagnostics};
use crate::value::{Type, Value};

/// Checks a known, non-null value; `Err` is the detail shown to the user.
pub type Validator = Arc<dyn Fn(&Value) -> Result<(), String> + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Required,
    Optional,
    Computed,
}

#[derive(Clone)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: Type,
    pub description: &'static str,
    pub mode: Mode,
    pub sensitive: bool,
    /// A change of this attribute destroys and re-creates the object.
    pub requires_replace: bool,
    /// A computed value that never changes once set: keep the prior state
    /// value in plans instead of showing "(known after apply)".
    pub use_state_for_unknown: bool,
    pub validators: Vec<Validator>,
}

impl Attribute {
    fn new(name: &'static str, ty: Type, mode: Mode, description: &'static str) -> Self {
        Attribute {
            name,
            ty,
            description,
            mode,
            sensitive: false,
            requires_replace: false,
            use_state_for_unknown: false,
            validators: Vec::new(),
        }
    }

    pub fn required(name: &'static str, ty: Type, description: &'static str) -> Self {
        Self::new(name, ty, Mode::Required, description)
    }

    pub fn optional(name: &'static str, ty: Type, description: &'static str) -> Self {
        Self::new(name, ty, Mode::Optional, description)
    }

    pub fn computed(name: &'static str, ty: Type, description: &'static str) -> Self {
        Self::new(name, ty, Mode::Computed, description)
    }

    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    pub fn requires_replace(mut self) -> Self {
        self.requires_replace = true;
        self
    }

    pub fn use_state_for_unknown(mut self) -> Self {
        self.use_state_for_unknown = true;
        self
    }

    pub fn validate_with(mut self, validator: Validator) -> Self {
        self.validators.push(validator);
        self
    }
}

#[derive(Clone)]
pub struct Schema {
    pub version: i64,
    pub description: &'static str,
    pub attributes: Vec<Attribute>,
}

impl Schema {
    pub fn new(description: &'static str, attributes: Vec<Attribute>) -> Self {
        Schema {
            version: 0,
            description,
            attributes,
        }
    }

    /// The object type of a value conforming to this schema.
    pub fn value_type(&self) -> Type {
        Type::Object(
            self.attributes
                .iter()
                .map(|a| (a.name.to_owned(), a.ty.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Runs every attribute's validators on a configuration. Unknown values
    /// are skipped: they are validated again once known, at apply.
    pub fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for attr in &self.attributes {
            let value = config.get(attr.name);
            if value.is_null() || !value.is_wholly_known() {
                continue;
            }
            for validator in &attr.validators {
                if let Err(detail) = validator(value) {
                    diags.error_at(
                        AttributePath::attribute(attr.name),
                        format!("Invalid value for {}", attr.name),
                        detail,
                    );
                }
            }
        }
        diags
    }
}
