//! Effective access through Terraform (the `openai_effective_access` data
//! source in postconditions and check blocks, from the example) and
//! `openai-admin access` in every format, its request count for the
//! 200-object organization, and its HTML page in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tfopenai::fake::FakeConfig;

use crate::export::{admin_exits, seed};
use crate::support::{Workspace, combined};

const EXAMPLE: &str =
    include_str!("../../examples/data-sources/openai_effective_access/data-source.tf");
const KEYS_WRITE: &str = "api.organization.projects.api_keys.write";

/// The example up to its check block (the postcondition and the user
/// read), and from it (the check block and the output).
fn example_halves() -> (&'static str, &'static str) {
    let at = EXAMPLE
        .find("# The same rule as a check block")
        .expect("the example has a check block");
    (&EXAMPLE[..at], &EXAMPLE[at..])
}

/// Makes a Security group with `members`.
fn security(ws: &Workspace, members: &[&str]) -> String {
    let h = ws.handle();
    let group = h.create_group("Security");
    for member in members {
        assert!(h.add_group_member(&group, member));
    }
    group
}

#[test]
fn the_example_postcondition_fails_the_plan_for_a_holder_outside_security() {
    let ws = Workspace::new();
    let (guarded, _) = example_halves();
    ws.write(guarded);
    // Alice owns the organization, Bob owns Beta; there is no Security
    // group yet.
    let failed = ws.fails(&["plan", "-no-color"]);
    assert!(failed.contains("Resource postcondition failed"), "{failed}");
    assert!(
        failed.contains("Only members of the Security group may write project API keys"),
        "{failed}"
    );
    for holder in [
        "alice@example.com in the organization through organization owner",
        "bob@example.com in Beta through project user role owner",
    ] {
        assert!(failed.contains(holder), "{holder} missing:\n{failed}");
    }

    // With both in Security, the plan passes.
    security(&ws, &["user_alice", "user_bob"]);
    let passed = ws.ok(&["plan", "-no-color"]);
    assert!(!passed.contains("postcondition"), "{passed}");

    // A custom role with the permission given to a group Carol is in:
    // she holds it through the group's assignment, and the plan fails.
    small_org(&ws);
    let failed = ws.fails(&["plan", "-no-color"]);
    assert!(
        failed.contains("carol@example.com in Alpha through group \"Support\"'s assignment"),
        "{failed}"
    );
    assert!(!failed.contains("alice@example.com in"), "{failed}");
}

#[test]
fn the_example_check_block_warns_and_passes() {
    let ws = Workspace::new();
    let (_, check) = example_halves();
    ws.write(check);
    let warned = ws.ok(&["plan", "-no-color"]);
    assert!(warned.contains("Check block assertion failed"), "{warned}");
    assert!(
        warned.contains("alice@example.com") && warned.contains("bob@example.com"),
        "{warned}"
    );
    security(&ws, &["user_alice", "user_bob"]);
    let clean = ws.ok(&["plan", "-no-color"]);
    assert!(!clean.contains("Check block assertion failed"), "{clean}");
}

