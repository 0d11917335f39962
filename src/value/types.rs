//! Terraform type constraints and their JSON form used in schemas.

use std::collections::BTreeMap;

use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
}

impl Type {
    pub fn set_of(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn list_of(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    /// The JSON type expression Terraform expects in `Schema.Attribute.type`,
    /// e.g. `"string"` or `["set","string"]`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Type::String => json!("string"),
            Type::Number => json!("number"),
            Type::Bool => json!("bool"),
            Type::List(e) => json!(["list", e.to_json()]),
            Type::Set(e) => json!(["set", e.to_json()]),
            Type::Map(e) => json!(["map", e.to_json()]),
            Type::Object(attrs) => {
                let attrs: serde_json::Map<_, _> = attrs
                    .iter()
                    .map(|(k, t)| (k.clone(), t.to_json()))
                    .collect();
                json!(["object", attrs])
            }
        }
    }

    pub fn to_json_bytes(&self) -> Vec<u8> {
        self.to_json().to_string().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_json_matches_terraform_syntax() {
        assert_eq!(Type::String.to_json_bytes(), br#""string""#);
        assert_eq!(
            Type::set_of(Type::String).to_json_bytes(),
            br#"["set","string"]"#
        );
        let obj = Type::Object(BTreeMap::from([("a".into(), Type::Bool)]));
        assert_eq!(obj.to_json_bytes(), br#"["object",{"a":"bool"}]"#);
    }
}
