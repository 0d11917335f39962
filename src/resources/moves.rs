//! Taking over objects of OpenAI's official provider (`openai/openai`) with
//! `moved` blocks: Terraform (1.8+) calls MoveResourceState on this
//! provider with the official object's stored state, and the state returned
//! here replaces it. Nothing is sent to the API; Terraform refreshes the
//! moved object right after (UpgradeResourceState, then ReadResource).
//!
//! Each official type has exactly one target type here. Attributes are
//! carried over as stored (IDs, names, the join role, permissions as a set);
//! what the official state does not hold (a member's email, an assignment's
//! role name) is left null for that refresh to fill in.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::declared::settings::{self, ORGANIZATION_ID, Owner, Setting, Shape};
use super::declared::{self, Declaration};
use crate::diagnostics::Diagnostics;
use crate::provider::MoveRequest;
use crate::value::{Value, value_from_json};

/// Registry addresses of OpenAI's official provider.
const OFFICIAL_PROVIDERS: [&str; 2] = [
    "registry.terraform.io/openai/openai",
    "registry.opentofu.org/openai/openai",
];

/// No official resource type declares a schema version, so every state it
/// writes has version 0.
const OFFICIAL_SCHEMA_VERSION: i64 = 0;

const GUIDE: &str = "docs/guides/migrating-from-the-official-provider.md";

/// One official resource type and the type of this provider it becomes.
struct Mapping {
    source: &'static str,
    target: &'static str,
    /// The target's import ID, for the removed + import alternative.
    import_id: &'static str,
    convert: Convert,
}