/// Applies `config` (data sources and outputs only) and returns the
/// outputs' values.
fn outputs(ws: &Workspace, config: &str) -> serde_json::Value {
    ws.write(config);
    ws.apply();
    let text = ws.ok(&["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_str(&text).expect("output -json");
    outputs
}

#[test]
fn effective_access_of_a_user_names_every_source() {
    let ws = Workspace::new();
    let h = ws.handle();
    // Engineering (alice, bob) joins Alpha with a custom role, and also
    // holds the viewer role there; bob gets a direct organization role.
    let deployer = h.insert_project_role("proj_alpha", "Deployer", &["api.model.request"]);
    assert!(h.remove_project_group("proj_alpha", "group_engineering"));
    assert!(h.add_project_group(
        "proj_alpha",
        "group_engineering",
        Some("role-api-project-viewer")
    ));
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_engineering", &deployer.id));
    assert!(h.insert_user_assignment(None, "user_bob", "role-api-organization-viewer"));
    let values = outputs(
        &ws,
        r#"
data "openai_effective_access" "bob" {
  email = "BOB@example.com"
}

data "openai_effective_access" "bob_in_beta" {
  user_id    = "user_bob"
  project_id = "proj_beta"
}

output "bob" {
  value = [for g in data.openai_effective_access.bob.grants :
  "${coalesce(g.project_id, "org")} ${g.role_id} ${g.source} ${coalesce(g.group_name, "-")}"]
}

output "bob_groups" {
  value = data.openai_effective_access.bob.holders[0].groups
}

output "beta_scopes" {
  value = [for s in data.openai_effective_access.bob_in_beta.scopes : coalesce(s.project_id, "org")]
}

output "alpha_permissions" {
  value = one([for s in data.openai_effective_access.bob.scopes : s.permissions if s.project_id == "proj_alpha"])
}
"#,
    );
    let bob: Vec<String> = serde_json::from_value(values["bob"]["value"].clone()).unwrap();
    assert_eq!(
        bob,
        [
            "org role-api-organization-viewer direct -",
            "proj_alpha role-api-project-member project_user_role -",
            "proj_alpha role-api-project-viewer project_group_join_role Engineering",
            &format!("proj_alpha {} group Engineering", deployer.id),
            "proj_beta role-api-project-owner project_user_role -",
        ]
    );
    assert_eq!(
        values["bob_groups"]["value"],
        serde_json::json!(["Engineering"])
    );
    assert_eq!(
        values["beta_scopes"]["value"],
        serde_json::json!(["org", "proj_beta"])
    );
    let alpha = values["alpha_permissions"]["value"].as_array().unwrap();
    assert!(alpha.contains(&serde_json::json!("api.model.request")));
    assert!(
        !alpha.contains(&serde_json::json!(KEYS_WRITE)),
        "bob is no owner of Alpha"
    );
    ws.assert_plan_empty();
}

#[test]
fn effective_access_is_validated_at_plan_time() {
    let ws = Workspace::new();
    let cases = [
        (
            "permission = \"api.organization.projects.api_key.write\"",
            &[
                "Unknown permission",
                "Close matches: api.organization.projects.api_keys.write",
                "on main.tf line",
            ][..],
        ),
        ("permission = \"API Keys\"", &["not a permission name"][..]),
        (
            "user_id = \"user_bob\"\n  permission = \"api.files.read\"",
            &["Conflicting user_id and permission"][..],
        ),
        ("", &["Missing user_id, email or permission"][..]),
        (
            "email = \"bob@example.com\"\n  project_id = \"alpha\"",
            &["must start with \"proj_\""][..],
        ),
    ];
    let handle = ws.handle();
    for (body, expected) in cases {
        ws.write(&format!(
            "data \"openai_effective_access\" \"x\" {{\n  {body}\n}}\n"
        ));
        handle.reset_counters();
        let out = ws.fails(&["validate", "-no-color"]);
        for text in expected {
            assert!(out.contains(text), "{body}: {text:?} missing:\n{out}");
        }
        assert_eq!(handle.request_count(), 0, "validation reads nothing");
    }
    // Far from every known name: read as written, with a warning.
    ws.write("data \"openai_effective_access\" \"x\" {\n  permission = \"api.billing.invoices.export\"\n}\n");
    let out = ws.ok(&["plan", "-no-color"]);
    assert!(
        out.contains("Permission not in the provider's catalogue"),
        "{out}"
    );
    // An unknown user or project is an error at its attribute.
    ws.write("data \"openai_effective_access\" \"x\" {\n  email = \"zed@example.com\"\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("no user with email \"zed@example.com\""),
        "{out}"
    );
    ws.write("data \"openai_effective_access\" \"x\" {\n  permission = \"api.files.read\"\n  project_id = \"proj_legacy\"\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("proj_legacy"), "{out}");
}

/// `openai-admin access` writes `format` to a file in the workspace.
fn report(ws: &Workspace, format: &str, extra: &[&str]) -> (String, String) {
    let out = ws.path().join(format!("access.{format}"));
    let mut args = vec!["access", "--format", format, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let stdout = admin_exits(&ws.fake.base_url(), &args, 0);
    (std::fs::read_to_string(&out).unwrap(), stdout)
}

/// The built-in organization with a custom role through a group's
/// assignment (Support, Carol's group, joined Alpha as member).
fn small_org(ws: &Workspace) {
    let h = ws.handle();
    assert!(h.insert_group_assignment(
        Some("proj_alpha"),
        "group_support",
        "role-api-project-member"
    ));
    let role = h.insert_project_role("proj_alpha", "Key Manager", &[KEYS_WRITE]);
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_support", &role.id));
}

#[test]
fn access_report_in_every_format() {
    let ws = Workspace::new();
    small_org(&ws);
    let (markdown, stdout) = report(&ws, "markdown", &["-q"]);
    assert!(
        stdout.contains("Wrote") && stdout.contains("grants of 5 users in 2 active projects"),
        "{stdout}"
    );
    for expected in [
        "## Owners\n\n- Organization: Alice\n- Alpha: Alice\n- Beta: Bob\n",
        "## Broadest grants",
        "## Project Alpha (`proj_alpha`)",
        "| Carol <carol@example.com> | Key Manager (`",
        "| group \"Support\"'s assignment |",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} missing:\n{markdown}"
        );
    }
    let (csv, _) = report(&ws, "csv", &[]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "scope,project_id,project_name,user_id,user_name,email,role_id,role_name,source,group_id,group_name,through,permissions"
    );
    let carol: Vec<&str> = lines
        .filter(|l| l.contains("user_carol") && l.contains("Key Manager"))
        .collect();
    assert_eq!(carol.len(), 1, "{csv}");
    assert!(carol[0].starts_with("project,proj_alpha,Alpha,user_carol,Carol,carol@example.com,"));
    assert!(
        carol[0].ends_with(&format!(
            ",group,group_support,Support,\"group \"\"Support\"\"'s assignment\",{KEYS_WRITE}"
        )),
        "{}",
        carol[0]
    );
    let (json, _) = report(&ws, "json", &[]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["summary"]["organization_owners"][0]["user_id"],
        "user_alice"
    );
    let scopes: Vec<&str> = json["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, ["Organization", "Alpha", "Beta"]);
    let grants = json["scopes"][1]["grants"].as_array().unwrap();
    assert!(grants.iter().any(|g| g["user_id"] == "user_carol"
        && g["source"] == "group"
        && g["group_id"] == "group_support"));
    let (html, _) = report(&ws, "html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for remote in ["http://", "https://", " src=", "<link", "@import"] {
        assert!(!html.contains(remote), "the page refers to {remote:?}");
    }
    // --project keeps the organization and that project only; errors.
    let (alpha_only, _) = report(&ws, "json", &["--project", "proj_alpha", "--force"]);
    let alpha_only: serde_json::Value = serde_json::from_str(&alpha_only).unwrap();
    assert_eq!(alpha_only["scopes"].as_array().unwrap().len(), 2);
    let existing = ws.path().join("access.json");
    let refused = admin_exits(
        &ws.fake.base_url(),
        &["access", "--out", existing.to_str().unwrap()],
        3,
    );
    assert!(refused.contains("exists"), "{refused}");
    let bad = admin_exits(
        &ws.fake.base_url(),
        &["access", "--out", "x", "--format", "pdf"],
        2,
    );
    assert!(bad.contains("unknown format \"pdf\""), "{bad}");
    let archived = admin_exits(
        &ws.fake.base_url(),
        &["access", "--out", "y", "--project", "proj_legacy"],
        2,
    );
    assert!(archived.contains("archived"), "{archived}");
}

#[test]
fn access_report_for_the_200_object_organization_costs_one_request_per_list() {
    let ws = Workspace::with_config(FakeConfig::default());
    seed(&ws);
    let h = ws.handle();
    h.reset_counters();
    let started = Instant::now();
    let (json, stdout) = report(&ws, "json", &["-q"]);
    let elapsed = started.elapsed();
    let requests = h.request_count();
    // One page each: the pages of users, groups, organization roles and
    // projects; per group its members and organization roles; per user
    // its organization roles; per active project its roles, groups and
    // users; per project group and project user their roles.
    let active: Vec<String> = h
        .projects()
        .into_iter()
        .filter(|p| p.status == "active")
        .map(|p| p.id)
        .collect();
    let per_project: usize = active
        .iter()
        .map(|p| 3 + h.project_groups(p).len() + h.project_users(p).len())
        .sum();
    let expected = 4 + 2 * h.groups().len() + h.users().len() + per_project;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let grants = json["summary"]["grants"].as_u64().unwrap();
    println!(
        "access report of the 200-object organization: {requests} API requests, {grants} grants, {} ms",
        elapsed.as_millis()
    );
    assert_eq!(requests, expected, "requests: {:?}", h.request_counts());
    assert!(
        stdout.contains(&format!("{requests} API requests")),
        "{stdout}"
    );
    assert!(h.request_counts().keys().all(|k| k.starts_with("GET ")));
    assert!(grants > 100, "{grants}");
}

/// Chromium from Debian's packages; the test fails (never skips) without it.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        }
    }
    panic!("chromium is not installed: apt-get install -y chromium (.ci/run installs it)");
}

