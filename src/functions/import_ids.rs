//! `parse_<type>_id` and `build_<type>_id` for every resource type whose
//! import ID has more than one part (`<project_id>/<user_id>/<role_id>`),
//! all made from one table of import formats: the written resource types
//! below, and each declared type's own (so a new declared type gets its
//! pair with no code here). A unit test holds the table to what each
//! resource's import accepts.

use std::collections::BTreeMap;

use super::{Example, Function, FunctionError, Param};
use crate::resources::declared;
use crate::resources::import_id;
use crate::value::{Type, Value};

/// The import ID formats of the resource types written by hand, each a
/// list of part names (`resources/*.rs`; declared types are added from
/// their declarations).
const WRITTEN: &[(&str, &[&[&str]])] = &[
    ("openai_group", &[&["group_id"]]),
    ("openai_group_members", &[&["group_id"]]),
    (
        "openai_group_role_assignment",
        &[
            &["project_id", "group_id", "role_id"],
            &["group_id", "role_id"],
        ],
    ),
    ("openai_group_user", &[&["group_id", "user_id"]]),
    ("openai_organization_role", &[&["role_id"]]),
    ("openai_project", &[&["project_id"]]),
    ("openai_project_api_key", &[&["project_id", "api_key_id"]]),
    (
        "openai_project_group",
        &[
            &["project_id", "group_id"],
            &["project_id", "group_id", "role_id"],
        ],
    ),
    ("openai_project_group_roles", &[&["project_id", "group_id"]]),
    ("openai_project_role", &[&["project_id", "role_id"]]),
    ("openai_project_user", &[&["project_id", "user_id"]]),
    (
        "openai_user_role_assignment",
        &[
            &["project_id", "user_id", "role_id"],
            &["user_id", "role_id"],
        ],
    ),
];

/// One resource type's import ID formats.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFormats {
    pub type_name: &'static str,
    pub formats: Vec<Vec<&'static str>>,
}

impl ImportFormats {
    /// Only a composite ID is worth a function.
    fn is_composite(&self) -> bool {
        self.formats.iter().any(|f| f.len() > 1)
    }

    /// Every part name, in the order of the longest format (the others'
    /// parts are a subset in every type there is; any extra come last).
    fn parts(&self) -> Vec<&'static str> {
        let mut by_length = self.formats.clone();
        by_length.sort_by_key(|f| std::cmp::Reverse(f.len()));
        let mut parts = Vec::new();
        for part in by_length.into_iter().flatten() {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        parts
    }

    /// A part some format leaves out.
    fn is_optional(&self, part: &str) -> bool {
        self.formats.iter().any(|f| !f.contains(&part))
    }

