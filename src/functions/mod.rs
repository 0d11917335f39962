//! Provider-defined functions (Terraform 1.8+:
//! `provider::openai::<name>(...)`): pure computations on IDs and on the
//! permission catalogue, usable in any configuration, with or without a
//! configured provider (Terraform may call them before ConfigureProvider,
//! e.g. in `terraform validate` or `terraform console`).
//!
//! One registry ([`all`]); one file per family. A function declares typed
//! parameters and a result type; [`Function::call`] checks the arguments
//! against them, so a family's code reads plain strings.

mod import_ids;
mod permissions;
mod roles;

use std::sync::OnceLock;

use crate::value::{Type, Value};

pub use import_ids::{ImportFormats, import_formats};

/// A failed call: the message Terraform shows, and the index (from 0) of
/// the argument at fault, which Terraform names ("Invalid value for "id"
/// parameter: ...").
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionError {
    pub text: String,
    pub argument: Option<usize>,
}

impl FunctionError {
    /// An error about argument `index`.
    pub fn at(index: usize, text: impl Into<String>) -> Self {
        FunctionError {
            text: text.into(),
            argument: Some(index),
        }
    }

    /// An error about the arguments together.
    pub fn general(text: impl Into<String>) -> Self {
        FunctionError {
            text: text.into(),
            argument: None,
        }
    }
}

/// One positional parameter.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: &'static str,
    pub ty: Type,
    /// Terraform passes `null` through instead of refusing it.
    pub nullable: bool,
    pub description: String,
}

impl Param {
    pub fn string(name: &'static str, description: impl Into<String>) -> Self {
        Param {
            name,
            ty: Type::String,
            nullable: false,
            description: description.into(),
        }
    }

    pub fn nullable_string(name: &'static str, description: impl Into<String>) -> Self {
        Param {
            nullable: true,
            ..Param::string(name, description)
        }
    }
}

/// Where a function's example (`examples/functions/<name>/function.tf`)
/// comes from.
#[derive(Debug, Clone)]
pub enum Example {
    /// Written by hand: the file is the source.
    File,
    /// Derived from a table with the function (the import ID functions):
    /// gen-docs writes the file, so that it cannot drift.
    Generated(String),
}

type Run = Box<dyn Fn(&Args<'_>) -> Result<Value, FunctionError> + Send + Sync>;

pub struct Function {
    pub name: String,
    /// One line, for `terraform console`'s and the registry's listings.
    pub summary: String,
    /// Markdown.
    pub description: String,
    pub params: Vec<Param>,
    pub returns: Type,
    pub example: Example,
    run: Run,
}

impl Function {
    pub fn new(
        name: impl Into<String>,
        summary: impl Into<String>,
        description: impl Into<String>,
        params: Vec<Param>,
        returns: Type,
        run: impl Fn(&Args<'_>) -> Result<Value, FunctionError> + Send + Sync + 'static,
    ) -> Self {
        Function {
            name: name.into(),
            summary: summary.into(),
            description: description.into(),
            params,
            returns,
            example: Example::File,
            run: Box::new(run),
        }
    }

    pub fn with_example(mut self, example: Example) -> Self {
        self.example = example;
        self
    }

    /// Runs the function on `args` (decoded with the parameters' types).
    /// Terraform checks the count and nulls itself; this checks again, so
    /// a family never sees an argument its parameters do not allow.
    pub fn call(&self, args: &[Value]) -> Result<Value, FunctionError> {
        if args.len() != self.params.len() {
            return Err(FunctionError::general(format!(
                "{} takes {} argument{}, not {}",
                self.name,
                self.params.len(),
                if self.params.len() == 1 { "" } else { "s" },
                args.len()
            )));
        }
        for (index, (param, arg)) in self.params.iter().zip(args).enumerate() {
            if arg.is_null() && !param.nullable {
                return Err(FunctionError::at(
                    index,
                    format!("{} must not be null", param.name),
                ));
            }
            if !arg.is_wholly_known() {
                return Err(FunctionError::at(
                    index,
                    format!("{} must be known", param.name),
                ));
            }
        }
        (self.run)(&Args(args))
    }

    /// `name(role string, project_id string) string`, as the registry's
    /// docs show a signature.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("{} {}", p.name, type_word(&p.ty)))
            .collect();
        format!(
            "{}({}) {}",
            self.name,
            params.join(", "),
            type_word(&self.returns)
        )
    }
}

/// A type as HCL writes it in a signature.
fn type_word(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Number => "number".into(),
        Type::Bool => "bool".into(),
        Type::List(e) => format!("list({})", type_word(e)),
        Type::Set(e) => format!("set({})", type_word(e)),
        Type::Map(e) => format!("map({})", type_word(e)),
        Type::Object(_) => "object".into(),
    }
}

/// The arguments of a call, checked against the parameters.
pub struct Args<'a>(&'a [Value]);

impl Args<'_> {
    /// A string argument (a non-nullable string parameter's is always one).
    pub fn str(&self, index: usize) -> Result<&str, FunctionError> {
        self.0
            .get(index)
            .and_then(Value::as_str)
            .ok_or_else(|| FunctionError::at(index, "expected a string"))
    }

    /// A nullable string argument.
    pub fn opt_str(&self, index: usize) -> Option<&str> {
        self.0.get(index).and_then(Value::as_str)
    }
}

/// Every function, by name order.
pub fn all() -> &'static [Function] {
    static ALL: OnceLock<Vec<Function>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Function> = import_ids::functions()
            .into_iter()
            .chain(roles::functions())
            .chain(permissions::functions())
            .collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    })
}

pub fn find(name: &str) -> Option<&'static Function> {
    all().iter().find(|f| f.name == name)
}

/// A call by name, as CallFunction makes it.
pub fn call(name: &str, args: &[Value]) -> Result<Value, FunctionError> {
    match find(name) {
        Some(function) => function.call(args),
        None => Err(FunctionError::general(format!(
            "the openai provider has no function {name:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_as_hcl_identifiers() {
        let names: Vec<&str> = all().iter().map(|f| f.name.as_str()).collect();
        let mut unique = names.clone();
        unique.dedup();
        assert_eq!(names, unique);
        for name in names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn every_function_documents_itself_and_its_parameters() {
        for f in all() {
            assert!(
                !f.summary.is_empty() && !f.description.is_empty(),
                "{}",
                f.name
            );
            assert!(
                !f.summary.ends_with('.'),
                "{}: a summary is a title",
                f.name
            );
            for p in &f.params {
                assert!(!p.description.is_empty(), "{}: {}", f.name, p.name);
            }
        }
    }

    #[test]
    fn calls_check_the_count_nulls_and_unknowns() {
        let f = find("predefined_role_id").unwrap();
        assert_eq!(
            f.call(&[Value::string("member")]).unwrap_err().argument,
            None
        );
        let err = f.call(&[Value::Null, Value::Null]).unwrap_err();
        assert_eq!(err, FunctionError::at(0, "role must not be null"));
        let err = f
            .call(&[Value::string("member"), Value::Unknown])
            .unwrap_err();
        assert_eq!(err.argument, Some(1));
        let err = call("no_such_function", &[]).unwrap_err();
        assert!(err.text.contains("no function \"no_such_function\""));
    }

    #[test]
    fn signatures_read_like_the_registry_docs() {
        assert_eq!(
            find("predefined_role_id").unwrap().signature(),
            "predefined_role_id(role string, project_id string) string"
        );
        assert_eq!(
            find("predefined_role_permissions").unwrap().signature(),
            "predefined_role_permissions(role_id string) set(string)"
        );
    }
}