/// How a mapping builds the target's state.
#[derive(Clone, Copy)]
enum Convert {
    /// Written for the pair of types.
    By(fn(&Source) -> Result<Value, Diagnostics>),
    /// A declared type (`resources/declared`): attributes copied by name,
    /// those the target lacks dropped, its import ID's parts required.
    Declared(&'static Declaration),
    /// A settings type (`resources/declared/settings`): attributes copied
    /// by name; what destroy restores is taken at the first refresh.
    Setting(&'static Setting),
}

const MAPPINGS: [Mapping; 10] = [
    Mapping {
        source: "openai_project_role",
        target: "openai_project_role",
        import_id: "<project_id>/<role_id>",
        convert: Convert::By(|s| custom_role(s, true)),
    },
    Mapping {
        source: "openai_role",
        target: "openai_organization_role",
        import_id: "<role_id>",
        convert: Convert::By(|s| custom_role(s, false)),
    },
    Mapping {
        source: "openai_project_group_role",
        target: "openai_group_role_assignment",
        import_id: "<project_id>/<group_id>/<role_id>",
        convert: Convert::By(|s| group_role(s, true)),
    },
    Mapping {
        source: "openai_group_role",
        target: "openai_group_role_assignment",
        import_id: "<group_id>/<role_id>",
        convert: Convert::By(|s| group_role(s, false)),
    },
    Mapping {
        source: "openai_project_user_role",
        target: "openai_user_role_assignment",
        import_id: "<project_id>/<user_id>/<role_id>",
        convert: Convert::By(|s| user_role(s, true)),
    },
    Mapping {
        source: "openai_user_role",
        target: "openai_user_role_assignment",
        import_id: "<user_id>/<role_id>",
        convert: Convert::By(|s| user_role(s, false)),
    },
    Mapping {
        source: "openai_group",
        target: "openai_group",
        import_id: "<group_id>",
        convert: Convert::By(group),
    },
    Mapping {
        source: "openai_group_user",
        target: "openai_group_user",
        import_id: "<group_id>/<user_id>",
        convert: Convert::By(group_user),
    },
    Mapping {
        source: "openai_project_group",
        target: "openai_project_group",
        import_id: "<project_id>/<group_id>/<role_id>",
        convert: Convert::By(project_group),
    },
    Mapping {
        source: "openai_project_user",
        target: "openai_project_user",
        import_id: "<project_id>/<user_id>",
        convert: Convert::By(project_user),
    },
];

/// Every supported move: the written [`MAPPINGS`], then one per declared
/// type that has an official counterpart.
fn all_mappings() -> Vec<Mapping> {
    let declared = declared::declarations().iter().filter_map(|decl| {
        let source = decl.official?;
        Some(Mapping {
            source,
            target: decl.type_name,
            import_id: declared::intern(decl.import_format()),
            convert: Convert::Declared(decl),
        })
    });
    let settings = settings::settings().iter().filter_map(|setting| {
        Some(Mapping {
            source: setting.official?,
            target: setting.type_name,
            import_id: declared::intern(setting.import_format()),
            convert: Convert::Setting(setting),
        })
    });
    let written = MAPPINGS.iter().map(|m| Mapping {
        convert: m.convert,
        ..*m
    });
    written.chain(declared).chain(settings).collect()
}

/// `s` as a state of `decl`: the official and the declared type share
/// their attribute names.
fn by_name(decl: &Declaration, s: &Source) -> Result<Value, Diagnostics> {
    for part in decl.import_parts() {
        s.id(part)?;
    }
    let ty = declared::resource_value_type(decl);
    let mut state = value_from_json(&Json::Object(s.attrs.clone()), &ty)
        .map_err(|e| s.malformed(e.path.trim_start_matches('.'), "of the documented type"))?;
    if state.get("id").is_null() {
        state.set("id", Value::string(s.id(decl.routes.id_param)?));
    }
    Ok(state)
}

/// `s` as a state of the settings type `setting`: the official type has
/// the same attribute names; `id` (and `singleton_id`) follow the owner.
/// `restored_on_destroy` stays null: the first refresh remembers the value
/// found then, as this provider takes the setting over.
fn setting_by_name(setting: &Setting, s: &Source) -> Result<Value, Diagnostics> {
    for part in setting.import_parts() {
        s.id(part)?;
    }
    let ty = settings::resource_value_type(setting);
    let mut state = value_from_json(&Json::Object(s.attrs.clone()), &ty)
        .map_err(|e| s.malformed(e.path.trim_start_matches('.'), "of the documented type"))?;
    let id = match (&setting.shape, setting.owner) {
        (Shape::Listed { id_param, .. }, _) => s.id(id_param)?,
        (Shape::Singleton, Owner::Project) => s.id("project_id")?,
        (Shape::Singleton, Owner::Organization) => {
            state.set("singleton_id", Value::string(ORGANIZATION_ID));
            ORGANIZATION_ID.to_owned()
        }
    };
    state.set("id", Value::string(id));
    Ok(state)
}

/// The state of `request.target_type` for the official object in
/// `request`, or an error saying which moves are supported and what to do
/// instead.
pub(crate) fn move_state(request: &MoveRequest<'_>) -> Result<Value, Diagnostics> {
    if !OFFICIAL_PROVIDERS.contains(&request.source_provider_address) {
        return Err(unsupported_source(request));
    }
    let mappings = all_mappings();
    let Some(mapping) = mappings.iter().find(|m| m.source == request.source_type) else {
        return Err(unsupported_source(request));
    };
    if mapping.target != request.target_type {
        return Err(wrong_target(request, mapping));
    }
    if request.source_schema_version != OFFICIAL_SCHEMA_VERSION {
        return Err(unknown_version(request, mapping));
    }
    let source = Source::parse(request, mapping)?;
    match mapping.convert {
        Convert::By(convert) => convert(&source),
        Convert::Declared(decl) => by_name(decl, &source),
        Convert::Setting(setting) => setting_by_name(setting, &source),
    }
}

/// "official type -> our type" for every supported move, one per line.
fn supported_list() -> String {
    all_mappings()
        .iter()
        .map(|m| format!("  {} -> {}", m.source, m.target))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The import ID of `mapping`'s target when the source is known; else
/// every import ID `target_type` takes (an assignment's differs with and
/// without a project).
fn import_id_advice(target_type: &str, mapping: Option<&Mapping>) -> String {
    if let Some(mapping) = mapping {
        return format!("import ID {}", mapping.import_id);
    }
    let mut ids: Vec<&str> = all_mappings()
        .iter()
        .filter(|m| m.target == target_type)
        .map(|m| m.import_id)
        .collect();
    ids.dedup();
    if ids.is_empty() {
        "its import ID".to_owned()
    } else {
        format!("import ID {}", ids.join(" or "))
    }
}

/// The removed + import alternative, for `request.target_type`.
fn alternative(request: &MoveRequest<'_>, mapping: Option<&Mapping>) -> String {
    format!(
        "To bring the object under this provider without re-creating it, replace the \
         `moved` block with a `removed` block for the old resource (lifecycle {{ destroy = \
         false }}) and an `import` block for the {} resource ({}). See {GUIDE}.",
        request.target_type,
        import_id_advice(request.target_type, mapping)
    )
}

fn unsupported_source(request: &MoveRequest<'_>) -> Diagnostics {
    Diagnostics::from_error(
        format!(
            "Cannot move {} to {}",
            request.source_type, request.target_type
        ),
        format!(
            "This provider can take over, through `moved` blocks, these resource types of \
             OpenAI's official provider (openai/openai) only:\n{}\n\n{} of {} is not one of \
             them. {}",
            supported_list(),
            request.source_type,
            request.source_provider_address,
            alternative(request, None)
        ),
    )
}

fn wrong_target(request: &MoveRequest<'_>, mapping: &Mapping) -> Diagnostics {
    Diagnostics::from_error(
        format!(
            "Cannot move {} to {}",
            request.source_type, request.target_type
        ),
        format!(
            "An {} of the official provider becomes an {} of this provider, not an {}. \
             Point the `to` of the `moved` block at an {} resource.",
            mapping.source, mapping.target, request.target_type, mapping.target
        ),
    )
}

fn unknown_version(request: &MoveRequest<'_>, mapping: &Mapping) -> Diagnostics {
    Diagnostics::from_error(
        format!("Cannot move {}: unknown state version", request.source_type),
        format!(
            "The {} state has schema version {}, written by an official provider version \
             this provider does not know (it knows version {OFFICIAL_SCHEMA_VERSION}). {}",
            mapping.source,
            request.source_schema_version,
            alternative(request, Some(mapping))
        ),
    )
}

/// The official object's stored attributes.
struct Source<'a> {
    type_name: &'a str,
    attrs: Map<String, Json>,
}

impl<'a> Source<'a> {
    fn parse(request: &MoveRequest<'a>, mapping: &Mapping) -> Result<Self, Diagnostics> {
        if request.source_state_json.is_empty() {
            // Terraform sends a state's JSON form; a state stored only in
            // the flatmap form of Terraform before 0.12 has none.
            return Err(Self::unreadable(
                request,
                mapping,
                "Terraform sent no JSON form of it, only the legacy flatmap form, which this \
                 provider does not read; refresh the object with the official provider first \
                 (terraform apply -refresh-only) so that its state is stored as JSON",
            ));
        }
        match serde_json::from_slice(request.source_state_json) {
            Ok(Json::Object(attrs)) => Ok(Source {
                type_name: request.source_type,
                attrs,
            }),
            Ok(_) => Err(Self::unreadable(
                request,
                mapping,
                "it is not a JSON object",
            )),
            Err(e) => Err(Self::unreadable(request, mapping, &e.to_string())),
        }
    }

    fn unreadable(request: &MoveRequest<'_>, mapping: &Mapping, why: &str) -> Diagnostics {
        Diagnostics::from_error(
            format!("Cannot read the {} state to move", request.source_type),
            format!(
                "Terraform passed a state this provider cannot read ({why}). {}",
                alternative(request, Some(mapping))
            ),
        )
    }

    /// An ID the object cannot be found without: a non-empty string.
    fn id(&self, name: &str) -> Result<String, Diagnostics> {
        match self.attrs.get(name) {
            Some(Json::String(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(Diagnostics::from_error(
                format!("Cannot move {}: no {name} in its state", self.type_name),
                format!(
                    "The stored {} has no {name}, so the object it manages cannot be \
                     identified. Refresh it with the official provider first \
                     (terraform apply -refresh-only), or adopt the object with an `import` \
                     block instead (see {GUIDE}).",
                    self.type_name
                ),
            )),
        }
    }

    /// The first of `names` that holds an ID (`role_id`, else `id`).
    fn first_id(&self, names: &[&str]) -> Result<String, Diagnostics> {
        names
            .iter()
            .find_map(|name| self.id(name).ok())
            .map_or_else(|| self.id(names[0]), Ok)
    }

    /// A string attribute as stored; null when absent or not a string.
    fn string(&self, name: &str) -> Value {
        match self.attrs.get(name) {
            Some(Json::String(s)) => Value::string(s),
            _ => Value::Null,
        }
    }

    fn bool(&self, name: &str) -> Value {
        match self.attrs.get(name) {
            Some(Json::Bool(b)) => Value::Bool(*b),
            _ => Value::Null,
        }
    }

    fn number(&self, name: &str) -> Value {
        match self.attrs.get(name).and_then(Json::as_f64) {
            Some(n) => Value::Number(n),
            None => Value::Null,
        }
    }

    /// A list of strings (the official `permissions`) as a set.
    fn string_set(&self, name: &str) -> Result<Value, Diagnostics> {
        match self.attrs.get(name) {
            None | Some(Json::Null) => Ok(Value::Null),
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(Value::string))
                .collect::<Option<Vec<_>>>()
                .map(Value::Set)
                .ok_or_else(|| self.malformed(name, "a list of strings")),
            Some(_) => Err(self.malformed(name, "a list of strings")),
        }
    }

    fn malformed(&self, name: &str, expected: &str) -> Diagnostics {
        Diagnostics::from_error(
            format!("Cannot move {}: unexpected {name}", self.type_name),
            format!(
                "The stored {name} of the {} is not {expected}. Adopt the object with an \
                 `import` block instead (see {GUIDE}).",
                self.type_name
            ),
        )
    }
}

fn object(attrs: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        attrs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// `openai_project_role` / `openai_role` -> `openai_project_role` /
/// `openai_organization_role`: `role_name` becomes `name` (kept as
/// `role_name` too, added with every state), the permission list a set.
fn custom_role(s: &Source, in_project: bool) -> Result<Value, Diagnostics> {
    let role_id = s.first_id(&["role_id", "id"])?;
    let mut state = object([
        ("id", Value::string(&role_id)),
        ("name", s.string("role_name")),
        ("permissions", s.string_set("permissions")?),
        ("description", s.string("description")),
        ("resource_type", s.string("resource_type")),
        ("predefined_role", s.bool("predefined_role")),
    ]);
    if in_project {
        state.set("project_id", Value::string(s.id("project_id")?));
        state.set("role_id", Value::string(role_id));
    }
    Ok(state)
}

/// The key attributes of an assignment to the principal `principal_attr`
/// (in a project or, without one, in the organization), with its
/// `<project_id>/<principal>/<role_id>` or `<principal>/<role_id>` ID.
fn assignment(
    s: &Source,
    principal_attr: &'static str,
    in_project: bool,
) -> Result<Value, Diagnostics> {
    let project_id = in_project.then(|| s.id("project_id")).transpose()?;
    let principal = s.id(principal_attr)?;
    let role_id = s.id("role_id")?;
    let id = match &project_id {
        Some(project) => format!("{project}/{principal}/{role_id}"),
        None => format!("{principal}/{role_id}"),
    };
    Ok(object([
        ("id", Value::string(id)),
        ("project_id", Value::opt_string(project_id)),
        (principal_attr, Value::string(principal)),
        ("role_id", Value::string(role_id)),
    ]))
}

/// `openai_project_group_role` / `openai_group_role` ->
/// `openai_group_role_assignment` (with or without `project_id`).
fn group_role(s: &Source, in_project: bool) -> Result<Value, Diagnostics> {
    assignment(s, "group_id", in_project)
}

/// `openai_project_user_role` / `openai_user_role` ->
/// `openai_user_role_assignment`. The project variant stores the role's
/// details, which are kept (`name` is `role_name` too, added with every
/// state).
fn user_role(s: &Source, in_project: bool) -> Result<Value, Diagnostics> {
    let mut state = assignment(s, "user_id", in_project)?;
    if in_project {
        state.set("role_name", s.string("name"));
        state.set("description", s.string("description"));
        state.set("permissions", s.string_set("permissions")?);
        state.set("resource_type", s.string("resource_type"));
        state.set("predefined_role", s.bool("predefined_role"));
    }
    Ok(state)
}

/// `openai_group` -> `openai_group`, every attribute by name (`group_id`
/// is added with every state: see `crate::spellings`).
fn group(s: &Source) -> Result<Value, Diagnostics> {
    Ok(object([
        ("id", Value::string(s.first_id(&["group_id", "id"])?)),
        ("name", s.string("name")),
        ("created_at", s.number("created_at")),
        ("is_scim_managed", s.bool("is_scim_managed")),
        ("group_type", s.string("group_type")),
    ]))
}

/// `<first>/<second>` pair resources: their two IDs and the joined `id`.
fn pair(s: &Source, first: &'static str, second: &'static str) -> Result<Value, Diagnostics> {
    let (a, b) = (s.id(first)?, s.id(second)?);
    Ok(object([
        ("id", Value::string(format!("{a}/{b}"))),
        (first, Value::string(a)),
        (second, Value::string(b)),
    ]))
}

fn group_user(s: &Source) -> Result<Value, Diagnostics> {
    pair(s, "group_id", "user_id")
}

/// `openai_project_group` -> `openai_project_group`: the join `role` as the
/// official provider stored it (as configured), which an import could not
/// always tell.
fn project_group(s: &Source) -> Result<Value, Diagnostics> {
    let mut state = pair(s, "project_id", "group_id")?;
    state.set("role", s.string("role"));
    state.set("group_name", s.string("group_name"));
    state.set("created_at", s.number("created_at"));
    state.set("group_type", s.string("group_type"));
    Ok(state)
}

/// `openai_project_user` -> `openai_project_user`, every attribute by name
/// (the official `email` lookup aside: `user_id` is required here).
fn project_user(s: &Source) -> Result<Value, Diagnostics> {
    let mut state = pair(s, "project_id", "user_id")?;
    state.set("role", s.string("role"));
    state.set("email", s.string("email"));
    state.set("name", s.string("name"));
    state.set("added_at", s.number("added_at"));
    Ok(state)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::provider::Provider;
    use crate::value::Type;

    const OFFICIAL: &str = "registry.terraform.io/openai/openai";

    fn request<'a>(source: &'a str, target: &'a str, json: &'a [u8]) -> MoveRequest<'a> {
        MoveRequest {
            source_provider_address: OFFICIAL,
            source_type: source,
            source_schema_version: 0,
            source_state_json: json,
            target_type: target,
        }
    }

    /// Moves `state` of `source` to `target` through the provider, as the
    /// RPC does (so the result is completed to the target schema).
    fn moved(source: &str, target: &str, state: Json) -> Value {
        let json = state.to_string().into_bytes();
        Provider::new()
            .move_resource_state(&request(source, target, &json))
            .unwrap_or_else(|d| panic!("{source} -> {target}: {d:?}"))
    }

    fn error_text(result: Result<Value, Diagnostics>) -> String {
        let diags = result.expect_err("the move is refused");
        assert!(diags.has_errors());
        diags
            .0
            .iter()
            .map(|d| format!("{} {}", d.summary, d.detail))
            .collect()
    }

    /// A state the official provider writes for each source type, as its
    /// schema (internal/provider/resources/*/resource_*.go) declares it.
    fn official_state(source: &str) -> Json {
        let role = json!({
            "role_id": "role_01J1F8PROJ", "id": "role_01J1F8PROJ",
            "role_name": "Key Manager",
            "permissions": ["api.organization.projects.api_keys.write",
                            "api.organization.projects.api_keys.read"],
            "description": "Manages keys", "resource_type": "api.project",
            "predefined_role": false
        });
        match source {
            "openai_project_role" => {
                let mut role = role;
                role["project_id"] = json!("proj_alpha");
                role
            }
            "openai_role" => role,
            "openai_project_group_role" => {
                json!({"project_id": "proj_alpha", "group_id": "group_a", "role_id": "role_1"})
            }
            "openai_group_role" => json!({"group_id": "group_a", "role_id": "role_1"}),
            "openai_project_user_role" => json!({
                "project_id": "proj_alpha", "user_id": "user_b", "role_id": "role-api-project-member",
                "name": "member", "description": "Member", "permissions": ["api.model.read"],
                "resource_type": "api.project", "predefined_role": true
            }),
            "openai_user_role" => json!({"user_id": "user_b", "role_id": "role_1"}),
            "openai_group" => json!({
                "group_id": "group_a", "id": "group_a", "name": "Platform",
                "created_at": 1711471533, "is_scim_managed": false, "group_type": "group"
            }),
            "openai_group_user" => json!({"group_id": "group_a", "user_id": "user_b"}),
            "openai_project_group" => json!({
                "project_id": "proj_alpha", "group_id": "group_a",
                "role": "role-api-project-member", "group_name": "Platform",
                "group_type": "group", "created_at": 1711471533
            }),
            "openai_project_user" => json!({
                "project_id": "proj_alpha", "user_id": "user_b", "email": "b@example.com",
                "role": "member", "name": "B", "added_at": 1711471533
            }),
            other => panic!("no sample for {other}"),
        }
    }

    fn conforms(value: &Value, ty: &Type) -> bool {
        match (value, ty) {
            (Value::Null, _) => true,
            (Value::String(_), Type::String)
            | (Value::Number(_), Type::Number)
            | (Value::Bool(_), Type::Bool) => true,
            (Value::Set(items), Type::Set(el)) => items.iter().all(|i| conforms(i, el)),
            _ => false,
        }
    }

    #[test]
    fn every_move_gives_a_complete_state_of_the_target_schema() {
        let provider = Provider::new();
        for mapping in &MAPPINGS {
            let state = moved(
                mapping.source,
                mapping.target,
                official_state(mapping.source),
            );
            let schema = provider.resource(mapping.target).unwrap().schema();
            let Value::Object(attrs) = &state else {
                panic!("{}: not an object", mapping.source)
            };
            let Type::Object(types) = schema.value_type() else {
                unreachable!("schemas are objects")
            };
            assert_eq!(
                attrs.keys().collect::<Vec<_>>(),
                types.keys().collect::<Vec<_>>(),
                "{} -> {}",
                mapping.source,
                mapping.target
            );
            for (name, value) in attrs {
                assert!(
                    conforms(value, &types[name]),
                    "{}.{name} = {value:?} is not a {:?}",
                    mapping.target,
                    types[name]
                );
            }
            assert!(state.is_wholly_known());
            assert!(state.get("timeouts").is_null());
        }
    }

    /// The attributes each move must fill from a complete official state;
    /// every other attribute of the target is left for the refresh.
    const CARRIED_OVER: [(&str, &[&str]); 10] = [
        (
            "openai_project_role",
            &[
                "description",
                "id",
                "name",
                "permissions",
                "predefined_role",
                "project_id",
                "resource_type",
                "role_id",
                // Not in the move's state: the provider adds the official
                // spelling of `name` to every state.
                "role_name",
            ],
        ),
        (
            "openai_role",
            &[
                "description",
                "id",
                "name",
                "permissions",
                "predefined_role",
                "resource_type",
                // Not in the move's state: the provider adds the official
                // names of `id` and `name` to every state.
                "role_id",
                "role_name",
            ],
        ),
        (
            "openai_project_group_role",
            &["group_id", "id", "project_id", "role_id"],
        ),
        ("openai_group_role", &["group_id", "id", "role_id"]),
        (
            "openai_project_user_role",
            &[
                "description",
                "id",
                // Not in the move's state: the provider adds the official
                // spelling of `role_name` to every state.
                "name",
                "permissions",
                "predefined_role",
                "project_id",
                "resource_type",
                "role_id",
                "role_name",
                "user_id",
            ],
        ),
        ("openai_user_role", &["id", "role_id", "user_id"]),
        (
            "openai_group",
            &[
                "created_at",
                "group_id",
                "group_type",
                "id",
                "is_scim_managed",
                "name",
            ],
        ),
        ("openai_group_user", &["group_id", "id", "user_id"]),
        (
            "openai_project_group",
            &[
                "created_at",
                "group_id",
                "group_name",
                "group_type",
                "id",
                "project_id",
                "role",
            ],
        ),
        (
            "openai_project_user",
            &[
                "added_at",
                "email",
                "id",
                "name",
                "project_id",
                "role",
                "user_id",
            ],
        ),
    ];

    #[test]
    fn every_move_carries_over_exactly_what_the_official_state_holds() {
        assert_eq!(CARRIED_OVER.len(), MAPPINGS.len());
        for (mapping, (source, expected)) in MAPPINGS.iter().zip(CARRIED_OVER) {
            assert_eq!(mapping.source, source, "same order as MAPPINGS");
            let state = moved(source, mapping.target, official_state(source));
            let Value::Object(attrs) = &state else {
                panic!("{source}: not an object")
            };
            let set: Vec<&str> = attrs
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, _)| name.as_str())
                .collect();
            assert_eq!(set, expected, "{source} -> {}", mapping.target);
        }
    }

