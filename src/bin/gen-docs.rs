//! Regenerates docs/ from the provider's schemas and examples/:
//! `cargo run --bin gen-docs`. CI fails when docs/ is stale.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = match tfopenai::docs::render_all(root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("gen-docs: cannot read the examples: {e}");
            return ExitCode::FAILURE;
        }
    };
    for file in files {
        let path = root.join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, file.contents));
        if let Err(e) = written {
            eprintln!("gen-docs: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", file.path.display());
    }
    ExitCode::SUCCESS
}
