//! The only place that converts between generated protobuf types and the
//! provider's plain types (values, schemas, diagnostics).

use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, PathStep, Severity};
use crate::functions::{Function, FunctionError};
use crate::schema::{Attribute, Mode, Schema};
use crate::value::{self, Type, Value};

use super::proto::tfplugin6 as pb;

/// Decodes a DynamicValue (msgpack, or JSON when that is all there is).
/// An absent value is null.
pub fn decode_value(dv: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostics> {
    let Some(dv) = dv else {
        return Ok(Value::Null);
    };
    let result = if !dv.msgpack.is_empty() {
        value::decode_msgpack(&dv.msgpack, ty).map_err(|e| e.to_string())
    } else if !dv.json.is_empty() {
        value::decode_json(&dv.json, ty).map_err(|e| e.to_string())
    } else {
        Ok(Value::Null)
    };
    result.map_err(|detail| Diagnostics::from_error("Invalid value from Terraform", detail))
}

pub fn encode_value(value: &Value, ty: &Type) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: value::encode_msgpack(value, ty),
        json: Vec::new(),
    }
}

pub fn diagnostics(diags: Diagnostics) -> Vec<pb::Diagnostic> {
    diags.0.into_iter().map(diagnostic).collect()
}

fn diagnostic(d: Diagnostic) -> pb::Diagnostic {
    pb::Diagnostic {
        severity: match d.severity {
            Severity::Error => pb::diagnostic::Severity::Error,
            Severity::Warning => pb::diagnostic::Severity::Warning,
        } as i32,
        summary: d.summary,
        detail: d.detail,
        attribute: d.attribute.as_ref().map(attribute_path),
    }
}

pub fn attribute_path(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|step| pb::attribute_path::Step {
                selector: Some(match step {
                    PathStep::Attribute(n) => Selector::AttributeName(n.clone()),
                    PathStep::ElementKeyString(k) => Selector::ElementKeyString(k.clone()),
                    PathStep::ElementKeyInt(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

pub fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(pb::schema::Block {
            version: schema.version,
            attributes: attributes(&schema.attributes),
            block_types: schema
                .blocks
                .iter()
                .map(|b| pb::schema::NestedBlock {
                    type_name: b.name.to_owned(),
                    block: Some(pb::schema::Block {
                        version: 0,
                        attributes: attributes(&b.attributes),
                        block_types: Vec::new(),
                        description: b.description.to_owned(),
                        description_kind: pb::StringKind::Markdown as i32,
                        deprecated: false,
                        deprecation_message: String::new(),
                    }),
                    nesting: pb::schema::nested_block::NestingMode::Single as i32,
                    min_items: 0,
                    max_items: 0,
                })
                .collect(),
            description: schema.description.to_owned(),
            description_kind: pb::StringKind::Markdown as i32,
            deprecated: false,
            deprecation_message: String::new(),
        }),
    }
}

fn attributes(attributes: &[Attribute]) -> Vec<pb::schema::Attribute> {
    attributes
        .iter()
        .map(|a| pb::schema::Attribute {
            name: a.name.to_owned(),
            r#type: a.ty.to_json_bytes(),
            nested_type: None,
            description: a.description.to_owned(),
            required: a.mode == Mode::Required,
            optional: a.mode == Mode::Optional,
            computed: a.is_computed(),
            sensitive: a.sensitive,
            description_kind: pb::StringKind::Markdown as i32,
            deprecated: false,
            deprecation_message: String::new(),
            write_only: false,
        })
        .collect()
}

/// The definition Terraform reads (GetFunctions, and GetProviderSchema for
/// Terraform 1.8 to 1.11, which reads it there).
pub fn function(f: &Function) -> pb::Function {
    pb::Function {
        parameters: f
            .params
            .iter()
            .map(|p| pb::function::Parameter {
                name: p.name.to_owned(),
                r#type: p.ty.to_json_bytes(),
                allow_null_value: p.nullable,
                allow_unknown_values: false,
                description: p.description.clone(),
                description_kind: pb::StringKind::Markdown as i32,
            })
            .collect(),
        variadic_parameter: None,
        r#return: Some(pb::function::Return {
            r#type: f.returns.to_json_bytes(),
        }),
        summary: f.summary.clone(),
        description: f.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecation_message: String::new(),
    }
}

pub fn function_error(e: FunctionError) -> pb::FunctionError {
    pb::FunctionError {
        text: e.text,
        function_argument: e.argument.map(|i| i as i64),
    }
}