    #[test]
    fn roles_keep_their_id_name_permissions_and_project() {
        let state = moved(
            "openai_project_role",
            "openai_project_role",
            official_state("openai_project_role"),
        );
        assert_eq!(state.get_str("id"), Some("role_01J1F8PROJ"));
        assert_eq!(state.get_str("project_id"), Some("proj_alpha"));
        assert_eq!(state.get_str("name"), Some("Key Manager"));
        assert_eq!(
            state.get("permissions"),
            &Value::string_set([
                "api.organization.projects.api_keys.read",
                "api.organization.projects.api_keys.write"
            ])
        );
        assert_eq!(state.get_str("description"), Some("Manages keys"));
        assert_eq!(state.get_str("resource_type"), Some("api.project"));
        assert_eq!(state.get("predefined_role"), &Value::Bool(false));

        let mut org = official_state("openai_role");
        org["description"] = json!("Reads keys");
        let state = moved("openai_role", "openai_organization_role", org);
        assert_eq!(state.get_str("id"), Some("role_01J1F8PROJ"));
        assert_eq!(state.get_str("description"), Some("Reads keys"));
        assert!(state.get("project_id").is_null());
    }

    #[test]
    fn a_role_without_role_id_falls_back_to_id() {
        let mut role = official_state("openai_role");
        role["role_id"] = Json::Null;
        let state = moved("openai_role", "openai_organization_role", role);
        assert_eq!(state.get_str("id"), Some("role_01J1F8PROJ"));
    }

