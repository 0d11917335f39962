//! Writing HCL the way `terraform fmt` formats it: two-space indents, the
//! `=` of consecutive one-line attributes aligned, multi-line lists with one
//! item per line and a trailing comma, strings escaped for HCL.
//!
//! Only what the export needs: blocks with labels, attributes whose value is
//! a string, a reference, a list of strings, a one-line object or a list of
//! them (one per line), and comment lines.

/// An attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A quoted string.
    Str(String),
    /// An expression written as is, e.g. `openai_group.support.id`.
    Raw(String),
    /// A list of strings, one per line.
    StrList(Vec<String>),
    /// A one-line object, e.g. `{ source = "tfopenai/openai" }`.
    Object(Vec<(String, Expr)>),
    /// A list of values, one per line (e.g. one-line objects).
    List(Vec<Expr>),
}

impl Expr {
    pub fn str(value: impl Into<String>) -> Expr {
        Expr::Str(value.into())
    }

    /// Written over several lines: never aligned with its neighbours.
    fn is_multi_line(&self) -> bool {
        match self {
            Expr::StrList(items) => !items.is_empty(),
            Expr::List(items) => !items.is_empty(),
            _ => false,
        }
    }
}

/// One item of a block body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyItem {
    Attribute(String, Expr),
    Block(Block),
    Comment(String),
}

/// A block such as `resource "openai_group" "support" { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<BodyItem>,
}

impl Block {
    pub fn new(kind: &str, labels: &[&str]) -> Block {
        Block {
            kind: kind.to_owned(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            body: Vec::new(),
        }
    }

    pub fn attribute(mut self, name: &str, value: Expr) -> Block {
        self.body.push(BodyItem::Attribute(name.to_owned(), value));
        self
    }

    pub fn block(mut self, block: Block) -> Block {
        self.body.push(BodyItem::Block(block));
        self
    }

    /// The block as `terraform fmt` writes it, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        write_block(&mut out, self, 0);
        out
    }

    /// The block with every line commented out (`# `), for something the
    /// reader may adopt by hand.
    pub fn render_commented(&self) -> String {
        comment_lines(&self.render())
    }
}

/// `text` as `#` comment lines (an empty line becomes a bare `#`).
pub fn comment_lines(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {line}\n")
            }
        })
        .collect()
}

