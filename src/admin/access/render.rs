//! The report as Markdown, CSV or JSON (HTML: [`super::html`]). Every
//! format holds the same rows: per scope (the organization, then each
//! project by name), who holds which role with which permissions, through
//! what.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Access, Grant, ScopeRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Json,
    Html,
}

impl Format {
    pub const NAMES: &'static str = "markdown, csv, json or html";

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "markdown" | "md" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

pub fn render(access: &Access, format: Format) -> String {
    match format {
        Format::Markdown => markdown(access),
        Format::Csv => csv(access),
        Format::Json => serde_json::to_string_pretty(&to_json(access)).expect("JSON") + "\n",
        Format::Html => super::html::page(access),
    }
}

/// Scopes in report order, each with its grants (a project with none too).
pub fn sections(access: &Access) -> Vec<(ScopeRef, Vec<&Grant>)> {
    std::iter::once(ScopeRef::organization())
        .chain(access.projects.iter().cloned())
        .map(|scope| {
            let grants = access.grants.iter().filter(|g| g.scope == scope).collect();
            (scope, grants)
        })
        .collect()
}

pub fn permissions_text(grant: &Grant) -> String {
    grant
        .permissions
        .iter()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

fn holder_label(grant: &Grant) -> String {
    match &grant.holder.email {
        Some(email) => format!("{} <{email}>", grant.holder.name),
        None => grant.holder.name.clone(),
    }
}

fn markdown(access: &Access) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let summary = access.summary();
    let mut out = String::from("# Effective access\n\n");
    let _ = writeln!(
        out,
        "{} users, {} active projects, {} grants.\n",
        summary.users, summary.projects, summary.grants
    );
    out.push_str("## Owners\n\n");
    let names = |holders: &[super::Holder]| {
        if holders.is_empty() {
            "none".to_owned()
        } else {
            holders
                .iter()
                .map(|h| cell(&h.name))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(
        out,
        "- Organization: {}",
        names(&summary.organization_owners)
    );
    for (project, owners) in &summary.project_owners {
        let _ = writeln!(out, "- {}: {}", cell(&project.name), names(owners));
    }
    out.push_str("\n## Broadest grants\n\n| Scope | Role | Through | Permissions | Holders |\n|---|---|---|---|---|\n");
    for b in &summary.broadest {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&b.scope.name),
            cell(&b.role_name),
            cell(&b.through),
            b.permissions,
            b.holders
        );
    }
    for (scope, grants) in sections(access) {
        let title = match &scope.project_id {
            Some(id) => format!("Project {} (`{id}`)", cell(&scope.name)),
            None => "Organization".to_owned(),
        };
        let _ = writeln!(out, "\n## {title}\n");
        if grants.is_empty() {
            out.push_str("Nobody holds a role here.\n");
            continue;
        }
        out.push_str("| User | Role | Permissions | Through |\n|---|---|---|---|\n");
        for g in grants {
            let _ = writeln!(
                out,
                "| {} | {} (`{}`) | {} | {} |",
                cell(&holder_label(g)),
                cell(&g.role_name),
                g.role_id,
                cell(&permissions_text(g)),
                cell(&g.source.describe())
            );
        }
    }
    if !access.unread_groups.is_empty() {
        let _ = writeln!(
            out,
            "\nGroups whose members could not be read (their grants are not listed): {}",
            access.unread_groups.join(", ")
        );
    }
    out
}

/// RFC 4180: quoted when needed, quotes doubled.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

const CSV_HEADER: &[&str] = &[
    "scope",
    "project_id",
    "project_name",
    "user_id",
    "user_name",
    "email",
    "role_id",
    "role_name",
    "source",
    "group_id",
    "group_name",
    "through",
    "permissions",
];

fn csv(access: &Access) -> String {
    let mut out = CSV_HEADER.join(",") + "\r\n";
    for (scope, grants) in sections(access) {
        for g in grants {
            let (group_id, group_name) = g.source.group().unwrap_or(("", ""));
            let fields = [
                scope.kind(),
                scope.project_id.as_deref().unwrap_or(""),
                if scope.project_id.is_some() {
                    &scope.name
                } else {
                    ""
                },
                &g.holder.id,
                &g.holder.name,
                g.holder.email.as_deref().unwrap_or(""),
                &g.role_id,
                &g.role_name,
                g.source.kind(),
                group_id,
                group_name,
                &g.source.describe(),
                &permissions_text(g),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

pub fn grant_json(g: &Grant) -> Value {
    let (group_id, group_name) = g.source.group().unzip();
    json!({
        "scope": g.scope.kind(),
        "project_id": g.scope.project_id,
        "project_name": g.scope.project_id.as_ref().map(|_| &g.scope.name),
        "user_id": g.holder.id,
        "user_name": g.holder.name,
        "email": g.holder.email,
        "role_id": g.role_id,
        "role_name": g.role_name,
        "permissions": g.permissions,
        "source": g.source.kind(),
        "group_id": group_id,
        "group_name": group_name,
        "through": g.source.describe(),
    })
}

pub fn to_json(access: &Access) -> Value {
    let summary = access.summary();
    let people = |holders: &[super::Holder]| -> Vec<Value> {
        holders
            .iter()
            .map(|h| json!({"user_id": h.id, "name": h.name, "email": h.email}))
            .collect()
    };
    json!({
        "summary": {
            "users": summary.users,
            "projects": summary.projects,
            "grants": summary.grants,
            "organization_owners": people(&summary.organization_owners),
            "project_owners": summary.project_owners.iter().map(|(p, owners)| json!({
                "project_id": p.project_id, "project_name": p.name, "owners": people(owners),
            })).collect::<Vec<_>>(),
            "broadest": summary.broadest.iter().map(|b| json!({
                "scope": b.scope.kind(), "project_id": b.scope.project_id,
                "scope_name": b.scope.name, "role_id": b.role_id, "role_name": b.role_name,
                "through": b.through, "permissions": b.permissions, "holders": b.holders,
            })).collect::<Vec<_>>(),
        },
        "scopes": sections(access).into_iter().map(|(scope, grants)| json!({
            "scope": scope.kind(),
            "project_id": scope.project_id,
            "name": scope.name,
            "grants": grants.into_iter().map(grant_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "unread_groups": access.unread_groups,
    })
}