    #[test]
    fn assignments_get_the_ids_of_this_provider() {
        let cases = [
            (
                "openai_project_group_role",
                "openai_group_role_assignment",
                "proj_alpha/group_a/role_1",
            ),
            (
                "openai_group_role",
                "openai_group_role_assignment",
                "group_a/role_1",
            ),
            (
                "openai_project_user_role",
                "openai_user_role_assignment",
                "proj_alpha/user_b/role-api-project-member",
            ),
            (
                "openai_user_role",
                "openai_user_role_assignment",
                "user_b/role_1",
            ),
        ];
        for (source, target, id) in cases {
            let state = moved(source, target, official_state(source));
            assert_eq!(state.get_str("id"), Some(id), "{source}");
            let project = id.starts_with("proj_").then_some("proj_alpha");
            assert_eq!(state.get_str("project_id"), project, "{source}");
        }
        let group = moved(
            "openai_group_role",
            "openai_group_role_assignment",
            official_state("openai_group_role"),
        );
        assert_eq!(group.get_str("group_id"), Some("group_a"));
        assert!(group.get("group_name").is_null() && group.get("role_name").is_null());

        let user = moved(
            "openai_project_user_role",
            "openai_user_role_assignment",
            official_state("openai_project_user_role"),
        );
        assert_eq!(user.get_str("user_id"), Some("user_b"));
        assert_eq!(user.get_str("role_id"), Some("role-api-project-member"));
        assert_eq!(user.get_str("role_name"), Some("member"));
        assert_eq!(
            user.get_str("name"),
            Some("member"),
            "the official name too"
        );
        assert_eq!(user.get_str("description"), Some("Member"));
        assert_eq!(
            user.get("permissions"),
            &Value::string_set(["api.model.read"])
        );
        assert_eq!(user.get("predefined_role"), &Value::Bool(true));
        assert!(user.get("user_email").is_null());
    }

