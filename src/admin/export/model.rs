//! What the export writes, before it is HCL: one [`Item`] per resource (or
//! data source), with attribute values that refer to other items by their
//! object key, resolved to references only when the other end is written.

use std::collections::BTreeMap;

use crate::admin::hcl::{Block, Expr, comment_lines};
use crate::admin::types::ResourceType;
use crate::value::Value;

/// An object's identity: its resource type and its import-style ID.
pub(super) type Key = (ResourceType, String);

/// An attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Attr {
    Literal(String),
    /// A number as the API answered it (`2000`, never `2000.0`).
    Number(serde_json::Number),
    Bool(bool),
    /// An ordered list of strings, written in its order (`model_ids`).
    List(Vec<String>),
    /// The first written item of `targets` (`(key, attribute)`), else
    /// `literal`.
    Ref {
        targets: Vec<(Key, &'static str)>,
        literal: String,
    },
    /// A set of strings, written sorted.
    Set(Vec<String>),
    /// A list of objects in the API's order (an invite's `projects`), one
    /// per line, each field an attribute value of its own.
    Objects(Vec<Vec<(String, Attr)>>),
}

impl Attr {
    /// A reference to `attribute` of the item `key`, else `literal`.
    pub(super) fn reference(key: Key, attribute: &'static str, literal: &str) -> Attr {
        Attr::Ref {
            targets: vec![(key, attribute)],
            literal: literal.to_owned(),
        }
    }

