//! refresh-spec: refreshes the vendored API description from a newer
//! openai-openapi file and reports, per operation the provider uses, what
//! changed.
//!
//! ```text
//! cargo run --example refresh-spec -- <openapi.yaml|openapi.json> [options]
//!   --vendored PATH     the subset to refresh (default spec/openapi-admin.json)
//!   --operations PATH   the operations the provider uses (default spec/operations.txt)
//!   --add OPERATION_ID  also vendor this operation (repeatable)
//!   --dry-run           report only; write nothing
//! ```
//!
//! The new subset holds the operations the vendored file holds (found by
//! operationId, else by path and method) plus `--add`ed ones, and every
//! component they reference, transitively. It is written in the vendored
//! layout, so `git diff` shows what upstream changed. Nothing is written when
//! an operation the provider uses is gone. Afterwards run
//! `cargo test --test contract`: it fails where the client or the fake no
//! longer match.

mod diff;
mod document;
mod subset;

use std::path::PathBuf;
use std::process::ExitCode;

use document::Node;
use subset::OperationRef;

struct Options {
    source: PathBuf,
    vendored: PathBuf,
    operations: PathBuf,
    add: Vec<String>,
    dry_run: bool,
}

const USAGE: &str = "usage: cargo run --example refresh-spec -- <openapi.yaml|openapi.json> \
                     [--vendored PATH] [--operations PATH] [--add OPERATION_ID]... [--dry-run]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut options = Options {
        source: PathBuf::new(),
        vendored: root.join("spec/openapi-admin.json"),
        operations: root.join("spec/operations.txt"),
        add: Vec::new(),
        dry_run: false,
    };
    let mut source = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--vendored" => options.vendored = value("--vendored")?.into(),
            "--operations" => options.operations = value("--operations")?.into(),
            "--add" => options.add.push(value("--add")?),
            "--dry-run" => options.dry_run = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"));
            }
            path if source.is_none() => source = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument {extra:?}\n{USAGE}")),
        }
    }
    options.source = source.ok_or(USAGE.to_string())?;
    Ok(options)
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// One operationId per line; `#` starts a comment.
fn operation_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

fn version(doc: &Node) -> String {
    doc.pointer("#/info/version")
        .and_then(Node::as_str)
        .unwrap_or("?")
        .to_string()
}

fn label(op: &OperationRef) -> String {
    format!("{} ({} {})", op.id, op.method.to_uppercase(), op.path)
}