    #[test]
    fn memberships_keep_what_both_schemas_have() {
        let group = moved(
            "openai_group",
            "openai_group",
            official_state("openai_group"),
        );
        assert_eq!(group.get_str("id"), Some("group_a"));
        assert_eq!(group.get_str("name"), Some("Platform"));
        assert_eq!(group.get("created_at"), &Value::Number(1711471533.0));
        assert_eq!(group.get("is_scim_managed"), &Value::Bool(false));

        let member = moved(
            "openai_group_user",
            "openai_group_user",
            official_state("openai_group_user"),
        );
        assert_eq!(member.get_str("id"), Some("group_a/user_b"));
        assert!(member.get("email").is_null());

        let access = moved(
            "openai_project_group",
            "openai_project_group",
            official_state("openai_project_group"),
        );
        assert_eq!(access.get_str("id"), Some("proj_alpha/group_a"));
        assert_eq!(access.get_str("role"), Some("role-api-project-member"));
        assert_eq!(access.get_str("group_name"), Some("Platform"));
        assert_eq!(access.get("created_at"), &Value::Number(1711471533.0));

        let user = moved(
            "openai_project_user",
            "openai_project_user",
            official_state("openai_project_user"),
        );
        assert_eq!(user.get_str("id"), Some("proj_alpha/user_b"));
        assert_eq!(user.get_str("role"), Some("member"));
        assert_eq!(user.get_str("email"), Some("b@example.com"));
    }

