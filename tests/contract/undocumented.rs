//! Check (b), continued: an answer carries only the fields its schema
//! declares.
//!
//! JSON Schema lets an object hold any property its `properties` do not
//! name unless `additionalProperties` says otherwise, and the description
//! never closes an object; so validation alone accepted any extra field (a
//! `deleted` on a certificate delete answer got through that way). This walks
//! an answer beside its schema, resolved through `$ref`, `allOf`, and the
//! `anyOf`/`oneOf` branches the value takes, and reports every property that
//! no applicable schema declares. An object stays open where the description
//! opens it: `additionalProperties: true` or a schema, or an object schema
//! that declares no properties at all (a free-form payload such as
//! `metadata` or an audit event's `data`).
//!
//! [`ALLOWED_UNDOCUMENTED`] names the few fields the description lacks but the
//! real API is known to send, each with its evidence.

use serde_json::Value;

/// A field the description does not declare, accepted because evidence shows
/// the real API sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Allowed {
    /// The schema that lacks it: a component name (`Certificate`), a path
    /// below it (`AuditLog/properties/project.created`), or a pointer into
    /// the description (`#/paths/...`) for a schema outside the components.
    pub schema: &'static str,
    pub field: &'static str,
    /// Where the real API is seen to send it.
    pub evidence: &'static str,
}

/// Fields the description lacks but the real API sends. Keep each entry to
/// one schema and one field, with its evidence: an SDK model field
/// (openai-python 3.63.0, `openai/types/admin/organization/...`), a field of
/// the official provider's client structs, or a field this provider reads.
/// An entry no answer of the fake uses is reported as stale.
///
/// Empty: no answer of the fake carries a field its schema lacks. Known
/// fields outside the schemas, none of which the fake sends:
/// - the documented examples show `object` on `GroupResponse` (list-groups,
///   create-group), `ip_address_details`, `ja3`, `ja4`, `user_agent` on
///   `AuditLogActorSession`, and `data` on an `api_key.updated` event; the
///   SDK's models (`Group`, `ActorSession`, `APIKeyUpdated`) have none of
///   them, so the SDK check would refuse them too;
/// - the provider reads `users_added` / `users_removed` under a
///   `group.updated` event's `changes_requested` (src/api/audit_logs.rs,
///   drift attribution) should the API send them; neither the description
///   nor the SDK (`GroupUpdatedChangesRequested`) has them, and the fake
///   records a member change with an empty `changes_requested`.
pub const ALLOWED_UNDOCUMENTED: &[Allowed] = &[];

/// A property of an answer that no applicable schema declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undocumented {
    /// JSON pointer of the property in the answer (`/data/0/deleted`).
    pub instance_path: String,
    pub field: String,
    /// The closed schemas the object was checked against, named as in
    /// [`Allowed::schema`].
    pub schemas: Vec<String>,
}

impl Undocumented {
    /// The allow-list entry that excuses this field, if any.
    pub fn allowed_by<'a>(&self, allowed: &'a [Allowed]) -> Option<&'a Allowed> {
        allowed
            .iter()
            .find(|a| a.field == self.field && self.schemas.iter().any(|s| s == a.schema))
    }

    pub fn message(&self) -> String {
        format!(
            "undocumented field `{}`: not a property of {} (and additional properties are not allowed); remove it from the fake, or allow it in ALLOWED_UNDOCUMENTED with evidence that the real API sends it",
            self.field,
            self.schemas.join(" + ")
        )
    }
}

const COMPONENTS: &str = "#/components/schemas/";
/// Bounds `$ref` chains and nesting (the description has no recursive schema).
const MAX_DEPTH: usize = 64;

/// Walks answers beside the schemas of a description.
pub struct Walker<'a> {
    doc: &'a Value,
    /// Whether `instance` validates against the schema at the pointer; asked
    /// only when more than one `anyOf`/`oneOf` branch admits the value's type.
    validates: &'a dyn Fn(&str, &Value) -> bool,
}

