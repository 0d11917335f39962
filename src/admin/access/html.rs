//! The report as one self-contained HTML page: inline CSS and script,
//! nothing loaded from the network. The summary (owners, broadest grants)
//! comes first; below it one table per scope, sortable by a click on a
//! column heading and filtered by the text box (every word must appear in
//! the row).
//!
//! Test hook: the page applies `#sort=<heading>&filter=<text>` from its
//! URL once loaded, as clicks and typing would (headless browsers cannot
//! click), so a `--dump-dom` shows the result.

use std::fmt::Write as _;

use super::render::{permissions_text, sections};
use super::{Access, Holder};

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.facts{color:#57606a;margin:0 0 1rem}
.summary{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem;background:#f6f8fa}
.card h2{margin-top:0}
.owner{display:inline-block;background:#ffebe9;border:1px solid #ff8182;border-radius:1rem;
padding:0 .6rem;margin:.1rem}
table{border-collapse:collapse;width:100%;margin-bottom:.5rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eaeef2;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}
td.perms{font-family:ui-monospace,monospace;font-size:12px}
tr.owner-row td{background:#fff8f7}
#filter{font-size:1rem;padding:.35rem .5rem;width:28rem;max-width:100%}
.count{color:#57606a;font-size:.9rem}
";

const SCRIPT: &str = r#"
(function(){
  function cellText(row, i){ return row.cells[i].getAttribute('data-sort') || row.cells[i].textContent; }
  function sortBy(th){
    var table = th.closest('table'), i = th.cellIndex, body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var numeric = th.hasAttribute('data-numeric');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      var x = cellText(a, i), y = cellText(b, i);
      var c = numeric ? (Number(x) - Number(y)) : x.localeCompare(y);
      return asc ? c : -c;
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  function filter(text){
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll('table.grants tbody tr').forEach(function(row){
      var t = row.textContent.toLowerCase();
      var ok = words.every(function(w){ return t.indexOf(w) >= 0; });
      row.hidden = !ok; if (ok) shown++;
    });
    document.querySelectorAll('section.scope').forEach(function(s){
      var visible = s.querySelectorAll('tbody tr:not([hidden])').length;
      s.querySelector('.count').textContent = visible + ' shown';
      s.hidden = words.length > 0 && visible === 0;
    });
    document.getElementById('shown').textContent = shown;
  }
  document.querySelectorAll('th').forEach(function(th){
    th.addEventListener('click', function(){ sortBy(th); });
  });
  var box = document.getElementById('filter');
  box.addEventListener('input', function(){ filter(box.value); });
  filter('');
  var hook = new URLSearchParams(location.hash.slice(1));
  if (hook.has('sort')) {
    var table = document.querySelector(hook.get('table') || 'table.grants');
    table.querySelectorAll('th').forEach(function(th){
      if (th.textContent === hook.get('sort')) { th.click(); if (hook.has('desc')) th.click(); }
    });
  }
  if (hook.has('filter')) { box.value = hook.get('filter'); box.dispatchEvent(new Event('input')); }
  document.body.setAttribute('data-ready', '1');
})();
"#;

fn people(holders: &[Holder]) -> String {
    if holders.is_empty() {
        return "<em>none</em>".to_owned();
    }
    holders
        .iter()
        .map(|h| format!("<span class=\"owner\">{}</span>", escape(&h.name)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn page(access: &Access) -> String {
    let summary = access.summary();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>Effective access</title><style>{STYLE}</style></head><body>\n\
         <h1>Effective access</h1>\n<p class=\"facts\">{} users, {} active projects, {} \
         grants</p>\n<div class=\"summary\">\n<div class=\"card\" id=\"owners\"><h2>Owners</h2>\
         <p>Organization: {}</p>",
        summary.users,
        summary.projects,
        summary.grants,
        people(&summary.organization_owners)
    );
    for (project, owners) in &summary.project_owners {
        let _ = write!(out, "<p>{}: {}</p>", escape(&project.name), people(owners));
    }
    out.push_str(
        "</div>\n<div class=\"card\"><h2>Broadest grants</h2><table id=\"broadest\"><thead><tr>\
         <th>Scope</th><th>Role</th><th>Through</th><th data-numeric>Permissions</th>\
         <th data-numeric>Holders</th></tr></thead><tbody>\n",
    );
    for b in &summary.broadest {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&b.scope.name),
            escape(&b.role_name),
            escape(&b.through),
            b.permissions,
            b.holders
        );
    }
    out.push_str(
        "</tbody></table></div>\n</div>\n<h2>Who holds what</h2>\n<p><input id=\"filter\" \
         type=\"search\" placeholder=\"Filter: user, role, permission, group...\" \
         aria-label=\"Filter\"> <span class=\"count\"><span id=\"shown\"></span> rows \
         shown</span></p>\n",
    );
    for (scope, grants) in sections(access) {
        let (title, id) = match &scope.project_id {
            Some(id) => (
                format!(
                    "Project {} <code>{}</code>",
                    escape(&scope.name),
                    escape(id)
                ),
                id.clone(),
            ),
            None => ("Organization".to_owned(), "organization".to_owned()),
        };
        let _ = write!(
            out,
            "<section class=\"scope\" id=\"scope-{}\"><h2>{title} <span class=\"count\"></span>\
             </h2>\n<table class=\"grants\"><thead><tr><th>User</th><th>Email</th><th>Role</th>\
             <th data-numeric>Count</th><th>Permissions</th><th>Through</th></tr></thead>\
             <tbody>\n",
            escape(&id)
        );
        for g in grants {
            let owner = g.role_id.ends_with("-owner");
            let _ = writeln!(
                out,
                "<tr{} data-user=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"perms\">{}</td><td>{}</td></tr>",
                if owner { " class=\"owner-row\"" } else { "" },
                escape(&g.holder.id),
                escape(&g.holder.name),
                escape(g.holder.email.as_deref().unwrap_or("")),
                escape(&g.role_name),
                g.permissions.len(),
                escape(&permissions_text(g)),
                escape(&g.source.describe())
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    if !access.unread_groups.is_empty() {
        let _ = writeln!(
            out,
            "<p>Groups whose members could not be read (their grants are not listed): {}</p>",
            escape(&access.unread_groups.join(", "))
        );
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}