fn headless(page: &Path, args: &[&str], hash: &str) -> String {
    let url = format!("file://{}#{hash}", page.display());
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(args)
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed:\n{}", combined(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `data-user` of each row of the table in section `scope`, with
/// whether it is hidden.
fn rows(dom: &str, scope: &str) -> Vec<(String, bool)> {
    let start = dom.find(&format!("id=\"scope-{scope}\"")).expect("section");
    let section = &dom[start..start + dom[start..].find("</section>").unwrap()];
    section
        .split("<tr")
        .skip(2)
        .map(|row| {
            let tag = &row[..row.find('>').unwrap()];
            let user = tag.split("data-user=\"").nth(1).unwrap();
            (
                user[..user.find('"').unwrap()].to_owned(),
                tag.contains("hidden"),
            )
        })
        .collect()
}

#[test]
fn access_report_html_sorts_and_filters_in_headless_chromium() {
    let ws = Workspace::new();
    small_org(&ws);
    let h = ws.handle();
    assert!(h.add_project_user("proj_alpha", "user_erin", "member"));
    let (_, _) = report(&ws, "html", &["-q"]);
    let page = ws.path().join("access.html");
    // As written: Alpha's rows by user name (Carol twice: member through
    // Support's join role, and Key Manager).
    let written = std::fs::read_to_string(&page).unwrap();
    let users = |rows: &[(String, bool)]| rows.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>();
    assert_eq!(
        users(&rows(&written, "proj_alpha")),
        [
            "user_alice",
            "user_bob",
            "user_carol",
            "user_carol",
            "user_erin"
        ]
    );
    // One load: Alpha's table sorted by User, descending (two clicks), then
    // filtered to the Key Manager rows through Support, and a screenshot.
    let started = Instant::now();
    let png = ws.path().join("access.png");
    let dom = headless(
        &page,
        &[
            "--dump-dom",
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,900",
        ],
        "sort=User&desc=1&table=%23scope-proj_alpha%20table&filter=key%20manager%20support",
    );
    let elapsed = started.elapsed();
    assert!(dom.contains("data-ready=\"1\""), "the script ran:\n{dom}");
    let alpha = rows(&dom, "proj_alpha");
    assert_eq!(
        users(&alpha),
        [
            "user_erin",
            "user_carol",
            "user_carol",
            "user_bob",
            "user_alice"
        ]
    );
    assert!(dom.contains("aria-sort=\"descending\""));
    let shown: Vec<usize> = (0..alpha.len()).filter(|&i| !alpha[i].1).collect();
    assert_eq!(shown.len(), 1, "{alpha:?}");
    assert_eq!(alpha[shown[0]].0, "user_carol");
    assert!(dom.contains("<span id=\"shown\">1</span>"), "one row shown");
    assert!(
        dom.contains("id=\"scope-proj_beta\" hidden"),
        "a section with no match is hidden"
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    println!(
        "headless chromium: one page load in {} ms",
        elapsed.as_millis()
    );
}

/// `terraform plan` of one `openai_effective_access` read (`by` is its
/// argument, HCL) in the seeded organization: the fake's request count.
fn requests_of_one_read(ws: &Workspace, by: &str) -> usize {
    ws.write(&format!(
        "data \"openai_effective_access\" \"q\" {{\n  {by}\n}}\n\noutput \"grants\" {{\n  \
         value = length(data.openai_effective_access.q.grants)\n}}\n"
    ));
    ws.handle().reset_counters();
    ws.ok(&["plan", "-no-color"]);
    ws.handle().request_count()
}

#[test]
fn a_user_query_reads_only_that_users_and_their_groups_lists() {
    let ws = Workspace::with_config(FakeConfig::default());
    seed(&ws);
    let h = ws.handle();
    let user = "user_erin";
    let in_groups: Vec<String> = h
        .groups()
        .into_iter()
        .filter(|g| h.group_members(&g.id).iter().any(|m| m == user))
        .map(|g| g.id)
        .collect();
    assert!(!in_groups.is_empty(), "erin is in a group of the seed");
    let active: Vec<String> = h
        .projects()
        .into_iter()
        .filter(|p| p.status == "active")
        .map(|p| p.id)
        .collect();
    // The four lists, every group's members, the organization roles of
    // erin and of her groups; per active project its roles, groups and
    // users, then the roles there of her groups and of erin if a user of it.
    let per_project: usize = active
        .iter()
        .map(|p| {
            let groups = h
                .project_groups(p)
                .iter()
                .filter(|g| in_groups.contains(g))
                .count();
            let erin = h
                .project_users(p)
                .iter()
                .filter(|u| u.user_id == user)
                .count();
            3 + groups + erin
        })
        .sum();
    let expected = 4 + h.groups().len() + in_groups.len() + 1 + per_project;
    let by_email = requests_of_one_read(&ws, "email = \"erin@example.com\"");
    assert_eq!(by_email, expected, "{:?}", h.request_counts());
    let by_id = requests_of_one_read(&ws, "user_id = \"user_erin\"");
    assert_eq!(by_id, expected, "{:?}", h.request_counts());

    // A permission query needs everyone's lists.
    let all_projects: usize = active
        .iter()
        .map(|p| 3 + h.project_groups(p).len() + h.project_users(p).len())
        .sum();
    let everyone = 4 + 2 * h.groups().len() + h.users().len() + all_projects;
    let by_permission = requests_of_one_read(&ws, &format!("permission = \"{KEYS_WRITE}\""));
    assert_eq!(by_permission, everyone, "{:?}", h.request_counts());
    println!(
        "effective access in the 200-object organization: {by_email} requests for one user, \
         {by_permission} for one permission"
    );
    assert!(
        by_email < by_permission / 2,
        "{by_email} vs {by_permission}"
    );
}