    #[test]
    fn an_unsupported_source_names_the_supported_ones_and_the_alternative() {
        let json = br#"{"id": "x", "input": null}"#;
        let mut req = request("terraform_data", "openai_group", json);
        req.source_provider_address = "terraform.io/builtin/terraform";
        let text = error_text(move_state(&req));
        assert!(
            text.contains("Cannot move terraform_data to openai_group"),
            "{text}"
        );
        assert!(
            text.contains("openai_role -> openai_organization_role"),
            "{text}"
        );
        assert!(
            text.contains("openai_project_user -> openai_project_user"),
            "{text}"
        );
        assert!(text.contains("`removed` block"), "{text}");
        assert!(text.contains("import ID <group_id>"), "{text}");
        assert!(text.contains(GUIDE), "{text}");
    }

    #[test]
    fn an_official_type_name_from_another_provider_is_not_taken_for_the_official_one() {
        let json = official_state("openai_group").to_string().into_bytes();
        let mut req = request("openai_group", "openai_group", &json);
        req.source_provider_address = "registry.terraform.io/tfopenai/openai";
        let text = error_text(move_state(&req));
        assert!(text.contains("registry.terraform.io/tfopenai/openai is not one of them"));
        req.source_provider_address = "registry.opentofu.org/openai/openai";
        assert!(move_state(&req).is_ok());
    }

