//! `terraform import` IDs: parsing must never panic; an accepted ID is
//! exactly its non-empty, untrimmed parts joined by '/'.
//!
//! Input: the ID (lossy UTF-8), parsed with both resources' real formats.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tfopenai::resources::import_id::parse;

/// The real format lists of the resources (src/resources/*.rs): each shape
/// in use, one part to three, one format or two.
const RESOURCES: &[(&str, &[&[&str]])] = &[
    ("openai_project_role", &[&["project_id", "role_id"]]),
    (
        "openai_group_role_assignment",
        &[
            &["project_id", "group_id", "role_id"],
            &["group_id", "role_id"],
        ],
    ),
    ("openai_organization_role", &[&["role_id"]]),
];

fuzz_target!(|data: &[u8]| {
    let id = String::from_utf8_lossy(data);
    for (type_name, formats) in RESOURCES {
        match parse(type_name, &id, formats) {
            Ok((index, parts)) => {
                let format = formats
                    .get(index)
                    .unwrap_or_else(|| panic!("format index {index} out of range"));
                assert_eq!(parts.len(), format.len(), "{id:?}: wrong number of parts");
                assert_eq!(parts.join("/"), id, "{id:?}: parts do not rejoin to the ID");
                for part in &parts {
                    assert!(!part.is_empty(), "{id:?}: empty part accepted");
                    assert_eq!(part.trim(), *part, "{id:?}: part with surrounding spaces");
                    assert!(!part.contains('/'), "{id:?}: part contains '/'");
                }
            }
            Err(diags) => {
                assert!(diags.has_errors(), "{id:?}: rejected without an error");
                let detail = &diags.0[0].detail;
                assert!(
                    detail.contains(type_name) && detail.contains(&format!("<{}>", formats[0][0])),
                    "{id:?}: error does not name the resource and format: {detail}"
                );
            }
        }
    }
});
