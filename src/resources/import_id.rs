//! Parsing of composite import IDs such as `proj_abc/role_xyz`.

use crate::diagnostics::Diagnostics;

/// Splits `id` on `/` into one of the accepted formats (each a list of
/// part names). Returns the format's index and the parts.
pub fn parse<'a>(
    type_name: &str,
    id: &'a str,
    formats: &[&[&str]],
) -> Result<(usize, Vec<&'a str>), Diagnostics> {
    let parts: Vec<&str> = id.split('/').collect();
    let matched = formats.iter().position(|format| {
        format.len() == parts.len() && parts.iter().all(|p| !p.is_empty() && p.trim() == *p)
    });
    match matched {
        Some(index) => Ok((index, parts)),
        None => {
            let expected = formats
                .iter()
                .map(|f| {
                    format!(
                        "\"{}\"",
                        f.iter()
                            .map(|p| format!("<{p}>"))
                            .collect::<Vec<_>>()
                            .join("/")
                    )
                })
                .collect::<Vec<_>>()
                .join(" or ");
            Err(Diagnostics::from_error(
                "Invalid import ID",
                format!(
                    "Cannot import {type_name} with ID {id:?}: expected {expected}, with no \
                     empty parts or surrounding spaces."
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMATS: &[&[&str]] = &[
        &["project_id", "group_id", "role_id"],
        &["group_id", "role_id"],
    ];

    #[test]
    fn accepts_each_format() {
        assert_eq!(
            parse("t", "p/g/r", FORMATS).unwrap(),
            (0, vec!["p", "g", "r"])
        );
        assert_eq!(parse("t", "g/r", FORMATS).unwrap(), (1, vec!["g", "r"]));
    }

    #[test]
    fn rejects_malformed_ids_showing_the_format() {
        for bad in ["", "g", "p//r", "a/b/c/d", " g/r", "g/r/"] {
            let diags = parse("openai_x", bad, FORMATS).unwrap_err();
            let detail = &diags.0[0].detail;
            assert!(
                detail
                    .contains("\"<project_id>/<group_id>/<role_id>\" or \"<group_id>/<role_id>\""),
                "{detail}"
            );
        }
    }
}