    #[test]
    fn a_wrong_target_names_the_right_one() {
        let json = official_state("openai_group_user").to_string().into_bytes();
        let req = request("openai_group_user", "openai_group_members", &json);
        let text = error_text(move_state(&req));
        assert!(
            text.contains(
                "becomes an openai_group_user of this provider, not an openai_group_members"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_newer_schema_version_is_refused() {
        let json = official_state("openai_group").to_string().into_bytes();
        let mut req = request("openai_group", "openai_group", &json);
        req.source_schema_version = 1;
        let text = error_text(move_state(&req));
        assert!(text.contains("schema version 1"), "{text}");
        assert!(text.contains("import ID <group_id>)"), "{text}");
    }

    #[test]
    fn the_alternative_names_the_import_id_of_the_source_when_known() {
        // An organization assignment: not the project one's import ID,
        // though both become an openai_group_role_assignment.
        let json = official_state("openai_group_role").to_string().into_bytes();
        let mut req = request("openai_group_role", "openai_group_role_assignment", &json);
        req.source_schema_version = 1;
        let text = error_text(move_state(&req));
        assert!(text.contains("(import ID <group_id>/<role_id>)"), "{text}");

        let req = request("openai_user_role", "openai_user_role_assignment", b"[]");
        let text = error_text(move_state(&req));
        assert!(text.contains("(import ID <user_id>/<role_id>)"), "{text}");

        // Source unknown: every import ID the target takes.
        let mut req = request("openai_vector_store", "openai_group_role_assignment", b"{}");
        let text = error_text(move_state(&req));
        assert!(
            text.contains("(import ID <project_id>/<group_id>/<role_id> or <group_id>/<role_id>)"),
            "{text}"
        );
        req.target_type = "openai_project_role";
        let text = error_text(move_state(&req));
        assert!(
            text.contains("(import ID <project_id>/<role_id>)"),
            "{text}"
        );
    }

    #[test]
    fn a_state_without_its_json_form_says_so() {
        let req = request("openai_group_user", "openai_group_user", b"");
        let text = error_text(move_state(&req));
        assert!(
            text.contains("Terraform sent no JSON form of it, only the legacy flatmap form"),
            "{text}"
        );
        assert!(!text.contains("EOF while parsing"), "{text}");
        assert!(text.contains("import ID <group_id>/<user_id>"), "{text}");
    }

    #[test]
    fn a_state_without_its_ids_or_with_odd_values_is_refused_by_name() {
        let json = br#"{"group_id": "group_a", "user_id": null}"#;
        let text = error_text(move_state(&request(
            "openai_group_user",
            "openai_group_user",
            json,
        )));
        assert!(text.contains("no user_id in its state"), "{text}");

        let json = br#"{"role_id": "r", "role_name": "n", "permissions": [1]}"#;
        let text = error_text(move_state(&request(
            "openai_role",
            "openai_organization_role",
            json,
        )));
        assert!(text.contains("unexpected permissions"), "{text}");

        let text = error_text(move_state(&request(
            "openai_role",
            "openai_organization_role",
            b"[]",
        )));
        assert!(text.contains("not a JSON object"), "{text}");
    }

    #[test]
    fn an_unknown_target_type_is_refused_before_mapping() {
        let json = official_state("openai_role").to_string().into_bytes();
        let result =
            Provider::new().move_resource_state(&request("openai_role", "openai_role", &json));
        let text = error_text(result);
        assert!(text.contains("no resource type \"openai_role\""), "{text}");
    }

    #[test]
    fn settings_move_with_their_attributes_and_nothing_remembered_yet() {
        let retention = moved(
            "openai_project_data_retention",
            "openai_project_data_retention",
            json!({"project_id": "proj_alpha", "type": "none",
                   "object": "project.data_retention"}),
        );
        assert_eq!(retention.get_str("id"), Some("proj_alpha"));
        assert_eq!(retention.get_str("type"), Some("none"));
        assert_eq!(retention.get("restored_on_destroy"), &Value::Null);
        let spend = moved(
            "openai_organization_spend_limit",
            "openai_organization_spend_limit",
            json!({"threshold_amount": 10000, "currency": "USD", "interval": "month",
                   "enforcement_status": "inactive", "singleton_id": "organization"}),
        );
        assert_eq!(spend.get_str("id"), Some("organization"));
        assert_eq!(spend.get("threshold_amount"), &Value::Number(10000.0));
        let limit = moved(
            "openai_project_rate_limit",
            "openai_project_rate_limit",
            json!({"project_id": "proj_alpha", "rate_limit_id": "rl-o3", "id": "rl-o3",
                   "model": "o3", "max_requests_per_1_minute": 10}),
        );
        assert_eq!(limit.get_str("id"), Some("rl-o3"));
        let json = serde_json::to_vec(&json!({"project_id": "proj_alpha"})).unwrap();
        let result = Provider::new().move_resource_state(&request(
            "openai_project_rate_limit",
            "openai_project_rate_limit",
            &json,
        ));
        let text = error_text(result);
        assert!(text.contains("no rate_limit_id in its state"), "{text}");
    }

    #[test]
    fn spend_alerts_and_certificates_move_from_the_official_types() {
        let alert = moved(
            "openai_project_spend_alert",
            "openai_project_spend_alert",
            json!({"id": "alert_1", "alert_id": "alert_1", "project_id": "proj_alpha",
                   "threshold_amount": 2000, "currency": "USD", "interval": "month",
                   "notification_channel_type": "email",
                   "notification_channel_recipients": ["a@example.com"],
                   "notification_channel_subject_prefix": null}),
        );
        assert_eq!(alert.get("threshold_amount"), &Value::Number(2000.0));
        assert_eq!(alert.get_str("project_id"), Some("proj_alpha"));
        assert_eq!(
            alert.get("notification_channel_recipients"),
            &Value::List(vec![Value::string("a@example.com")])
        );
        let certificate = moved(
            "openai_certificate",
            "openai_certificate",
            json!({"id": "cert_1", "certificate_id": "cert_1", "name": "mtls",
                   "certificate": "-----BEGIN CERTIFICATE-----", "created_at": 1,
                   "valid_at": 2, "expires_at": 3}),
        );
        assert_eq!(certificate.get_str("certificate_id"), Some("cert_1"));
        assert_eq!(certificate.get("expires_at"), &Value::Number(3.0));
        // Activation is new here: not managed until configured.
        assert_eq!(certificate.get("active_project_ids"), &Value::Null);
        let org = moved(
            "openai_organization_spend_alert",
            "openai_organization_spend_alert",
            json!({"id": "alert_2", "alert_id": "alert_2", "threshold_amount": 5}),
        );
        assert_eq!(org.get_str("alert_id"), Some("alert_2"));
    }

    #[test]
    fn declared_types_move_with_their_attributes_copied_by_name() {
        let state = moved(
            "openai_project_service_account",
            "openai_project_service_account",
            json!({"project_id": "proj_alpha", "service_account_id": "svc_acct_1",
                   "id": "svc_acct_1", "name": "ci", "created_at": 1711471533}),
        );
        assert_eq!(state.get_str("service_account_id"), Some("svc_acct_1"));
        assert_eq!(state.get_str("project_id"), Some("proj_alpha"));
        assert_eq!(state.get("created_at"), &Value::Number(1711471533.0));
        assert_eq!(state.get("role"), &Value::Null);

        let invite = moved(
            "openai_invite",
            "openai_invite",
            json!({"invite_id": "invite-1", "id": "invite-1", "email": "a@example.com",
                   "role": "reader", "projects": [{"id": "proj_alpha", "role": "member"}],
                   "status": "pending", "created_at": 1, "expires_at": 2, "accepted_at": null}),
        );
        assert_eq!(
            invite.get("projects").clone(),
            Value::List(vec![{
                let mut p = Value::Object(Default::default());
                p.set("id", Value::string("proj_alpha"));
                p.set("role", Value::string("member"));
                p
            }])
        );
        let user = moved(
            "openai_organization_user",
            "openai_organization_user",
            json!({"user_id": "user-1", "role": "reader", "email": "a@example.com"}),
        );
        assert_eq!(user.get_str("id"), Some("user-1"));

        let missing = request(
            "openai_project_service_account",
            "openai_project_service_account",
            br#"{"service_account_id": "svc_acct_1"}"#,
        );
        let text = error_text(Provider::new().move_resource_state(&missing));
        assert!(text.contains("no project_id"), "{text}");
        let wrong = request("openai_invite", "openai_organization_user", br#"{}"#);
        let text = error_text(Provider::new().move_resource_state(&wrong));
        assert!(text.contains("becomes an openai_invite"), "{text}");
    }
}