fn run(options: &Options) -> Result<bool, String> {
    let vendored = document::parse(&read(&options.vendored)?)
        .map_err(|e| format!("{}: {e}", options.vendored.display()))?;
    let upstream = document::parse(&read(&options.source)?)
        .map_err(|e| format!("{}: {e}", options.source.display()))?;
    if upstream.get("paths").is_none() {
        return Err(format!(
            "{} has no `paths`: not an OpenAPI description",
            options.source.display()
        ));
    }
    let used = operation_list(&read(&options.operations)?);
    let before = subset::operations(&vendored);
    let upstream_ops = subset::operations(&upstream);

    let mut problems = Vec::new();
    for id in &used {
        if !before.iter().any(|op| &op.id == id) && !options.add.contains(id) {
            problems.push(format!(
                "{id} is listed in {} but not vendored; pass --add {id} to vendor it",
                options.operations.display()
            ));
        }
    }
    let mut wanted: Vec<(Option<&OperationRef>, &OperationRef)> = Vec::new();
    let mut gone = Vec::new();
    for op in &before {
        match subset::find(&upstream_ops, op) {
            Some(found) => wanted.push((Some(op), found)),
            None => gone.push(op),
        }
    }
    for id in &options.add {
        let probe = OperationRef {
            id: id.clone(),
            path: String::new(),
            method: String::new(),
        };
        match subset::find(&upstream_ops, &probe) {
            Some(found) if wanted.iter().any(|(_, w)| w == &found) => {}
            Some(found) => wanted.push((None, found)),
            None => problems.push(format!("--add {id}: no such operationId upstream")),
        }
    }

    println!(
        "openai-openapi {} -> {} ({} vendored operations, {} used by the provider)\n",
        version(&vendored),
        version(&upstream),
        before.len(),
        used.len()
    );
    let title = vendored
        .pointer("#/info/title")
        .and_then(Node::as_str)
        .unwrap_or("OpenAI API (Admin API subset)")
        .to_string();
    let found: Vec<OperationRef> = wanted.iter().map(|(_, op)| (*op).clone()).collect();
    let refreshed = subset::extract(&upstream, &found, &title);
    let (old_doc, new_doc) = (vendored.to_value(), refreshed.to_value());

    let mut changed_used = 0;
    let mut other_changes = Vec::new();
    for (old, new) in &wanted {
        let Some(old) = old else {
            println!("{}: newly vendored", label(new));
            continue;
        };
        let changes = diff::operation_changes(
            &diff::Side {
                doc: &old_doc,
                path: &old.path,
                method: &old.method,
            },
            &diff::Side {
                doc: &new_doc,
                path: &new.path,
                method: &new.method,
            },
        );
        if !used.contains(&old.id) {
            if !changes.is_empty() {
                other_changes.push(format!("{} ({} changes)", old.id, changes.len()));
            }
            continue;
        }
        if changes.is_empty() {
            println!("{}: unchanged", label(old));
        } else {
            changed_used += 1;
            println!("{}: {} change(s)", label(old), changes.len());
            for change in changes {
                println!("    {change}");
            }
        }
    }
    for op in &gone {
        let line = format!("{}: GONE from the new description", label(op));
        if used.contains(&op.id) {
            problems.push(line);
        } else {
            println!("{line} (not used by the provider; dropped)");
        }
    }
    if !other_changes.is_empty() {
        println!(
            "\nAlso vendored, not used by the provider, changed: {}",
            other_changes.join(", ")
        );
    }
    println!(
        "\n{changed_used} of {} used operations changed.",
        used.len()
    );

    if !problems.is_empty() {
        eprintln!("\nNothing written:");
        for problem in &problems {
            eprintln!("  {problem}");
        }
        return Ok(false);
    }
    if options.dry_run {
        println!("--dry-run: {} not written.", options.vendored.display());
        return Ok(true);
    }
    std::fs::write(&options.vendored, document::to_vendored_json(&refreshed))
        .map_err(|e| format!("cannot write {}: {e}", options.vendored.display()))?;
    println!(
        "Wrote {}. Next: update the version in spec/README.md, then run `cargo test --test contract`.",
        options.vendored.display()
    );
    Ok(true)
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("refresh-spec: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_and_defaults() {
        let args = ["new.yaml", "--add", "modify-user", "--dry-run"].map(String::from);
        let options = parse_args(args.into_iter()).unwrap();
        assert_eq!(options.source, PathBuf::from("new.yaml"));
        assert_eq!(options.add, ["modify-user"]);
        assert!(options.dry_run);
        assert!(options.vendored.ends_with("spec/openapi-admin.json"));
        assert!(parse_args(std::iter::empty()).is_err());
        assert!(parse_args(["a", "--bogus"].map(String::from).into_iter()).is_err());
    }

    /// The whole flow on a copy: a newer upstream with a changed bound is
    /// reported and written; the result is a valid subset again.
    #[test]
    fn refreshes_a_copy_and_writes_the_subset() {
        let dir = tempfile::tempdir().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let vendored = dir.path().join("subset.json");
        std::fs::copy(root.join("spec/openapi-admin.json"), &vendored).unwrap();
        let mut upstream = document::parse(&read(&vendored).unwrap())
            .unwrap()
            .to_value();
        upstream["info"]["version"] = "2.4.0".into();
        let limit = upstream["paths"]["/projects/{project_id}/roles"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|p| p["name"] == "limit")
            .unwrap();
        limit["schema"]["maximum"] = 500.into();
        upstream["paths"]["/chat/completions"] =
            serde_json::json!({"post": {"operationId": "chat", "responses": {}}});
        let source = dir.path().join("upstream.json");
        std::fs::write(&source, upstream.to_string()).unwrap();
        let options = Options {
            source,
            vendored: vendored.clone(),
            operations: root.join("spec/operations.txt"),
            add: vec![],
            dry_run: false,
        };
        assert!(run(&options).unwrap());
        let written = document::parse(&read(&vendored).unwrap())
            .unwrap()
            .to_value();
        assert_eq!(written["info"]["version"], "2.4.0");
        assert_eq!(
            written["info"]["title"],
            "OpenAI API (Admin API subset: organization configuration and access control)"
        );
        assert!(written["paths"].get("/chat/completions").is_none());
        assert_eq!(
            written["paths"]["/projects/{project_id}/roles"]["get"]["parameters"][1]["schema"]["maximum"],
            500
        );
    }

    #[test]
    fn a_used_operation_gone_upstream_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let vendored = dir.path().join("subset.json");
        std::fs::copy(root.join("spec/openapi-admin.json"), &vendored).unwrap();
        let before = read(&vendored).unwrap();
        let mut upstream = document::parse(&before).unwrap().to_value();
        upstream["paths"]["/organization/roles"]
            .as_object_mut()
            .unwrap()
            .remove("get");
        let source = dir.path().join("upstream.json");
        std::fs::write(&source, upstream.to_string()).unwrap();
        let options = Options {
            source,
            vendored: vendored.clone(),
            operations: root.join("spec/operations.txt"),
            add: vec![],
            dry_run: false,
        };
        assert!(!run(&options).unwrap());
        assert_eq!(read(&vendored).unwrap(), before);
    }
}
