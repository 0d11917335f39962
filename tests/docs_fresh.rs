//! docs/ must be what `cargo run --bin gen-docs` renders from the schemas.

use std::path::Path;

#[test]
fn docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = tfopenai::docs::render_all(root).expect("render docs");
    assert!(files.len() >= 3);
    for file in files {
        let on_disk = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
        assert!(
            on_disk == file.contents,
            "{} is stale: run `cargo run --bin gen-docs` and commit the result",
            file.path.display()
        );
    }
}