fn write_block(out: &mut String, block: &Block, depth: usize) {
    let indent = "  ".repeat(depth);
    out.push_str(&indent);
    out.push_str(&block.kind);
    for label in &block.labels {
        out.push(' ');
        out.push_str(&quote(label));
    }
    if block.body.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    let inner = "  ".repeat(depth + 1);
    let widths = alignment_widths(&block.body);
    for (item, width) in block.body.iter().zip(widths) {
        match item {
            BodyItem::Attribute(name, value) => {
                out.push_str(&inner);
                out.push_str(&format!("{name:<width$} = "));
                write_expr(out, value, depth + 1);
                out.push('\n');
            }
            BodyItem::Block(nested) => write_block(out, nested, depth + 1),
            BodyItem::Comment(text) => {
                for line in comment_lines(text).lines() {
                    out.push_str(&inner);
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&indent);
    out.push_str("}\n");
}

/// The name width of each body item: `terraform fmt` aligns the `=` of
/// one-line attributes on consecutive lines. Anything else (a block, a
/// comment, an attribute whose value spans lines) ends the run and is not
/// padded.
fn alignment_widths(body: &[BodyItem]) -> Vec<usize> {
    let one_line =
        |item: &BodyItem| matches!(item, BodyItem::Attribute(_, value) if !value.is_multi_line());
    let mut widths = vec![0; body.len()];
    let mut start = 0;
    while start < body.len() {
        let mut end = start;
        while body.get(end).is_some_and(one_line) {
            end += 1;
        }
        if end == start {
            start += 1;
            continue;
        }
        let width = body[start..end]
            .iter()
            .map(|item| match item {
                BodyItem::Attribute(name, _) => name.len(),
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        widths[start..end].fill(width);
        start = end;
    }
    widths
}

fn write_expr(out: &mut String, expr: &Expr, depth: usize) {
    match expr {
        Expr::Str(s) => out.push_str(&quote(s)),
        Expr::Raw(raw) => out.push_str(raw),
        Expr::StrList(items) if items.is_empty() => out.push_str("[]"),
        Expr::StrList(items) => {
            let inner = "  ".repeat(depth + 1);
            out.push_str("[\n");
            for item in items {
                out.push_str(&inner);
                out.push_str(&quote(item));
                out.push_str(",\n");
            }
            out.push_str(&"  ".repeat(depth));
            out.push(']');
        }
        Expr::List(items) if items.is_empty() => out.push_str("[]"),
        Expr::List(items) => {
            let inner = "  ".repeat(depth + 1);
            out.push_str("[\n");
            for item in items {
                out.push_str(&inner);
                write_expr(out, item, depth + 1);
                out.push_str(",\n");
            }
            out.push_str(&"  ".repeat(depth));
            out.push(']');
        }
        Expr::Object(fields) if fields.is_empty() => out.push_str("{}"),
        Expr::Object(fields) => {
            out.push_str("{ ");
            for (n, (name, value)) in fields.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                out.push_str(" = ");
                write_expr(out, value, depth);
            }
            out.push_str(" }");
        }
    }
}

/// `s` as an HCL quoted string: quotes, backslashes and control characters
/// escaped, and template sequences (`${`, `%{`) doubled so that they stay
/// literal text.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_of_objects_goes_one_per_line_and_ends_an_alignment_run() {
        let project = |id: &str| {
            Expr::Object(vec![
                ("id".into(), Expr::Raw(id.into())),
                ("role".into(), Expr::str("member")),
            ])
        };
        let block = Block::new("resource", &["openai_invite", "new_hire"])
            .attribute("email", Expr::str("new.hire@example.com"))
            .attribute("role", Expr::str("reader"))
            .attribute(
                "projects",
                Expr::List(vec![
                    project("openai_project.alpha.id"),
                    project("\"proj_b\""),
                ]),
            )
            .attribute("none", Expr::List(Vec::new()));
        assert_eq!(
            block.render(),
            "resource \"openai_invite\" \"new_hire\" {\n  email = \"new.hire@example.com\"\n  role  = \"reader\"\n  projects = [\n    { id = openai_project.alpha.id, role = \"member\" },\n    { id = \"proj_b\", role = \"member\" },\n  ]\n  none = []\n}\n"
        );
    }

    use super::*;

    #[test]
    fn aligns_consecutive_one_line_attributes_only() {
        let block = Block::new("resource", &["openai_project_role", "analyst"])
            .attribute("project_id", Expr::Raw("openai_project.alpha.id".into()))
            .attribute("name", Expr::str("Analyst"))
            .attribute(
                "permissions",
                Expr::StrList(vec!["api.files.read".into(), "api.model.read".into()]),
            )
            .attribute("description", Expr::str("Reads"));
        assert_eq!(
            block.render(),
            "resource \"openai_project_role\" \"analyst\" {\n  \
             project_id = openai_project.alpha.id\n  \
             name       = \"Analyst\"\n  \
             permissions = [\n    \"api.files.read\",\n    \"api.model.read\",\n  ]\n  \
             description = \"Reads\"\n}\n"
        );
    }

    #[test]
    fn nested_blocks_objects_and_empty_blocks() {
        let block =
            Block::new("terraform", &[]).block(Block::new("required_providers", &[]).attribute(
                "openai",
                Expr::Object(vec![("source".into(), Expr::str("tfopenai/openai"))]),
            ));
        assert_eq!(
            block.render(),
            "terraform {\n  required_providers {\n    \
             openai = { source = \"tfopenai/openai\" }\n  }\n}\n"
        );
        assert_eq!(
            Block::new("provider", &["openai"]).render(),
            "provider \"openai\" {}\n"
        );
    }

    #[test]
    fn comments_break_alignment_runs() {
        let mut block = Block::new("import", &[]).attribute("to", Expr::Raw("a.b".into()));
        block.body.push(BodyItem::Comment("why".into()));
        let block = block.attribute("identifier", Expr::str("x"));
        assert_eq!(
            block.render(),
            "import {\n  to = a.b\n  # why\n  identifier = \"x\"\n}\n"
        );
    }

    #[test]
    fn strings_are_escaped_for_hcl() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        assert_eq!(quote("a\nb\tc"), "\"a\\nb\\tc\"");
        assert_eq!(quote("${var.x} %{if} $5 %d"), "\"$${var.x} %%{if} $5 %d\"");
        assert_eq!(quote("bell\u{7}"), "\"bell\\u0007\"");
        assert_eq!(quote("Équipe données"), "\"Équipe données\"");
    }

    #[test]
    fn commented_blocks() {
        let block =
            Block::new("resource", &["openai_group", "x"]).attribute("name", Expr::str("X"));
        assert_eq!(
            block.render_commented(),
            "# resource \"openai_group\" \"x\" {\n#   name = \"X\"\n# }\n"
        );
        assert_eq!(comment_lines("a\n\nb"), "# a\n#\n# b\n");
    }
}
