//! Registry-layout documentation (`docs/index.md`,
//! `docs/resources/<name>.md`) rendered from the provider's own schemas and
//! the examples under `examples/`, so the docs cannot drift from the code.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::functions::{self, Example, Function};
use crate::provider::Provider;
use crate::resources::identity::Identity;
use crate::schema::{Attribute, Mode, Schema};
use crate::value::Type;

/// A file to write below the repository root.
pub struct DocFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Renders every doc page. `root` is the repository root (for examples).
pub fn render_all(root: &Path) -> std::io::Result<Vec<DocFile>> {
    let provider = Provider::new();
    let mut files = vec![DocFile {
        path: PathBuf::from("docs/index.md"),
        contents: render_index(&provider, root)?,
    }];
    for (name, schema) in provider.resource_schemas() {
        let short = name.trim_start_matches("openai_");
        let identity = provider
            .identities()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| i);
        files.push(DocFile {
            path: PathBuf::from(format!("docs/resources/{short}.md")),
            contents: render_resource(name, schema, identity.as_ref(), root)?,
        });
    }
    for (name, schema) in provider.list_resource_schemas() {
        let short = name.trim_start_matches("openai_");
        let identity = provider
            .identities()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| i);
        files.push(DocFile {
            path: PathBuf::from(format!("docs/list-resources/{short}.md")),
            contents: render_list_resource(name, schema, identity.as_ref()),
        });
    }
    for (name, schema) in provider.data_source_schemas() {
        let short = name.trim_start_matches("openai_");
        files.push(DocFile {
            path: PathBuf::from(format!("docs/data-sources/{short}.md")),
            contents: render_data_source(name, schema, root)?,
        });
    }
    for (name, schema) in provider.ephemeral_resource_schemas() {
        let short = name.trim_start_matches("openai_");
        files.push(DocFile {
            path: PathBuf::from(format!("docs/ephemeral-resources/{short}.md")),
            contents: render_ephemeral_resource(name, schema, root)?,
        });
    }
    for function in functions::all() {
        files.extend(function_files(function, root)?);
    }
    Ok(files)
}

/// `docs/functions/<name>.md`, and the example of a function whose example
/// is derived with it (`examples/functions/<name>/function.tf`).
fn function_files(function: &Function, root: &Path) -> std::io::Result<Vec<DocFile>> {
    let example_path = format!("examples/functions/{}/function.tf", function.name);
    let mut files = Vec::new();
    let example = match &function.example {
        Example::File => read(root, &example_path)?,
        Example::Generated(text) => {
            files.push(DocFile {
                path: PathBuf::from(&example_path),
                contents: text.clone(),
            });
            text.trim_end().to_owned()
        }
    };
    files.push(DocFile {
        path: PathBuf::from(format!("docs/functions/{}.md", function.name)),
        contents: render_function(function, &example),
    });
    Ok(files)
}

/// The registry's layout for a function page (as tfplugindocs writes it).
fn render_function(function: &Function, example: &str) -> String {
    let name = &function.name;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\npage_title: \"{name} function - openai\"\nsubcategory: \"\"\ndescription: |-\n  {}\n---\n",
        function.summary
    );
    let _ = writeln!(out, "# function: {name}\n\n{}\n", function.description);
    let _ = writeln!(out, "## Example Usage\n\n```terraform\n{example}\n```\n");
    let _ = writeln!(
        out,
        "## Signature\n\n```text\n{}\n```\n",
        function.signature()
    );
    let _ = writeln!(out, "## Arguments\n");
    for (index, param) in function.params.iter().enumerate() {
        let nullable = if param.nullable { ", Nullable" } else { "" };
        let _ = writeln!(
            out,
            "{}. `{}` ({}{nullable}) {}",
            index + 1,
            param.name,
            type_name(&param.ty),
            param.description
        );
    }
    let _ = writeln!(
        out,
        "\n## Result\n\n{}. Call it as `provider::openai::{name}(...)` (Terraform 1.8+); it \
         needs no provider configuration.",
        type_name(&function.returns)
    );
    out
}

fn read(root: &Path, relative: &str) -> std::io::Result<String> {
    std::fs::read_to_string(root.join(relative)).map(|s| s.trim_end().to_owned())
}