    /// The value with references replaced by their literal, for checks.
    pub(super) fn literal_value(&self) -> Value {
        match self {
            Attr::Literal(s) | Attr::Ref { literal: s, .. } => Value::string(s),
            Attr::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Attr::Bool(b) => Value::Bool(*b),
            Attr::List(items) => Value::List(items.iter().map(Value::string).collect()),
            Attr::Set(items) => Value::string_set(items.iter().cloned()),
            Attr::Objects(objects) => Value::List(
                objects
                    .iter()
                    .map(|fields| {
                        Value::Object(
                            fields
                                .iter()
                                .map(|(name, attr)| (name.clone(), attr.literal_value()))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
        }
    }

    fn expr(&self, written: &BTreeMap<Key, String>) -> Expr {
        match self {
            Attr::Literal(s) => Expr::str(s),
            Attr::Number(n) => Expr::Raw(n.to_string()),
            Attr::Bool(b) => Expr::Raw(b.to_string()),
            Attr::List(items) => Expr::StrList(items.clone()),
            Attr::Ref { targets, literal } => targets
                .iter()
                .find_map(|(key, attribute)| {
                    written
                        .get(key)
                        .map(|address| Expr::Raw(format!("{address}.{attribute}")))
                })
                .unwrap_or_else(|| Expr::str(literal)),
            Attr::Set(items) => {
                let mut items = items.clone();
                items.sort();
                items.dedup();
                Expr::StrList(items)
            }
            Attr::Objects(objects) => Expr::List(
                objects
                    .iter()
                    .map(|fields| {
                        Expr::Object(
                            fields
                                .iter()
                                .map(|(name, attr)| (name.clone(), attr.expr(written)))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// Why an object is not written as a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Skip {
    /// Why, in a sentence (also reported on stderr).
    pub reason: String,
    /// What the reader can do about it, written in the file only.
    pub advice: String,
    /// The import ID to offer in the commented-out block; `None`: offer no
    /// block (there is nothing to adopt).
    pub offer_import: Option<String>,
}

/// One resource or data source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    pub ty: ResourceType,
    /// The object key's ID (also the import ID of most types).
    pub id: String,
    /// `data "openai_group"` rather than a resource.
    pub data_source: bool,
    /// Name options from short to qualified (see `naming`).
    pub name_options: Vec<String>,
    /// The assigned name; empty until names are assigned.
    pub name: String,
    pub import_id: Option<String>,
    /// Written above the item.
    pub comment: Option<String>,
    pub attrs: Vec<(&'static str, Attr)>,
    pub skip: Option<Skip>,
}

impl Item {
    pub(super) fn key(&self) -> Key {
        (self.ty, self.id.clone())
    }

    pub(super) fn address(&self) -> String {
        let prefix = if self.data_source { "data." } else { "" };
        format!("{prefix}{}.{}", self.ty.type_name(), self.name)
    }

    fn block(&self, written: &BTreeMap<Key, String>) -> Block {
        let kind = if self.data_source { "data" } else { "resource" };
        let mut block = Block::new(kind, &[self.ty.type_name(), &self.name]);
        for (name, attr) in &self.attrs {
            block = block.attribute(name, attr.expr(written));
        }
        block
    }

    fn import_block(&self, id: &str) -> Block {
        Block::new("import", &[])
            .attribute("to", Expr::Raw(self.address()))
            .attribute("id", Expr::str(id))
    }

    /// The item's text: its comment, its import block and its block, or
    /// for a skipped item the reason and the blocks commented out.
    pub(super) fn render(&self, written: &BTreeMap<Key, String>) -> String {
        let mut out = String::new();
        if let Some(comment) = &self.comment {
            out.push_str(&comment_lines(&wrap(comment)));
        }
        match &self.skip {
            None => {
                if let Some(id) = &self.import_id {
                    out.push_str(&self.import_block(id).render());
                }
                out.push_str(&self.block(written).render());
            }
            Some(skip) => {
                let text = format!("Not exported: {}. {}", skip.reason, skip.advice);
                out.push_str(&comment_lines(&wrap(text.trim_end())));
                if let Some(id) = &skip.offer_import {
                    out.push_str(&self.import_block(id).render_commented());
                    out.push_str(&self.block(written).render_commented());
                }
            }
        }
        out
    }
}

/// Comment text wrapped at word boundaries, so that files stay readable.
pub(super) fn wrap(text: &str) -> String {
    const WIDTH: usize = 96;
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(skip: Option<Skip>) -> Item {
        Item {
            ty: ResourceType::ProjectGroup,
            id: "proj_a/group_b".into(),
            data_source: false,
            name_options: vec!["a_b".into()],
            name: "a_b".into(),
            import_id: Some("proj_a/group_b/role-api-project-member".into()),
            comment: Some("Support in Alpha".into()),
            attrs: vec![
                (
                    "project_id",
                    Attr::reference((ResourceType::Project, "proj_a".into()), "id", "proj_a"),
                ),
                ("group_id", Attr::Literal("group_b".into())),
                ("role", Attr::Literal("role-api-project-member".into())),
            ],
            skip,
        }
    }

    #[test]
    fn references_resolve_only_to_written_items() {
        let written: BTreeMap<Key, String> = [(
            (ResourceType::Project, "proj_a".to_string()),
            "openai_project.alpha".to_string(),
        )]
        .into();
        assert_eq!(
            item(None).render(&written),
            "# Support in Alpha\n\
             import {\n  to = openai_project_group.a_b\n  \
             id = \"proj_a/group_b/role-api-project-member\"\n}\n\
             resource \"openai_project_group\" \"a_b\" {\n  \
             project_id = openai_project.alpha.id\n  \
             group_id   = \"group_b\"\n  \
             role       = \"role-api-project-member\"\n}\n"
        );
        let text = item(None).render(&BTreeMap::new());
        assert!(text.contains("project_id = \"proj_a\""), "{text}");
    }

    #[test]
    fn skipped_items_are_commented_out_with_their_reason() {
        let skip = Skip {
            reason: "no role".into(),
            advice: "Choose one.".into(),
            offer_import: Some("proj_a/group_b".into()),
        };
        let text = item(Some(skip)).render(&BTreeMap::new());
        assert!(
            text.starts_with("# Support in Alpha\n# Not exported: no role. Choose one.\n"),
            "{text}"
        );
        assert!(
            text.contains("# import {\n#   to = openai_project_group.a_b\n"),
            "{text}"
        );
        assert!(text.contains("#   id = \"proj_a/group_b\"\n"), "{text}");
        assert!(text.lines().all(|l| l.starts_with('#')), "{text}");

        let nothing_to_offer = Skip {
            reason: "inherited".into(),
            advice: String::new(),
            offer_import: None,
        };
        let text = item(Some(nothing_to_offer)).render(&BTreeMap::new());
        assert_eq!(text, "# Support in Alpha\n# Not exported: inherited.\n");
    }

    #[test]
    fn long_comments_are_wrapped() {
        let text = wrap(&"word ".repeat(40));
        assert!(text.lines().count() > 1);
        assert!(text.lines().all(|l| l.len() <= 96), "{text}");
    }
}