    fn short_name(&self) -> &'static str {
        self.type_name.trim_start_matches("openai_")
    }

    /// `"<project_id>/<user_id>/<role_id>"` or `"<user_id>/<role_id>"`.
    fn described(&self) -> String {
        self.formats
            .iter()
            .map(|f| format!("`{}`", shape(f)))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

fn shape(format: &[&str]) -> String {
    format
        .iter()
        .map(|p| format!("<{p}>"))
        .collect::<Vec<_>>()
        .join("/")
}

/// The table: every resource type's import ID formats, by type name.
pub fn import_formats() -> Vec<ImportFormats> {
    let written = WRITTEN.iter().map(|(type_name, formats)| ImportFormats {
        type_name,
        formats: formats.iter().map(|f| f.to_vec()).collect(),
    });
    let declared = declared::declarations().iter().map(|d| ImportFormats {
        type_name: d.type_name,
        formats: vec![d.import_parts()],
    });
    let mut all: Vec<ImportFormats> = written.chain(declared).collect();
    all.sort_by_key(|f| f.type_name);
    all
}

pub(super) fn functions() -> Vec<Function> {
    import_formats()
        .into_iter()
        .filter(ImportFormats::is_composite)
        .flat_map(|formats| [parse_function(&formats), build_function(&formats)])
        .collect()
}

/// A value to show a part with in examples: `proj_abc`, `user_abc`.
fn sample(part: &str) -> String {
    let stem = part.trim_end_matches("_id");
    match stem {
        "project" => "proj_abc".into(),
        "role" => "role_abc".into(),
        "api_key" => "key_abc".into(),
        "service_account" => "svc_acct_abc".into(),
        _ => format!("{stem}_abc"),
    }
}

fn parse_function(formats: &ImportFormats) -> Function {
    let type_name = formats.type_name;
    let parts = formats.parts();
    let attrs: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
    let optional: Vec<String> = parts
        .iter()
        .filter(|p| formats.is_optional(p))
        .map(|p| format!("`{p}`"))
        .collect();
    let nulls = if optional.is_empty() {
        String::new()
    } else {
        format!(
            " {} is null when the ID has no such part.",
            optional.join(" or ")
        )
    };
    let name = format!("parse_{}_id", formats.short_name());
    let longest = longest(formats);
    let example = format!(
        "# The parts of an {type_name} import ID.\noutput \"{short}_parts\" {{\n  value = provider::openai::{name}(\"{id}\")\n}}\n\n# One part of it.\noutput \"{short}_{last}\" {{\n  value = provider::openai::{name}(\"{id}\").{last}\n}}\n",
        short = formats.short_name(),
        id = longest
            .iter()
            .map(|p| sample(p))
            .collect::<Vec<_>>()
            .join("/"),
        last = longest[longest.len() - 1],
    );
    let object_type = Type::Object(
        parts
            .iter()
            .map(|p| ((*p).to_owned(), Type::String))
            .collect(),
    );
    let formats_owned = formats.clone();
    Function::new(
        name,
        format!("The parts of an {type_name} import ID"),
        format!(
            "Splits an `{type_name}` import ID ({}) into its parts: an object with {}.{nulls} \
             An ID of another shape is an error that shows the expected ones.",
            formats.described(),
            and_list(&attrs)
        ),
        vec![Param::string(
            "id",
            format!("An `{type_name}` import ID, e.g. its `id` attribute."),
        )],
        object_type,
        move |args| {
            let id = args.str(0)?;
            let refs: Vec<&[&str]> = formats_owned.formats.iter().map(Vec::as_slice).collect();
            let (index, values) = import_id::parse(formats_owned.type_name, id, &refs)
                .map_err(|diags| FunctionError::at(0, first_detail(&diags)))?;
            let format = &formats_owned.formats[index];
            let mut object: BTreeMap<String, Value> = formats_owned
                .parts()
                .iter()
                .map(|p| ((*p).to_owned(), Value::Null))
                .collect();
            for (part, value) in format.iter().zip(values) {
                object.insert((*part).to_owned(), Value::string(value));
            }
            Ok(Value::Object(object))
        },
    )
    .with_example(Example::Generated(example))
}

fn build_function(formats: &ImportFormats) -> Function {
    let type_name = formats.type_name;
    let parts = formats.parts();
    let params: Vec<Param> = parts
        .iter()
        .map(|p| {
            if formats.is_optional(p) {
                Param::nullable_string(
                    p,
                    format!(
                        "The `{p}` part, or null for an ID without it ({}).",
                        without(formats, p)
                    ),
                )
            } else {
                Param::string(p, format!("The `{p}` part."))
            }
        })
        .collect();
    let name = format!("build_{}_id", formats.short_name());
    let longest = longest(formats);
    let mut example = format!(
        "# The import ID of an {type_name}, e.g. for an import block.\noutput \"{short}_id\" {{\n  value = provider::openai::{name}({args})\n}}\n",
        short = formats.short_name(),
        args = parts
            .iter()
            .map(|p| format!("\"{}\"", sample(p)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    if let Some(shorter) = formats.formats.iter().find(|f| f.len() < longest.len()) {
        let args = parts
            .iter()
            .map(|p| {
                if shorter.contains(p) {
                    format!("\"{}\"", sample(p))
                } else {
                    "null".to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        example.push_str(&format!(
            "\n# Without the optional part: {}.\noutput \"{short}_short_id\" {{\n  value = provider::openai::{name}({args})\n}}\n",
            shape(shorter),
            short = formats.short_name(),
        ));
    }
    let formats_owned = formats.clone();
    Function::new(
        name,
        format!("The import ID of an {type_name} from its parts"),
        format!(
            "Joins its arguments into an `{type_name}` import ID ({}), the `id` an `import` \
             block or `terraform import` takes. A part that is empty, has surrounding spaces \
             or holds a `/` is an error naming it.",
            formats.described()
        ),
        params,
        Type::String,
        move |args| {
            let parts = formats_owned.parts();
            let mut given = Vec::new();
            for (index, part) in parts.iter().enumerate() {
                let Some(value) = args.opt_str(index) else {
                    continue;
                };
                if let Some(problem) = bad_part(value) {
                    return Err(FunctionError::at(index, format!("{part} {problem}")));
                }
                given.push((*part, value));
            }
            let format = formats_owned
                .formats
                .iter()
                .find(|f| f.len() == given.len() && given.iter().all(|(p, _)| f.contains(p)))
                .ok_or_else(|| {
                    FunctionError::general(format!(
                        "an {} import ID is {}; the parts given were {}",
                        formats_owned.type_name,
                        formats_owned.described().replace('`', "\""),
                        given.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
                    ))
                })?;
            let id: Vec<&str> = format
                .iter()
                .map(|part| {
                    given
                        .iter()
                        .find(|(p, _)| p == part)
                        .map(|(_, v)| *v)
                        .unwrap_or_default()
                })
                .collect();
            Ok(Value::string(id.join("/")))
        },
    )
    .with_example(Example::Generated(example))
}

fn longest(formats: &ImportFormats) -> Vec<&'static str> {
    formats
        .formats
        .iter()
        .max_by_key(|f| f.len())
        .cloned()
        .unwrap_or_default()
}

/// The formats without `part`, for a nullable parameter's description.
fn without(formats: &ImportFormats, part: &str) -> String {
    formats
        .formats
        .iter()
        .filter(|f| !f.contains(&part))
        .map(|f| format!("`{}`", shape(f)))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Why `value` cannot be a part of an import ID (the parser splits on `/`
/// and refuses empty parts and surrounding spaces), if it cannot.
fn bad_part(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some("must not be empty")
    } else if value.trim() != value {
        Some("must not start or end with spaces")
    } else if value.contains('/') {
        Some("must not contain \"/\", which separates the parts of an import ID")
    } else {
        None
    }
}

fn first_detail(diags: &crate::diagnostics::Diagnostics) -> String {
    diags
        .0
        .first()
        .map(|d| d.detail.clone())
        .unwrap_or_else(|| "invalid import ID".to_owned())
}

/// "`a`, `b` and `c`".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AdminClient, ClientConfig};
    use crate::functions::{call, find};
    use crate::resources::Resource;

    fn strings(items: &[&str]) -> Vec<Value> {
        items.iter().map(|s| Value::string(*s)).collect()
    }

    /// The formats an import refuses an empty ID with: every resource's
    /// import parses its ID with `import_id::parse`, whose error lists
    /// them, before it asks the API anything.
    async fn formats_import_expects(
        resource: &dyn Resource,
        client: &AdminClient,
    ) -> Vec<Vec<String>> {
        let diags = resource
            .import(client, "")
            .await
            .expect_err("an empty import ID is refused");
        let detail = &diags.0[0].detail;
        let expected = detail
            .split_once("expected ")
            .and_then(|(_, rest)| rest.split_once(", with no empty parts"))
            .map(|(formats, _)| formats)
            .unwrap_or_else(|| panic!("{}: {detail}", resource.type_name()));
        expected
            .split(" or ")
            .map(|f| {
                f.trim_matches('"')
                    .split('/')
                    .map(|p| p.trim_start_matches('<').trim_end_matches('>').to_owned())
                    .collect()
            })
            .collect()
    }

    /// The types whose import IDs the table does not have yet (they got
    /// their identity before their import-ID functions).
    const WITHOUT_FUNCTIONS_YET: &[&str] = &[
        "openai_admin_api_key",
        "openai_organization_data_retention",
        "openai_organization_spend_limit",
        "openai_project_data_retention",
        "openai_project_hosted_tool_permissions",
        "openai_project_model_permissions",
        "openai_project_rate_limit",
        "openai_project_spend_limit",
    ];

    #[tokio::test]
    async fn the_table_is_what_every_resource_imports() {
        // Never contacted: a malformed ID is refused before any request.
        let client = AdminClient::new(ClientConfig::new(
            "TEST-NOT-A-REAL-KEY",
            "http://127.0.0.1:9/v1",
        ))
        .unwrap();
        let table = import_formats();
        let resources: Vec<_> = crate::resources::all()
            .into_iter()
            .filter(|r| !WITHOUT_FUNCTIONS_YET.contains(&r.type_name()))
            .collect();
        assert_eq!(
            table.iter().map(|f| f.type_name).collect::<Vec<_>>(),
            {
                let mut names: Vec<&str> = resources.iter().map(|r| r.type_name()).collect();
                names.sort();
                names
            },
            "one table entry per resource type"
        );
        for resource in &resources {
            let entry = table
                .iter()
                .find(|f| f.type_name == resource.type_name())
                .unwrap();
            let mut expected = formats_import_expects(resource.as_ref(), &client).await;
            let mut ours: Vec<Vec<String>> = entry
                .formats
                .iter()
                .map(|f| f.iter().map(|p| (*p).to_owned()).collect())
                .collect();
            expected.sort();
            ours.sort();
            assert_eq!(ours, expected, "{}", resource.type_name());
        }
    }

    #[test]
    fn parse_and_build_are_inverses_for_every_format() {
        for entry in import_formats().iter().filter(|f| f.is_composite()) {
            let short = entry.short_name();
            let parts = entry.parts();
            for format in &entry.formats {
                let id = format
                    .iter()
                    .map(|p| sample(p))
                    .collect::<Vec<_>>()
                    .join("/");
                let parsed = call(&format!("parse_{short}_id"), &strings(&[&id])).unwrap();
                let args: Vec<Value> = parts
                    .iter()
                    .map(|p| {
                        let v = parsed.get(p).clone();
                        assert_eq!(v.is_null(), !format.contains(p), "{short} {p}");
                        v
                    })
                    .collect();
                let built = call(&format!("build_{short}_id"), &args).unwrap();
                assert_eq!(built, Value::string(&id), "{short}");
            }
        }
    }

    #[test]
    fn an_assignment_id_parses_with_or_without_its_project() {
        let parsed = call(
            "parse_user_role_assignment_id",
            &strings(&["proj_a/user_b/role-api-project-member"]),
        )
        .unwrap();
        assert_eq!(parsed.get_str("project_id"), Some("proj_a"));
        assert_eq!(parsed.get_str("user_id"), Some("user_b"));
        assert_eq!(parsed.get_str("role_id"), Some("role-api-project-member"));
        let org = call(
            "parse_user_role_assignment_id",
            &strings(&["user_b/role_1"]),
        )
        .unwrap();
        assert!(org.get("project_id").is_null());
        assert_eq!(org.get_str("role_id"), Some("role_1"));
        let built = call(
            "build_user_role_assignment_id",
            &[
                Value::Null,
                Value::string("user_b"),
                Value::string("role_1"),
            ],
        )
        .unwrap();
        assert_eq!(built, Value::string("user_b/role_1"));
    }

    #[test]
    fn a_malformed_id_is_an_error_at_the_id_showing_the_formats() {
        for bad in ["", "a", "a/b/c/d", "a//b", " a/b"] {
            let err = call("parse_group_role_assignment_id", &strings(&[bad])).unwrap_err();
            assert_eq!(err.argument, Some(0), "{bad}");
            assert!(
                err.text.contains(
                    "expected \"<project_id>/<group_id>/<role_id>\" or \"<group_id>/<role_id>\""
                ),
                "{}",
                err.text
            );
        }
    }

    #[test]
    fn a_bad_part_is_an_error_at_its_argument() {
        let err = call("build_group_user_id", &strings(&["group_a", "user/b"])).unwrap_err();
        assert_eq!(err.argument, Some(1));
        assert!(
            err.text.starts_with("user_id must not contain \"/\""),
            "{}",
            err.text
        );
        let err = call("build_project_user_id", &strings(&["", "user_b"])).unwrap_err();
        assert_eq!(err, FunctionError::at(0, "project_id must not be empty"));
        let err = call(
            "build_project_group_id",
            &[Value::string(" proj_a"), Value::string("g"), Value::Null],
        )
        .unwrap_err();
        assert_eq!(err.argument, Some(0));
    }

    #[test]
    fn optional_parts_are_nullable_parameters_and_the_others_are_not() {
        let build = find("build_group_role_assignment_id").unwrap();
        let nullable: Vec<(&str, bool)> =
            build.params.iter().map(|p| (p.name, p.nullable)).collect();
        assert_eq!(
            nullable,
            [
                ("project_id", true),
                ("group_id", false),
                ("role_id", false)
            ]
        );
        let join_role = find("build_project_group_id").unwrap();
        assert_eq!(join_role.params[2].name, "role_id");
        assert!(join_role.params[2].nullable);
        assert_eq!(
            join_role
                .call(&strings(&["proj_a", "group_b", "role-api-project-member"]))
                .unwrap(),
            Value::string("proj_a/group_b/role-api-project-member")
        );
    }

    #[test]
    fn only_composite_ids_get_functions() {
        assert!(find("parse_project_id").is_none());
        assert!(find("build_group_id").is_none());
        assert!(find("parse_project_service_account_id").is_some());
    }
}