fn render_index(provider: &Provider, root: &Path) -> std::io::Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\npage_title: \"OpenAI Provider\"\ndescription: |-\n  {}\n---\n",
        provider.config_schema().description
    );
    let _ = writeln!(
        out,
        "# OpenAI Provider\n\n{}\n",
        provider.config_schema().description
    );
    let _ = writeln!(
        out,
        "Resources:\n{}\n",
        provider
            .resource_schemas()
            .map(|(name, _)| format!(
                "- [`{name}`](resources/{}.md)",
                name.trim_start_matches("openai_")
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    if provider.data_source_schemas().next().is_some() {
        let _ = writeln!(
            out,
            "Data sources:\n{}\n",
            provider
                .data_source_schemas()
                .map(|(name, _)| format!(
                    "- [`{name}`](data-sources/{}.md)",
                    name.trim_start_matches("openai_")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    if provider.ephemeral_resource_schemas().next().is_some() {
        let _ = writeln!(
            out,
            "Ephemeral resources (Terraform 1.10+; never stored in state or plan):\n{}\n",
            provider
                .ephemeral_resource_schemas()
                .map(|(name, _)| format!(
                    "- [`{name}`](ephemeral-resources/{}.md)",
                    name.trim_start_matches("openai_")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let lists = provider.list_resource_schemas();
    if !lists.is_empty() {
        let _ = writeln!(
            out,
            "List resources (Terraform 1.14+, `list` blocks of `terraform query`; see \
             [the guide](guides/terraform-query-and-export.md)):\n{}\n",
            lists
                .iter()
                .map(|(name, _)| format!(
                    "- [`{name}`](list-resources/{}.md)",
                    name.trim_start_matches("openai_")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let _ = writeln!(
        out,
        "Every resource type has a resource identity (Terraform 1.12+): its import ID's \
         parts as an object, for `import {{ identity = {{ ... }} }}`; each resource page \
         lists them. String import IDs work on every supported Terraform version.\n"
    );
    let _ = writeln!(
        out,
        "Functions (Terraform 1.8+; `provider::openai::<name>(...)`, no provider configuration \
         needed):\n{}\n",
        functions::all()
            .iter()
            .map(|f| format!("- [`{}`](functions/{}.md): {}", f.name, f.name, f.summary))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = writeln!(
        out,
        "## Example Usage\n\n```terraform\n{}\n```\n",
        read(root, "examples/provider/provider.tf")?
    );
    out.push_str(&attribute_sections(provider.config_schema()));
    out.push_str(
        "\n## Environment variables\n\n\
         | Variable | Used for |\n|---|---|\n\
         | `OPENAI_ADMIN_KEY` | `api_key` |\n\
         | `OPENAI_ADMIN_BASE_URL` | `base_url` (`OPENAI_BASE_URL`, the variable of OpenAI's SDKs, is ignored with a warning: it often points at an inference gateway, which must not receive the admin key) |\n\
         | `OPENAI_ORG_ID` | `organization_id` |\n\
         | `TF_LOG_PROVIDER`, `TF_LOG` | log level of the provider (JSON lines that Terraform shows under `TF_LOG`) |\n",
    );
    Ok(out)
}

fn render_resource(
    name: &str,
    schema: &Schema,
    identity: Option<&Identity>,
    root: &Path,
) -> std::io::Result<String> {
    let mut out = String::new();
    let first_sentence = schema.description.split(". ").next().unwrap_or_default();
    let _ = writeln!(
        out,
        "---\npage_title: \"{name} Resource - openai\"\nsubcategory: \"\"\ndescription: |-\n  {first_sentence}.\n---\n"
    );
    let _ = writeln!(out, "# {name} (Resource)\n\n{}\n", schema.description);
    let _ = writeln!(
        out,
        "## Example Usage\n\n```terraform\n{}\n```\n",
        read(root, &format!("examples/resources/{name}/resource.tf"))?
    );
    out.push_str(&attribute_sections(schema));
    let _ = writeln!(
        out,
        "\n## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```",
        read(root, &format!("examples/resources/{name}/import.sh"))?
    );
    if let Some(identity) = identity {
        out.push_str(&identity_section(name, identity));
    }
    Ok(out)
}

/// How to import by identity, and what the identity holds.
fn identity_section(name: &str, identity: &Identity) -> String {
    let width = identity
        .parts
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0);
    let parts: String = identity
        .parts
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("    {:width$} = \"<{}>\"\n", p.name, p.name))
        .collect();
    let mut out = format!(
        "\nWith Terraform 1.12 or later, an `import` block can name the object by its \
         identity instead:\n\n```terraform\nimport {{\n  to = {name}.example\n  identity = {{\n{parts}  }}\n}}\n```\n\n\
         ### Identity Schema\n\n"
    );
    for part in &identity.parts {
        let kind = if part.required {
            "Required for import"
        } else {
            "Optional for import"
        };
        let _ = writeln!(
            out,
            "- `{}` (String, {kind}) {}",
            part.name,
            identity.describe(part.name)
        );
    }
    out
}

/// The page of a list resource: a `list` block, its filters, and the
/// identity each result carries.
fn render_list_resource(name: &str, schema: &Schema, identity: Option<&Identity>) -> String {
    let mut out = String::new();
    let first_sentence = schema.description.split(". ").next().unwrap_or_default();
    let _ = writeln!(
        out,
        "---\npage_title: \"{name} List Resource - openai\"\nsubcategory: \"\"\ndescription: |-\n  {first_sentence}.\n---\n"
    );
    let _ = writeln!(out, "# {name} (List Resource)\n\n{}\n", schema.description);
    let filters: String = schema
        .attributes
        .iter()
        .map(|a| format!("    # {} = \"...\"\n", a.name))
        .collect();
    let config = if filters.is_empty() {
        String::new()
    } else {
        format!("  config {{\n{filters}  }}\n")
    };
    let _ = writeln!(
        out,
        "## Example Usage\n\nIn a `.tfquery.hcl` file, then `terraform query` (add \
         `-generate-config-out=generated.tf` to write the configuration that adopts what it \
         finds):\n\n```terraform\nlist \"{name}\" \"all\" {{\n  provider         = openai\n  \
         include_resource = true\n{config}}}\n```\n"
    );
    if schema.attributes.is_empty() {
        out.push_str("## Schema\n\nThis list has no filters: it finds every object.\n");
    } else {
        out.push_str(&attribute_sections(schema));
    }
    if let Some(identity) = identity {
        let _ = writeln!(
            out,
            "\n## Results\n\nEach result carries the object's identity (see [{name}](../resources/{}.md)): {}.",
            name.trim_start_matches("openai_"),
            identity
                .parts
                .iter()
                .map(|p| format!("`{}`", p.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}

fn render_data_source(name: &str, schema: &Schema, root: &Path) -> std::io::Result<String> {
    let example = format!("examples/data-sources/{name}/data-source.tf");
    render_read_only(name, schema, "Data Source", &read(root, &example)?)
}

/// Ephemeral resources have no state, so no import section: the page of a
/// data source, under its own title.
fn render_ephemeral_resource(name: &str, schema: &Schema, root: &Path) -> std::io::Result<String> {
    let example = format!("examples/ephemeral-resources/{name}/ephemeral-resource.tf");
    render_read_only(name, schema, "Ephemeral Resource", &read(root, &example)?)
}

fn render_read_only(
    name: &str,
    schema: &Schema,
    kind: &str,
    example: &str,
) -> std::io::Result<String> {
    let mut out = String::new();
    let first_sentence = schema.description.split(". ").next().unwrap_or_default();
    let _ = writeln!(
        out,
        "---\npage_title: \"{name} {kind} - openai\"\nsubcategory: \"\"\ndescription: |-\n  {first_sentence}.\n---\n"
    );
    let _ = writeln!(out, "# {name} ({kind})\n\n{}\n", schema.description);
    let _ = writeln!(out, "## Example Usage\n\n```terraform\n{example}\n```\n");
    out.push_str(&attribute_sections(schema));
    Ok(out)
}

fn attribute_sections(schema: &Schema) -> String {
    let mut out = String::from("## Schema\n");
    for (title, mode) in [
        ("Required", Mode::Required),
        ("Optional", Mode::Optional),
        ("Read-Only", Mode::Computed),
    ] {
        let attrs: Vec<&Attribute> = schema
            .attributes
            .iter()
            .filter(|a| a.mode == mode)
            .collect();
        if attrs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for attr in attrs {
            let mut notes = vec![type_name(&attr.ty)];
            if attr.also_computed {
                notes.push("Computed when not set".into());
            }
            if attr.sensitive {
                notes.push("Sensitive".into());
            }
            if attr.requires_replace {
                notes.push("Forces replacement".into());
            }
            let _ = writeln!(
                out,
                "- `{}` ({}) {}",
                attr.name,
                notes.join(", "),
                attr.description
            );
        }
    }
    if !schema.blocks.is_empty() {
        let _ = writeln!(out, "\n### Blocks\n");
        for block in &schema.blocks {
            let _ = writeln!(
                out,
                "- `{}` (Block, optional) {} See [below](#nested-schema-for-{}).",
                block.name, block.description, block.name
            );
        }
        for block in &schema.blocks {
            let _ = writeln!(out, "\n### Nested Schema for `{}`\n", block.name);
            for attr in &block.attributes {
                let _ = writeln!(
                    out,
                    "- `{}` (Optional, {}) {}",
                    attr.name,
                    type_name(&attr.ty),
                    attr.description
                );
            }
        }
    }
    out
}

fn type_name(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Number => "Number".into(),
        Type::Bool => "Boolean".into(),
        Type::List(e) => format!("List of {}", type_name(e)),
        Type::Set(e) => format!("Set of {}", type_name(e)),
        Type::Map(e) => format!("Map of {}", type_name(e)),
        Type::Object(_) => "Object".into(),
    }
}