impl<'a> Walker<'a> {
    pub fn new(doc: &'a Value, validates: &'a dyn Fn(&str, &Value) -> bool) -> Walker<'a> {
        Walker { doc, validates }
    }

    /// Every property of `instance` that the schema at `pointer` (`#/...`)
    /// does not declare, in document order.
    pub fn undocumented(&self, pointer: &str, instance: &Value) -> Vec<Undocumented> {
        let mut out = Vec::new();
        if let Some(schema) = self.at(pointer) {
            self.walk(vec![(pointer.to_string(), schema)], instance, "", &mut out);
        }
        out
    }

    fn at(&self, pointer: &str) -> Option<&'a Value> {
        self.doc.pointer(pointer.strip_prefix('#')?)
    }

    fn walk(
        &self,
        schemas: Vec<(String, &'a Value)>,
        instance: &Value,
        path: &str,
        out: &mut Vec<Undocumented>,
    ) {
        // Only objects carry fields; scalars need no branch resolved.
        if !(instance.is_object() || instance.is_array()) || path.matches('/').count() > MAX_DEPTH {
            return;
        }
        let mut applicable = Vec::new();
        for (pointer, schema) in &schemas {
            self.expand(pointer.clone(), schema, instance, 0, &mut applicable);
        }
        match instance {
            Value::Object(map) => {
                let open = applicable.iter().any(|(_, s)| opens(s));
                for (key, value) in map {
                    let field_path = format!("{path}/{}", token(key));
                    let declared: Vec<(String, &'a Value)> = applicable
                        .iter()
                        .filter_map(|(p, s)| {
                            let property = s.get("properties")?.get(key)?;
                            Some((format!("{p}/properties/{}", token(key)), property))
                        })
                        .collect();
                    if !declared.is_empty() {
                        self.walk(declared, value, &field_path, out);
                        continue;
                    }
                    let extra: Vec<(String, &'a Value)> = applicable
                        .iter()
                        .filter_map(|(p, s)| {
                            let extra = s.get("additionalProperties").filter(|a| a.is_object())?;
                            Some((format!("{p}/additionalProperties"), extra))
                        })
                        .collect();
                    if !extra.is_empty() {
                        self.walk(extra, value, &field_path, out);
                    } else if !open {
                        out.push(Undocumented {
                            instance_path: field_path,
                            field: key.clone(),
                            schemas: closed_names(&applicable),
                        });
                    }
                }
            }
            Value::Array(items) => {
                let item_schemas: Vec<(String, &'a Value)> = applicable
                    .iter()
                    .filter_map(|(p, s)| Some((format!("{p}/items"), s.get("items")?)))
                    .collect();
                if item_schemas.is_empty() {
                    return;
                }
                for (i, item) in items.iter().enumerate() {
                    self.walk(item_schemas.clone(), item, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// `schema` and every schema it brings in for `instance`: `$ref` targets,
    /// all `allOf` members, and the `anyOf`/`oneOf` branches the value takes.
    fn expand(
        &self,
        pointer: String,
        schema: &'a Value,
        instance: &Value,
        depth: usize,
        out: &mut Vec<(String, &'a Value)>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
            && let Some(target) = self.at(reference)
        {
            self.expand(reference.to_string(), target, instance, depth + 1, out);
        }
        out.push((pointer.clone(), schema));
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (i, member) in members.iter().enumerate() {
                self.expand(
                    format!("{pointer}/allOf/{i}"),
                    member,
                    instance,
                    depth + 1,
                    out,
                );
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            let mut taken: Vec<(String, &'a Value)> = branches
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("{pointer}/{keyword}/{i}"), b))
                .filter(|(_, b)| self.admits_type(b, instance, depth))
                .collect();
            if taken.len() > 1 {
                let valid: Vec<(String, &'a Value)> = taken
                    .iter()
                    .filter(|(p, _)| (self.validates)(p, instance))
                    .cloned()
                    .collect();
                // None valid: the schema check reports that; judge the fields
                // against every branch of the value's type meanwhile.
                if !valid.is_empty() {
                    taken = valid;
                }
            }
            for (p, branch) in taken {
                self.expand(p, branch, instance, depth + 1, out);
            }
        }
    }

    /// Whether `schema`'s `type` (through `$ref`s) admits the JSON type of
    /// `instance`; a schema without a `type` admits any.
    fn admits_type(&self, schema: &Value, instance: &Value, depth: usize) -> bool {
        let mut current = schema;
        for _ in depth..MAX_DEPTH {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.at(reference) {
                    Some(target) => current = target,
                    None => return true,
                },
                None => break,
            }
        }
        match current.get("type") {
            Some(Value::String(name)) => type_admits(name, instance),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .any(|name| type_admits(name, instance)),
            _ => true,
        }
    }
}

fn type_admits(name: &str, instance: &Value) -> bool {
    match (name, instance) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

/// Whether the schema lets an object carry properties it does not name.
fn opens(schema: &Value) -> bool {
    match schema.get("additionalProperties") {
        Some(Value::Bool(allowed)) => *allowed,
        Some(Value::Object(_)) => true,
        Some(_) => false,
        None => {
            let object_type = match schema.get("type") {
                Some(Value::String(t)) => t == "object",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
                _ => false,
            };
            object_type && schema.get("properties").is_none()
        }
    }
}

/// The schemas that declare properties, by component name where they have one.
fn closed_names(applicable: &[(String, &Value)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (pointer, _) in applicable
        .iter()
        .filter(|(_, s)| s.get("properties").is_some())
    {
        let name = pointer
            .strip_prefix(COMPONENTS)
            .unwrap_or(pointer)
            .to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// One JSON pointer token (`~` and `/` escaped).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Key": {"type": "object", "properties": {
                "id": {"type": "string"},
                "owner": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                "metadata": {"anyOf": [{"type": "object", "additionalProperties": true}, {"type": "null"}]},
                "data": {"type": "object", "description": "free-form"},
                "labels": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tag"}}
            }},
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Tag": {"type": "object", "properties": {"tag": {"type": "string"}}},
            "Created": {"allOf": [{"$ref": "#/components/schemas/Key"},
                                  {"type": "object", "properties": {"value": {"type": "string"}}}]},
            "Principal": {"oneOf": [
                {"type": "object", "properties": {"kind": {"const": "user"}, "email": {"type": "string"}}},
                {"type": "object", "properties": {"kind": {"const": "group"}, "members": {"type": "integer"}}}
            ]}
        }}})
    }

    fn never(_: &str, _: &Value) -> bool {
        panic!("only one branch admits the value's type: no validation needed")
    }

    fn fields(found: &[Undocumented]) -> Vec<(&str, &str)> {
        found
            .iter()
            .map(|u| (u.instance_path.as_str(), u.field.as_str()))
            .collect()
    }

    #[test]
    fn declared_fields_pass_and_extra_ones_are_named_with_their_path() {
        let doc = doc();
        let walker = Walker::new(&doc, &never);
        let answer = json!({
            "id": "k", "deleted": true,
            "owner": {"name": "n", "email": "e"},
            "tags": [{"tag": "a"}, {"tag": "b", "color": "red"}],
            "metadata": {"anything": 1}, "data": {"free": true},
            "labels": {"x": {"tag": "t", "extra": 1}}
        });
        let found = walker.undocumented("#/components/schemas/Key", &answer);
        let mut named = fields(&found);
        named.sort();
        assert_eq!(
            named,
            [
                ("/deleted", "deleted"),
                ("/labels/x/extra", "extra"),
                ("/owner/email", "email"),
                ("/tags/1/color", "color"),
            ]
        );
        let deleted = found.iter().find(|u| u.field == "deleted").unwrap();
        let email = found.iter().find(|u| u.field == "email").unwrap();
        assert_eq!(deleted.schemas, ["Key"]);
        assert_eq!(email.schemas, ["Owner"]);
        assert!(
            deleted.message().contains("`deleted`"),
            "{}",
            deleted.message()
        );
    }

    #[test]
    fn all_of_members_declare_fields_together() {
        let doc = doc();
        let walker = Walker::new(&doc, &never);
        let ok = json!({"id": "k", "value": "secret"});
        assert_eq!(walker.undocumented("#/components/schemas/Created", &ok), []);
        let found = walker.undocumented(
            "#/components/schemas/Created",
            &json!({"id": "k", "value": "v", "redacted": "x"}),
        );
        assert_eq!(fields(&found), [("/redacted", "redacted")]);
        assert_eq!(found[0].schemas, ["Key", "Created/allOf/1"]);
    }

    #[test]
    fn one_of_judges_a_value_by_the_branch_it_validates_against() {
        let doc = doc();
        // Stands in for the schema validator: the branch whose `kind` matches.
        let validates = |pointer: &str, instance: &Value| {
            let branch = doc.pointer(pointer.trim_start_matches('#')).unwrap();
            branch["properties"]["kind"]["const"] == instance["kind"]
        };
        let walker = Walker::new(&doc, &validates);
        let user = json!({"kind": "user", "email": "e"});
        assert_eq!(
            walker.undocumented("#/components/schemas/Principal", &user),
            []
        );
        // `members` belongs to the other branch only.
        let found = walker.undocumented(
            "#/components/schemas/Principal",
            &json!({"kind": "user", "email": "e", "members": 2}),
        );
        assert_eq!(fields(&found), [("/members", "members")]);
        assert_eq!(found[0].schemas, ["Principal/oneOf/0"]);
    }

    #[test]
    fn the_allow_list_matches_schema_and_field() {
        let found = Undocumented {
            instance_path: "/data/0/extra".into(),
            field: "extra".into(),
            schemas: vec!["Key".into()],
        };
        let list = [
            Allowed {
                schema: "Owner",
                field: "extra",
                evidence: "-",
            },
            Allowed {
                schema: "Key",
                field: "other",
                evidence: "-",
            },
            Allowed {
                schema: "Key",
                field: "extra",
                evidence: "e",
            },
        ];
        assert_eq!(found.allowed_by(&list).map(|a| a.evidence), Some("e"));
        assert_eq!(found.allowed_by(&list[..2]), None);
    }
}
