//! Schema model: attributes with their type, documentation, validation and
//! plan behaviour, declared once per resource (as in
//! terraform-plugin-framework) instead of hand-coded in every RPC.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{AttributePath, Diagnostics};
use crate::spellings::{self, Spelling};
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
    /// Optional, and filled in by the provider when not configured
    /// (Terraform's "optional + computed").
    pub also_computed: bool,
    /// Another way to name what a sibling attribute names (a user by
    /// `email` instead of `user_id`; exactly one of them is configured):
    /// generated configuration writes the sibling only.
    pub alternative: bool,
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
            also_computed: false,
            alternative: false,
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

    /// Makes an optional attribute computed too: the provider fills it in
    /// when the configuration leaves it null.
    pub fn also_computed(mut self) -> Self {
        self.also_computed = true;
        self
    }

    /// Whether the provider may set this attribute's value.
    pub fn is_computed(&self) -> bool {
        self.mode == Mode::Computed || self.also_computed
    }

    /// Marks an optional attribute as an [`Attribute::alternative`].
    pub fn alternative(mut self) -> Self {
        self.alternative = true;
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

/// A nested block that appears at most once (Terraform's SINGLE nesting),
/// such as `timeouts { create = "10m" }`. Its value is an object or null.
#[derive(Clone)]
pub struct Block {
    pub name: &'static str,
    pub description: &'static str,
    pub attributes: Vec<Attribute>,
}

impl Block {
    pub fn value_type(&self) -> Type {
        object_type(&self.attributes)
    }
}

#[derive(Clone)]
pub struct Schema {
    pub version: i64,
    pub description: &'static str,
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
    /// Attributes the official provider names differently, declared twice
    /// (see [`crate::spellings`]).
    pub spellings: Vec<Spelling>,
}

fn object_type(attributes: &[Attribute]) -> Type {
    Type::Object(
        attributes
            .iter()
            .map(|a| (a.name.to_owned(), a.ty.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

impl Schema {
    pub fn new(description: &'static str, attributes: Vec<Attribute>) -> Self {
        Schema {
            version: 0,
            description,
            attributes,
            blocks: Vec::new(),
            spellings: Vec::new(),
        }
    }

    /// Declares `official` (an attribute of the schema) as the official
    /// provider's name of `ours`; `required`: one of the two must be set.
    /// Both must be optional attributes of the same type, computed too in a
    /// resource or data source (so that states can hold both), or both
    /// read-only (e.g. `group_id` next to `id`: every state, an upgraded or
    /// moved one included, holds the value under both names).
    pub fn with_official_spelling(
        mut self,
        ours: &'static str,
        official: &'static str,
        required: bool,
    ) -> Self {
        let (a, b) = (self.attribute(ours), self.attribute(official));
        let fits = a.zip(b).is_some_and(|(a, b)| {
            let optional = a.mode == Mode::Optional
                && b.mode == Mode::Optional
                && a.also_computed == b.also_computed;
            let read_only = a.mode == Mode::Computed && b.mode == Mode::Computed && !required;
            (optional || read_only) && a.ty == b.ty
        });
        assert!(
            fits,
            "{ours} and {official} must be optional (or read-only) attributes alike"
        );
        self.spellings.push(Spelling {
            ours,
            official,
            required,
        });
        self
    }

    pub fn with_block(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// The object type of a value conforming to this schema.
    pub fn value_type(&self) -> Type {
        let mut ty = object_type(&self.attributes);
        if let Type::Object(attrs) = &mut ty {
            for block in &self.blocks {
                attrs.insert(block.name.to_owned(), block.value_type());
            }
        }
        ty
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Runs every attribute's validators on a configuration, blocks
    /// included, and the rules of the official spellings. Unknown values
    /// are skipped: they are validated again once known, at apply.
    pub fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = spellings::validate(&self.spellings, config);
        validate_attributes(
            &self.attributes,
            config,
            &AttributePath::default(),
            &mut diags,
        );
        for block in &self.blocks {
            let value = config.get(block.name);
            if let Value::Object(_) = value {
                let path = AttributePath::attribute(block.name);
                validate_attributes(&block.attributes, value, &path, &mut diags);
            }
        }
        diags
    }
}

fn validate_attributes(
    attributes: &[Attribute],
    object: &Value,
    parent: &AttributePath,
    diags: &mut Diagnostics,
) {
    for attr in attributes {
        let value = object.get(attr.name);
        if value.is_null() || !value.is_wholly_known() {
            continue;
        }
        for validator in &attr.validators {
            if let Err(detail) = validator(value) {
                let path = parent.clone().attr(attr.name);
                diags.error_at(path.clone(), format!("Invalid value for {path}"), detail);
            }
        }
    }
}
