//! `openai-admin export` and `snapshot` through the real binaries: an
//! organization of more than 200 objects exported, planned (imports only),
//! applied and planned again (empty) with terraform, with no write request
//! reaching the API; a snapshot loaded into a second fake exports the same
//! files; filters, refusals, help and exit codes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Instant;

use tfopenai::admin::inventory::{self, Inventory, ReadPlan};
use tfopenai::api::{AdminClient, ClientConfig, CreateRoleRequest};
use tfopenai::fake::{FakeConfig, FakeHandle, FakeServer, FaultConfig, Fixture};

use crate::support::{API_KEY, Workspace, combined};

const ADMIN: &str = env!("CARGO_BIN_EXE_openai-admin");
const ADOPT: &str = "adopt";

/// `openai-admin` with only the environment a test gives it: none of the
/// machine's OPENAI_* or proxy settings leak in.
fn admin_command(args: &[&str]) -> Command {
    let mut command = Command::new(ADMIN);
    command.args(args).env_clear();
    for var in ["PATH", "HOME", "TMPDIR"] {
        if let Ok(value) = std::env::var(var) {
            command.env(var, value);
        }
    }
    command
}

/// Runs `openai-admin` against the fake at `base_url`.
pub(crate) fn admin(base_url: &str, args: &[&str]) -> Output {
    admin_command(args)
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", base_url)
        .output()
        .expect("run openai-admin")
}

/// Waits until the fake has seen no new request for 300 ms: requests a
/// finished process sent may still be queued there.
fn settle(handle: &FakeHandle) {
    let mut seen = handle.request_count();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = handle.request_count();
        if now == seen {
            return;
        }
        seen = now;
    }
}

/// `admin`, expecting exit code `code`; returns stdout and stderr.
pub(crate) fn admin_exits(base_url: &str, args: &[&str], code: i32) -> String {
    let out = admin(base_url, args);
    let text = combined(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "openai-admin {args:?}:\n{text}"
    );
    text
}

/// Terraform in `dir` below the workspace, configured by the environment
/// the export's provider block relies on.
fn terraform(ws: &Workspace, dir: &str, args: &[&str]) -> Output {
    let chdir = format!("-chdir={dir}");
    let mut full = vec![chdir.as_str()];
    full.extend_from_slice(args);
    ws.command(&full)
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", ws.fake.base_url())
        .output()
        .expect("run terraform")
}

fn terraform_ok(ws: &Workspace, dir: &str, args: &[&str]) -> String {
    let out = terraform(ws, dir, args);
    assert!(
        out.status.success(),
        "terraform {args:?} failed:\n{}",
        combined(&out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file of a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// The regular files of a directory and their bytes.
fn file_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_file())
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn all_text(files: &BTreeMap<String, String>) -> String {
    files.values().cloned().collect::<Vec<_>>().join("\n")
}

fn import_blocks(files: &BTreeMap<String, String>) -> usize {
    files
        .values()
        .flat_map(|text| text.lines())
        .filter(|line| *line == "import {")
        .count()
}

/// Import blocks by the resource type they import to.
fn imports_by_type(files: &BTreeMap<String, String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for text in files.values() {
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0] == "import {" {
                let target = pair[1].trim().strip_prefix("to = ").expect("to first");
                let ty = target.split('.').next().unwrap().to_owned();
                *counts.entry(ty).or_default() += 1;
            }
        }
    }
    counts
}

/// What the export must adopt, by resource type, counted from the fake's
/// own state with the rules the issue sets: active projects only, SCIM
/// groups as data sources without members, a project group only when the
/// group holds a role there (its join role then not an assignment too).
///
/// Policies: every setting the fake has a value of (a spend limit never set
/// has none), rate limits only `with_rate_limits` (off by default), every
/// spend alert and certificate.
pub(crate) fn expected_imports(h: &FakeHandle, with_rate_limits: bool) -> BTreeMap<String, usize> {
    let active: Vec<String> = h
        .projects()
        .into_iter()
        .filter(|p| p.status == "active")
        .map(|p| p.id)
        .collect();
    let in_scope = |project: &Option<String>| project.as_ref().is_none_or(|p| active.contains(p));
    let groups = h.groups();
    let managed: Vec<_> = groups.iter().filter(|g| !g.is_scim_managed).collect();
    let group_roles = h.group_assignments();
    let joined: usize = active
        .iter()
        .flat_map(|p| h.project_groups(p).into_iter().map(move |g| (p.clone(), g)))
        .filter(|(p, g)| {
            group_roles
                .iter()
                .any(|a| a.project_id.as_ref() == Some(p) && &a.group_id == g)
        })
        .count();
    let counts = [
        ("openai_project", active.len()),
        (
            "openai_project_role",
            active.iter().map(|p| h.custom_project_roles(p).len()).sum(),
        ),
        ("openai_organization_role", h.custom_org_roles().len()),
        ("openai_group", managed.len()),
        (
            "openai_group_user",
            managed.iter().map(|g| h.group_members(&g.id).len()).sum(),
        ),
        ("openai_project_group", joined),
        (
            "openai_project_user",
            active.iter().map(|p| h.project_users(p).len()).sum(),
        ),
        (
            "openai_group_role_assignment",
            group_roles
                .iter()
                .filter(|a| in_scope(&a.project_id))
                .count()
                - joined,
        ),
        (
            "openai_user_role_assignment",
            h.user_assignments()
                .iter()
                .filter(|a| in_scope(&a.project_id))
                .count(),
        ),
        (
            "openai_invite",
            h.collection("invites")
                .iter()
                .filter(|i| i["status"] == "pending")
                .count(),
        ),
        (
            "openai_project_service_account",
            h.collection("service_accounts")
                .iter()
                .filter(|a| active.iter().any(|p| a["project_id"] == p.as_str()))
                .count(),
        ),
        (
            "openai_organization_spend_alert",
            h.collection("organization_spend_alerts").len(),
        ),
        (
            "openai_project_spend_alert",
            h.collection("project_spend_alerts")
                .iter()
                .filter(|a| active.iter().any(|p| a["project_id"] == p.as_str()))
                .count(),
        ),
        ("openai_certificate", h.collection("certificates").len()),
        (
            "openai_project_rate_limit",
            if with_rate_limits {
                active.iter().map(|p| h.rate_limits(p).len()).sum()
            } else {
                0
            },
        ),
    ];
    let organization = [
        (
            "openai_organization_data_retention",
            "organization_data_retention",
        ),
        (
            "openai_organization_spend_limit",
            "organization_spend_limit",
        ),
    ]
    .map(|(ty, name)| (ty, usize::from(h.setting(name, None).is_some())));
    let per_project = [
        ("openai_project_data_retention", "project_data_retention"),
        ("openai_project_model_permissions", "model_permissions"),
        (
            "openai_project_hosted_tool_permissions",
            "hosted_tool_permissions",
        ),
        ("openai_project_spend_limit", "project_spend_limit"),
    ]
    .map(|(ty, name)| {
        let have = active
            .iter()
            .filter(|p| h.setting(name, Some(p)).is_some())
            .count();
        (ty, have)
    });
    counts
        .into_iter()
        .chain(organization)
        .chain(per_project)
        .filter(|(_, count)| *count > 0)
        .map(|(ty, count)| (ty.to_owned(), count))
        .collect()
}

/// Requests other than GET since the counters were last reset.
pub(crate) fn writes(handle: &FakeHandle) -> Vec<String> {
    handle
        .request_counts()
        .into_keys()
        .filter(|key| !key.starts_with("GET "))
        .collect()
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const PROJECT_ROLES: &[(&str, Option<&str>, &[&str])] = &[
    ("Analyst", None, &["api.files.read", "api.model.read"]),
    (
        "Data Reader",
        Some("Reads files and vector stores"),
        &["api.files.read", "api.vector_stores.read"],
    ),
    (
        "Key Manager",
        Some("Manages the project's API keys"),
        &[
            "api.organization.projects.api_keys.read",
            "api.organization.projects.api_keys.write",
        ],
    ),
    (
        "Deployer",
        None,
        &["api.model.request", "api.batches.write"],
    ),
    ("Auditor", None, &["api.usage.read"]),
    (
        "Billing \"Viewer\"",
        Some("Quotes, a ${literal} and a\nsecond line"),
        &["api.usage.read"],
    ),
    (
        "Model Trainer",
        None,
        &["api.fine_tuning.jobs.read", "api.fine_tuning.jobs.write"],
    ),
];

const ORG_ROLES: &[(&str, Option<&str>, &[&str])] = &[
    (
        "Security Auditor",
        Some("Reads audit logs"),
        &["api.audit_logs.read"],
    ),
    // Slugifies like the one above: the export must still name both apart.
    (
        "security-auditor",
        None,
        &["api.audit_logs.read", "api.usage.read"],
    ),
    (
        "Group Admin",
        None,
        &["api.groups.read", "api.groups.write"],
    ),
    ("Role Admin", None, &["api.roles.read", "api.roles.write"]),
    ("Usage Reader", None, &["api.usage.read"]),
];

const GROUPS: &[&str] = &[
    "Platform",
    "Data Science",
    "ML Research",
    "Security",
    "SRE",
    "Finance Ops",
    "Legal",
    "Marketing",
    "Sales Engineering",
    "Support Tier 2",
    "2024 Interns",
    "QA",
    "Design",
    "Mobile",
    "Web",
    "DevRel",
];

/// The seeded organization's generated IDs.
pub(crate) struct Seeded {
    /// The archived project.
    delta: String,
}

fn role_request(name: &str, description: Option<&str>, permissions: &[&str]) -> CreateRoleRequest {
    CreateRoleRequest {
        role_name: name.to_owned(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        description: description.map(str::to_owned),
    }
}

/// Grows the built-in organization to well over 200 manageable objects in
/// three active projects: custom roles in each project and the
/// organization (two of them slugify alike in each scope), groups with
/// members, project groups joining with predefined and custom roles, further
/// group roles, project users, user roles in projects and the organization,
/// a SCIM-managed group with project access, groups in a project holding no
/// role, and an archived project with contents. Roles are made through the
/// API, as the dashboard would; the rest out of band.
pub(crate) fn seed(ws: &Workspace) -> Seeded {
    let h = ws.handle();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = AdminClient::new(ClientConfig::new(API_KEY, ws.fake.base_url())).unwrap();

    let mut users: Vec<String> = [
        "user_alice",
        "user_bob",
        "user_carol",
        "user_dee",
        "user_erin",
    ]
    .iter()
    .map(|u| u.to_string())
    .collect();
    for n in 1..=25 {
        users.push(h.add_user(&format!("User {n:02}"), &format!("user{n:02}@example.com")));
    }
    let gamma = h.create_project("Gamma");
    let delta = h.create_project("Delta");
    let projects = [
        "proj_alpha".to_string(),
        "proj_beta".to_string(),
        gamma.clone(),
    ];

    let mut project_roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for project in projects.iter().chain([&delta]) {
        for (name, description, permissions) in PROJECT_ROLES {
            let role =
                runtime
                    .block_on(client.create_project_role(
                        project,
                        &role_request(name, *description, permissions),
                    ))
                    .unwrap();
            project_roles
                .entry(project.clone())
                .or_default()
                .push(role.id);
        }
    }
    runtime
        .block_on(client.create_project_role(
            "proj_alpha",
            &role_request("data-reader", None, &["api.files.read"]),
        ))
        .unwrap();
    let org_roles: Vec<String> = ORG_ROLES
        .iter()
        .map(|(name, description, permissions)| {
            runtime
                .block_on(client.create_org_role(&role_request(name, *description, permissions)))
                .unwrap()
                .id
        })
        .collect();

    let groups: Vec<String> = GROUPS.iter().map(|name| h.create_group(name)).collect();
    for (i, group) in groups.iter().enumerate() {
        for k in 0..4 {
            assert!(h.add_group_member(group, &users[(i * 4 + k + 5) % users.len()]));
        }
    }

    let joins = [
        "role-api-project-member",
        "role-api-project-viewer",
        "role-api-project-owner",
    ];
    for (p, project) in projects.iter().enumerate() {
        let custom = &project_roles[project];
        for k in 0..7 {
            let group = &groups[(p * 5 + k) % groups.len()];
            let join = if k < 5 { joins[k % 3] } else { &custom[k - 5] };
            assert!(h.add_project_group(project, group, Some(join)));
            if k < 4 {
                assert!(h.insert_group_assignment(Some(project), group, &custom[k + 2]));
            }
        }
        for k in 0..7 {
            let user = &users[5 + p * 7 + k];
            assert!(h.add_project_user(project, user, if k == 0 { "owner" } else { "member" }));
            if k < 3 {
                assert!(h.insert_user_assignment(Some(project), user, &custom[k + 1]));
            }
        }
    }
    // Built-in access without roles: engineering gets a predefined and a
    // custom role in alpha, support only a custom one (its join role);
    // finance in alpha and engineering in beta keep none.
    let alpha = &project_roles["proj_alpha"];
    assert!(h.insert_group_assignment(
        Some("proj_alpha"),
        "group_engineering",
        "role-api-project-viewer"
    ));
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_engineering", &alpha[0]));
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_support", &alpha[2]));
    assert!(h.add_project_group(&gamma, "group_sales", Some("role-api-project-viewer")));

    for (i, group) in groups.iter().take(6).enumerate() {
        let role = if i == 5 {
            "role-api-organization-viewer"
        } else {
            &org_roles[i]
        };
        assert!(h.insert_group_assignment(None, group, role));
    }
    for (i, user) in users.iter().skip(5).take(8).enumerate() {
        assert!(h.insert_user_assignment(None, user, &org_roles[i % org_roles.len()]));
    }

    // Delta has contents, then is archived: none of it can be managed.
    assert!(h.add_project_group(&delta, &groups[0], Some(&project_roles[&delta][0])));
    assert!(h.add_project_user(&delta, &users[6], "member"));
    assert!(h.archive_project(&delta));
    Seeded { delta }
}

#[test]
fn export_adopts_an_organization_of_200_objects_with_only_imports() {
    let ws = Workspace::with_config(FakeConfig::default());
    let seeded = seed(&ws);
    seed_declared(&ws);
    let handle = ws.handle();
    handle.reset_counters();

    let out_dir = ws.path().join(ADOPT);
    let started = Instant::now();
    let out = admin(
        &ws.fake.base_url(),
        &["export", "--out", out_dir.to_str().unwrap()],
    );
    let elapsed = started.elapsed();
    let export_requests = handle.request_count();
    assert!(out.status.success(), "export failed:\n{}", combined(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let written = files(&out_dir);
    let imports = import_blocks(&written);
    println!(
        "export of {imports} objects: {} ms, {export_requests} API requests",
        elapsed.as_millis()
    );
    assert!(
        imports >= 200,
        "the seed makes at least 200 objects, not {imports}"
    );
    let expected = expected_imports(&handle, false);
    assert_eq!(
        imports_by_type(&written),
        expected,
        "one import per object the fake holds, by type"
    );
    assert_eq!(imports, expected.values().sum::<usize>());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "terraform init && terraform plan (expect {imports} to import"
        )),
        "{stdout}"
    );
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        [
            "assignments.tf",
            "groups.tf",
            "people.tf",
            "policies.tf",
            "projects.tf",
            "providers.tf",
            "roles.tf"
        ]
    );
    let text = all_text(&written);

    // Readable names, references where both ends are written, predefined
    // roles by their short IDs, the SCIM group as a data source.
    for expected in [
        "resource \"openai_organization_role\" \"security_auditor\"",
        "resource \"openai_organization_role\" \"security_auditor_2\"",
        "resource \"openai_project_role\" \"alpha_data_reader\"",
        "resource \"openai_project_role\" \"alpha_data_reader_2\"",
        "resource \"openai_group\" \"group_2024_interns\"",
        "data \"openai_group\" \"sales\"",
        "group_id   = data.openai_group.sales.id",
        "project_id = openai_project.alpha.id",
        "role_id    = openai_project_role.",
        "role       = \"role-api-project-member\"",
        "role_id  = \"role-api-organization-viewer\"",
        "project_id = openai_project_group.",
        "description = \"Quotes, a $${literal} and a\\nsecond line\"",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Archived projects are left out, and said so.
    for archived in ["proj_legacy", seeded.delta.as_str(), "Delta"] {
        assert!(!text.contains(archived), "{archived} exported");
    }
    assert!(stderr.contains("archived project \"Delta\""), "{stderr}");
    // Groups with access but no role are commented out, with the reason,
    // and reported.
    assert_eq!(
        text.matches("# Not exported: the group holds no role")
            .count(),
        2
    );
    assert!(
        stderr.contains("openai_project_group.alpha_finance: the group holds no role"),
        "{stderr}"
    );
    assert!(
        stderr.contains("openai_project_group.beta_engineering"),
        "{stderr}"
    );
    assert!(!text.contains(API_KEY));

    // Formatted as terraform fmt would.
    let fmt = terraform(&ws, ADOPT, &["fmt", "-check", "-diff", "-no-color"]);
    assert!(fmt.status.success(), "not formatted:\n{}", combined(&fmt));

    // One import per written resource and nothing else.
    let plan = terraform_ok(&ws, ADOPT, &["plan", "-out=tfplan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {imports} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{plan}"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&terraform_ok(&ws, ADOPT, &["show", "-json", "tfplan"])).unwrap();
    let changes = shown["resource_changes"].as_array().unwrap();
    let mut planned: BTreeMap<String, usize> = BTreeMap::new();
    for change in changes {
        assert_eq!(
            change["change"]["actions"],
            serde_json::json!(["no-op"]),
            "{change}"
        );
        assert!(change["change"]["importing"]["id"].is_string(), "{change}");
        let ty = change["type"].as_str().unwrap().to_owned();
        *planned.entry(ty).or_default() += 1;
    }
    assert_eq!(planned, expected, "the plan imports each object once");
    terraform_ok(&ws, ADOPT, &["apply", "-no-color", "tfplan"]);
    let again = terraform(&ws, ADOPT, &["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "the plan after apply is not empty:\n{}",
        combined(&again)
    );
    assert_eq!(
        writes(&handle),
        Vec::<String>::new(),
        "export, plan and apply must only read"
    );

    // The adopted configuration now has state: --force must not replace it.
    let before = file_bytes(&out_dir);
    assert!(before.contains_key("terraform.tfstate") && before.contains_key("tfplan"));
    let refused = admin_exits(
        &ws.fake.base_url(),
        &["export", "--out", out_dir.to_str().unwrap(), "--force"],
        3,
    );
    assert!(refused.contains("holds Terraform's files"), "{refused}");
    assert!(refused.contains("terraform.tfstate"), "{refused}");
    assert!(refused.contains("Export to a new directory"), "{refused}");
    assert_eq!(
        file_bytes(&out_dir),
        before,
        "state, plan and files untouched"
    );
}

#[test]
fn snapshot_then_fake_from_it_exports_the_same_files() {
    let ws = Workspace::with_config(FakeConfig {
        page_size: 7,
        ..FakeConfig::default()
    });
    seed(&ws);
    let declared = seed_declared(&ws);
    let certificate = seed_policies(&ws);
    ws.handle().reset_counters();
    let base_url = ws.fake.base_url();
    let original = ws.path().join("original");
    let fixture_file = ws.path().join("org.json");
    admin_exits(
        &base_url,
        &["export", "--out", original.to_str().unwrap()],
        0,
    );
    let summary = admin_exits(
        &base_url,
        &["snapshot", "--out", fixture_file.to_str().unwrap(), "-q"],
        0,
    );
    assert!(
        summary.contains("Rehearse with: openai-admin-fake --fixture"),
        "{summary}"
    );
    let snapshot = std::fs::read_to_string(&fixture_file).unwrap();
    assert!(!snapshot.contains(API_KEY), "no secret in the snapshot");
    for key in ws.handle().issued_key_values() {
        assert!(!snapshot.contains(&key), "a key value in the snapshot");
    }
    for kept in [
        "proj_legacy",
        "group_sales",
        "role-api-project-member__api-project__proj_alpha",
        declared.pending.as_str(),
        declared.accepted.as_str(),
        declared.accounts[0].as_str(),
        certificate.as_str(),
        "BEGIN CERTIFICATE",
        "\"zero_data_retention\"",
        "\"rl-whisper-1\"",
    ] {
        assert!(snapshot.contains(kept), "{kept} missing from the snapshot");
    }
    assert_eq!(
        writes(&ws.handle()),
        Vec::<String>::new(),
        "export and snapshot only read"
    );

    let fixture = Fixture::from_json(&snapshot).expect("the fake loads the snapshot");
    let copy = FakeServer::start_blocking(
        0,
        FakeConfig {
            fixture: Some(Arc::new(fixture)),
            page_size: 3,
            ..FakeConfig::default()
        },
    )
    .unwrap();
    // The copy holds what the organization holds: the fakes' states agree
    // (but for what the API cannot read), and so does everything the API
    // answers, times and SCIM members included.
    assert_eq!(
        readable_state(&copy.base_url()),
        readable_state(&base_url),
        "the copy's state differs from the organization's"
    );
    let (copied, seeded) = (api_view(&copy.base_url()), api_view(&base_url));
    assert_eq!(copied.users, seeded.users, "users and their roles");
    assert_eq!(copied.groups, seeded.groups, "groups, members and roles");
    assert_eq!(copied.org_roles, seeded.org_roles, "organization roles");
    assert_eq!(
        copied.projects, seeded.projects,
        "projects and their contents"
    );
    // The policies: every setting (rate limits included) and every spend
    // alert and certificate (its PEM, and active at the organization)
    // answer the same values.
    assert!(!seeded.settings["openai_project_rate_limit"].is_empty());
    assert_eq!(copied.settings, seeded.settings, "settings");
    for ty in [
        "openai_organization_spend_alert",
        "openai_project_spend_alert",
        "openai_certificate",
    ] {
        assert!(!seeded.declared[ty].is_empty(), "{ty}");
        assert_eq!(copied.declared[ty], seeded.declared[ty], "{ty}");
    }
    let seeded_certificate = &seeded.declared["openai_certificate"][0];
    assert_eq!(seeded_certificate.field("active"), &serde_json::json!(true));
    assert_eq!(
        seeded_certificate.field("active_project_ids"),
        &serde_json::json!(["proj_alpha"])
    );

    let rehearsal = ws.path().join("rehearsal");
    let copied_fixture = ws.path().join("copy.json");
    admin_exits(
        &copy.base_url(),
        &["export", "--out", rehearsal.to_str().unwrap()],
        0,
    );
    admin_exits(
        &copy.base_url(),
        &["snapshot", "--out", copied_fixture.to_str().unwrap()],
        0,
    );
    let (original, rehearsal) = (files(&original), files(&rehearsal));
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        rehearsal.keys().collect::<Vec<_>>()
    );
    for (name, text) in &original {
        assert!(
            text == &rehearsal[name],
            "{name} differs between the organization and its snapshot"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&copied_fixture).unwrap(),
        snapshot,
        "a snapshot of the copy is the snapshot"
    );
}

/// The fake's whole state (`GET /__fake/state`) without what the API
/// cannot read (the organization ID), every list sorted (a snapshot is
/// sorted by ID; the API's order is not part of the copy).
fn readable_state(base_url: &str) -> serde_json::Value {
    let root = base_url.trim_end_matches("/v1");
    let mut state: serde_json::Value = block_on(async {
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("{root}/__fake/state"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    let map = state.as_object_mut().expect("the state is an object");
    map.remove("organization");
    // The declared types the export writes are copied; API keys never are.
    let collections = map
        .get_mut("collections")
        .and_then(serde_json::Value::as_object_mut)
        .expect("the state has collections");
    collections.retain(|name, _| name == "invites" || name == "service_accounts");
    sort_arrays(&mut state);
    state
}

fn sort_arrays(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(sort_arrays);
            items.sort_by_key(|item| item.to_string());
        }
        serde_json::Value::Object(fields) => fields.values_mut().for_each(sort_arrays),
        _ => {}
    }
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Everything the API answers about the organization at `base_url`, read
/// as a snapshot reads it, each list sorted by ID.
fn api_view(base_url: &str) -> Inventory {
    let client = AdminClient::new(ClientConfig::new(API_KEY, base_url)).unwrap();
    let mut inventory = block_on(inventory::read(
        &client,
        &ReadPlan::everything(),
        &|_: &str| {},
    ))
    .unwrap();
    let sort_roles = |roles: &mut Vec<tfopenai::api::AssignedRole>| {
        roles.sort_by(|a, b| a.role.id.cmp(&b.role.id));
        roles.iter_mut().for_each(|a| a.role.permissions.sort());
    };
    inventory.users.sort_by(|a, b| a.user.id.cmp(&b.user.id));
    inventory
        .users
        .iter_mut()
        .for_each(|u| sort_roles(&mut u.org_roles));
    inventory.groups.sort_by(|a, b| a.group.id.cmp(&b.group.id));
    for group in &mut inventory.groups {
        sort_roles(&mut group.org_roles);
        if let Some(members) = &mut group.members {
            members.sort_by(|a, b| a.id.cmp(&b.id));
        }
    }
    let by_owner = |objects: &mut Vec<tfopenai::api::ApiObject>| {
        objects.sort_by(|a, b| (a.str("project_id"), a.id()).cmp(&(b.str("project_id"), b.id())))
    };
    inventory.settings.values_mut().for_each(by_owner);
    inventory.declared.values_mut().for_each(by_owner);
    inventory.org_roles.sort_by(|a, b| a.id.cmp(&b.id));
    inventory
        .org_roles
        .iter_mut()
        .for_each(|r| r.permissions.sort());
    inventory
        .projects
        .sort_by(|a, b| a.project.id.cmp(&b.project.id));
    for contents in inventory
        .projects
        .iter_mut()
        .filter_map(|p| p.contents.as_mut())
    {
        contents.roles.sort_by(|a, b| a.id.cmp(&b.id));
        contents.roles.iter_mut().for_each(|r| r.permissions.sort());
        contents
            .groups
            .sort_by(|a, b| a.access.group_id.cmp(&b.access.group_id));
        contents
            .groups
            .iter_mut()
            .for_each(|g| sort_roles(&mut g.roles));
        contents.users.sort_by(|a, b| a.access.id.cmp(&b.access.id));
        contents
            .users
            .iter_mut()
            .for_each(|u| sort_roles(&mut u.roles));
    }
    inventory
}

/// The built-in organization plus one custom role in each of two projects,
/// given to a group there.
/// The declared objects [`seed_declared`] made.
pub(crate) struct SeededDeclared {
    pending: String,
    accepted: String,
    expired: String,
    /// Service accounts of proj_alpha (two) and proj_beta (one).
    accounts: Vec<String>,
}

/// POSTs `body` to `path` below the fake's `/v1`, as a client would.
fn post(base_url: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
    block_on(async {
        let response = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .post(format!("{base_url}{path}"))
            .bearer_auth(API_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "POST {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    })
}

/// Invites (pending, accepted, expired) and projects' service accounts
/// (one made with a key, whose value must never be exported).
pub(crate) fn seed_declared(ws: &Workspace) -> SeededDeclared {
    let base_url = ws.fake.base_url();
    let h = ws.handle();
    let invite = |email: &str, role: &str, projects: serde_json::Value| {
        let body = serde_json::json!({"email": email, "role": role, "projects": projects});
        post(&base_url, "/organization/invites", body)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let pending = invite(
        "new.hire@example.com",
        "reader",
        serde_json::json!([{"id": "proj_alpha", "role": "member"}]),
    );
    let accepted = invite("joined@example.com", "reader", serde_json::json!([]));
    h.accept_invite(&accepted, Some("Joined"));
    let expired = invite("late@example.com", "owner", serde_json::json!([]));
    assert!(h.expire_invite(&expired));
    let account = |project: &str, name: &str, only: bool| {
        let mut body = serde_json::json!({"name": name});
        if only {
            body["create_service_account_only"] = serde_json::json!(true);
        }
        let path = format!("/organization/projects/{project}/service_accounts");
        post(&base_url, &path, body)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let accounts = vec![
        account("proj_alpha", "CI", true),
        account("proj_alpha", "Deploy bot", false),
        account("proj_beta", "CI", true),
    ];
    SeededDeclared {
        pending,
        accepted,
        expired,
        accounts,
    }
}

#[test]
fn export_adopts_invites_and_service_accounts_with_only_imports() {
    let ws = Workspace::new();
    let seeded = seed_declared(&ws);
    let handle = ws.handle();
    handle.reset_counters();
    let out_dir = ws.path().join(ADOPT);
    let out = admin_exits(
        &ws.fake.base_url(),
        &[
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--include",
            "openai_project,openai_invite,openai_project_service_account",
        ],
        0,
    );
    let written = files(&out_dir);
    let text = all_text(&written);
    let by_type = imports_by_type(&written);
    // Counted from the fake's own state: its fixture has objects too.
    let active: Vec<String> = handle
        .projects()
        .into_iter()
        .filter(|p| p.status == "active")
        .map(|p| p.id)
        .collect();
    let pending = handle
        .collection("invites")
        .iter()
        .filter(|i| i["status"] == "pending")
        .count();
    let accounts = handle
        .collection("service_accounts")
        .iter()
        .filter(|a| active.iter().any(|p| a["project_id"] == p.as_str()))
        .count();
    assert!(pending >= 1 && accounts >= 3, "{pending} {accounts}");
    assert_eq!(by_type["openai_invite"], pending, "{text}");
    assert_eq!(
        by_type["openai_project_service_account"], accounts,
        "{text}"
    );
    assert!(
        text.contains(&format!("id = \"{}\"", seeded.pending)),
        "{text}"
    );
    assert!(
        text.contains(&format!("id = \"proj_alpha/{}\"", seeded.accounts[1])),
        "{text}"
    );
    assert!(
        text.contains("project_id = openai_project.alpha.id"),
        "{text}"
    );
    // The pending invite's projects, a list of objects, referring to the
    // exported project (the plan below shows it matches what is imported).
    assert!(
        text.contains(
            "  projects = [\n    { id = openai_project.alpha.id, role = \"member\" },\n  ]\n"
        ),
        "{text}"
    );
    // Accepted and expired invites: comments, reported, nothing to adopt.
    for (id, status) in [(&seeded.accepted, "accepted"), (&seeded.expired, "expired")] {
        assert!(!text.contains(&format!("\"{id}\"")), "{text}");
        assert!(
            out.contains(&format!("the invite is {status}")),
            "{status} not reported:\n{out}"
        );
    }
    let keys = handle.issued_key_values();
    assert!(!keys.is_empty(), "the fake made a key to look for");
    for key in keys {
        assert!(!text.contains(&key) && !out.contains(&key), "a key value");
    }
    assert!(!text.contains("sk-"), "{text}");

    let imports = import_blocks(&written);
    let plan = terraform_ok(&ws, ADOPT, &["plan", "-out=tfplan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {imports} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{plan}"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&terraform_ok(&ws, ADOPT, &["show", "-json", "tfplan"])).unwrap();
    for change in shown["resource_changes"].as_array().unwrap() {
        assert_eq!(
            change["change"]["actions"],
            serde_json::json!(["no-op"]),
            "{change}"
        );
        assert!(change["change"]["importing"]["id"].is_string(), "{change}");
    }
    terraform_ok(&ws, ADOPT, &["apply", "-no-color", "tfplan"]);
    let again = terraform(&ws, ADOPT, &["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "the plan after apply is not empty:\n{}",
        combined(&again)
    );
    assert_eq!(
        writes(&handle),
        Vec::<String>::new(),
        "export, plan and apply must only read"
    );
}

fn small_org(ws: &Workspace) -> (String, String) {
    let h = ws.handle();
    let alpha = h.insert_project_role("proj_alpha", "Key Manager", &["api.files.read"]);
    let beta = h.insert_project_role("proj_beta", "Key Manager", &["api.files.read"]);
    assert!(h.add_project_group("proj_alpha", "group_contractors", Some(&alpha.id)));
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_engineering", &alpha.id));
    assert!(h.insert_group_assignment(Some("proj_beta"), "group_engineering", &beta.id));
    (alpha.id, beta.id)
}

#[test]
fn export_filters_by_project_and_type_and_still_adopts_cleanly() {
    let ws = Workspace::new();
    let (alpha_role, beta_role) = small_org(&ws);
    let out_dir = ws.path().join(ADOPT);
    admin_exits(
        &ws.fake.base_url(),
        &[
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--project",
            "proj_alpha",
            "--include",
            "openai_project_role,openai_group_role_assignment",
            "--include=openai_project_group",
            "--exclude",
            "openai_project_group",
        ],
        0,
    );
    let written = files(&out_dir);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["assignments.tf", "providers.tf", "roles.tf"]
    );
    let text = all_text(&written);
    assert!(
        text.contains(&alpha_role) && !text.contains(&beta_role),
        "{text}"
    );
    assert!(!text.contains("proj_beta"), "{text}");
    // Excluded ends are literal IDs; the written role is referenced.
    assert!(text.contains("project_id = \"proj_alpha\""), "{text}");
    assert!(
        text.contains("group_id   = \"group_engineering\""),
        "{text}"
    );
    assert!(
        text.contains("role_id    = openai_project_role.key_manager.id"),
        "{text}"
    );
    // With openai_project_group excluded, a join role is an assignment too.
    assert!(
        text.contains("group_id   = \"group_contractors\""),
        "{text}"
    );
    // Organization-level assignments are still read and written.
    assert_eq!(import_blocks(&written), 3, "{text}");

    let plan = terraform_ok(&ws, ADOPT, &["plan", "-no-color"]);
    assert!(
        plan.contains("Plan: 3 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
}

#[test]
fn export_refuses_what_it_cannot_do_and_leaves_nothing_behind() {
    let ws = Workspace::new();
    let base_url = ws.fake.base_url();
    let handle = ws.handle();
    let out_dir = ws.path().join(ADOPT);
    let out = out_dir.to_str().unwrap();

    // A directory that is not empty: exit 3 before any request.
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("main.tf"), "# mine\n").unwrap();
    handle.reset_counters();
    let refused = admin_exits(&base_url, &["export", "--out", out], 3);
    assert!(
        refused.contains("holds files the export does not write (main.tf)"),
        "{refused}"
    );
    assert_eq!(handle.request_count(), 0, "refused before reading");

    // --force replaces only a previous export's files, never anyone else's.
    let foreign = admin_exits(&base_url, &["export", "--out", out, "--force"], 3);
    assert!(
        foreign.contains("files the export does not write (main.tf)"),
        "{foreign}"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("main.tf")).unwrap(),
        "# mine\n"
    );
    assert_eq!(handle.request_count(), 0, "refused before reading");

    // An API error: exit 1 naming the request, and neither the directory
    // nor the staging directory (made before reading) is left behind.
    let fresh = ws.path().join("fresh");
    handle.set_faults(FaultConfig {
        fail_next: vec![403],
        ..FaultConfig::default()
    });
    let failed = admin_exits(
        &base_url,
        &["export", "--out", fresh.to_str().unwrap(), "-q"],
        1,
    );
    assert!(failed.contains("403"), "{failed}");
    assert!(
        failed.contains("on GET /organization/"),
        "names the request: {failed}"
    );
    assert!(!fresh.exists(), "no partial directory");
    let staging_left = |prefix: &str| {
        dir_entries(ws.path())
            .into_iter()
            .filter(|name| name.starts_with(prefix))
            .collect::<Vec<_>>()
    };
    assert_eq!(staging_left(".fresh."), Vec::<String>::new());
    let fresh_file = ws.path().join("fresh.json");
    // The failed export's other requests may still be reaching the fake
    // (under load); one of them must not take the snapshot's fault.
    settle(&handle);
    handle.set_faults(FaultConfig {
        fail_next: vec![403],
        ..FaultConfig::default()
    });
    admin_exits(
        &base_url,
        &["snapshot", "--out", fresh_file.to_str().unwrap()],
        1,
    );
    assert!(!fresh_file.exists(), "no partial snapshot");
    assert_eq!(staging_left(".fresh.json."), Vec::<String>::new());

    // --force replaces a previous export as a whole.
    admin_exits(
        &base_url,
        &["export", "--out", fresh.to_str().unwrap(), "-q"],
        0,
    );
    std::fs::write(fresh.join("roles.tf"), "# edited\n").unwrap();
    let not_empty = admin_exits(&base_url, &["export", "--out", fresh.to_str().unwrap()], 3);
    assert!(not_empty.contains("exists and is not empty"), "{not_empty}");
    assert!(not_empty.contains("pass --force"), "{not_empty}");
    admin_exits(
        &base_url,
        &[
            "export",
            "--out",
            fresh.to_str().unwrap(),
            "--force",
            "-q",
            "--include",
            "openai_group",
        ],
        0,
    );
    assert_eq!(dir_entries(&fresh), ["groups.tf", "providers.tf"]);

    // A forgotten value is an error, not a directory named after an option.
    let forgotten = admin_command(&["export", "--out", "--force"])
        .current_dir(ws.path())
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", &base_url)
        .output()
        .unwrap();
    assert_eq!(forgotten.status.code(), Some(2), "{}", combined(&forgotten));
    assert!(
        combined(&forgotten).contains("--out needs a value, not the option --force"),
        "{}",
        combined(&forgotten)
    );
    assert!(!ws.path().join("--force").exists());

    // Usage errors: exit 2, saying what is wrong.
    let unknown = admin_exits(
        &base_url,
        &["export", "--out", "x", "--exclude", "openai_roles"],
        2,
    );
    assert!(
        unknown.contains("valid types: openai_project,"),
        "{unknown}"
    );
    let authoritative = admin_exits(
        &base_url,
        &["export", "--out", "x", "--include", "openai_group_members"],
        2,
    );
    assert!(authoritative.contains("never exported"), "{authoritative}");
    let missing = ws.path().join("missing");
    let archived = admin_exits(
        &base_url,
        &[
            "export",
            "--out",
            missing.to_str().unwrap(),
            "--project",
            "proj_legacy",
        ],
        2,
    );
    assert!(
        archived.contains("project \"proj_legacy\" (\"Legacy\") is archived"),
        "{archived}"
    );
    let typo = admin_exits(
        &base_url,
        &[
            "export",
            "--out",
            missing.to_str().unwrap(),
            "--project",
            "proj_typo",
        ],
        2,
    );
    assert!(typo.contains("no project \"proj_typo\""), "{typo}");
    assert!(!missing.exists());
    assert_eq!(staging_left(".missing."), Vec::<String>::new());
    let no_out = admin_exits(&base_url, &["export"], 2);
    assert!(no_out.contains("--out DIR is required"), "{no_out}");
    assert!(no_out.contains("openai-admin export --help"), "{no_out}");

    // The snapshot refuses to overwrite a file unless forced.
    let file = ws.path().join("org.json");
    std::fs::write(&file, "{}").unwrap();
    let exists = admin_exits(&base_url, &["snapshot", "--out", file.to_str().unwrap()], 3);
    assert!(exists.contains("--force"), "{exists}");
    admin_exits(
        &base_url,
        &["snapshot", "--out", file.to_str().unwrap(), "--force"],
        0,
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"version\": 1")
    );
    assert_eq!(writes(&handle), Vec::<String>::new());
}

#[test]
fn openai_admin_help_and_configuration_errors() {
    for (args, expected) in [
        (&["--help"][..], "openai-admin export --out DIR"),
        (&["export", "--help"], "--exclude TYPE[,TYPE]"),
        (&["help", "snapshot"], "openai-admin-fake --fixture FILE"),
    ] {
        let out = admin_command(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}");
        assert!(text.contains(expected), "{args:?}: {text}");
        assert!(text.contains("Exit codes:"), "{args:?}: {text}");
    }

    // No key: exit 2, naming the variable, before anything is written.
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = admin_command(&["export", "--out", out_dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        combined(&out).contains("OPENAI_ADMIN_KEY is not set"),
        "{}",
        combined(&out)
    );
    // A base URL the provider would refuse is refused the same way.
    let out = admin_command(&["export", "--out", out_dir.to_str().unwrap()])
        .env(
            "OPENAI_ADMIN_KEY",
            "sk-admin-TEST-NOT-A-REAL-KEY-never-printed",
        )
        .env("OPENAI_ADMIN_BASE_URL", "http://api.example.com/v1")
        .output()
        .unwrap();
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("OPENAI_ADMIN_BASE_URL"), "{text}");
    assert!(
        !text.contains("sk-admin-TEST-NOT-A-REAL-KEY-never-printed"),
        "{text}"
    );
    assert!(!out_dir.exists());
}

#[test]
fn export_honours_max_requests_per_minute() {
    // The fake refuses more than 15 requests at once or 25 a second; the
    // export's 30-odd requests, 8 in flight at a time, would run into that
    // unpaced, and do not with the client paced to 20 a second.
    let ws = Workspace::with_config(FakeConfig {
        faults: FaultConfig {
            rate_limit_per_minute: Some(1500),
            rate_limit_burst: 15,
            ..FaultConfig::default()
        },
        ..FakeConfig::default()
    });
    let out_dir = ws.path().join(ADOPT);
    let started = Instant::now();
    let out = admin_command(&["export", "--out", out_dir.to_str().unwrap(), "-q"])
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", ws.fake.base_url())
        .env("OPENAI_MAX_REQUESTS_PER_MINUTE", "1200")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{}", combined(&out));
    let requests = ws.handle().request_count();
    assert!(requests > 25, "{requests} requests");
    assert!(
        ws.handle().rate_limited_counts().is_empty(),
        "paced requests met the limit: {:?}",
        ws.handle().rate_limited_counts()
    );
    // Ten at once, then twenty a second.
    let floor = (requests - 10) as f64 / 20.0;
    assert!(
        elapsed.as_secs_f64() >= floor * 0.9,
        "{requests} requests in {elapsed:?}: not paced"
    );

    let bad = admin_command(&["export", "--out", out_dir.to_str().unwrap()])
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", ws.fake.base_url())
        .env("OPENAI_MAX_REQUESTS_PER_MINUTE", "lots")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{}", combined(&bad));
    assert!(
        combined(&bad).contains("OPENAI_MAX_REQUESTS_PER_MINUTE=\"lots\" is not a whole number"),
        "{}",
        combined(&bad)
    );
}

#[test]
fn export_changed_since_writes_only_what_the_audit_log_says_changed_with_who_and_when() {
    let ws = Workspace::new();
    let h = ws.handle();
    h.act_as("carol@example.com");
    assert!(h.rename_group("group_support", "Helpdesk"));
    h.act_as("bob@example.com");
    assert!(h.add_group_member("group_contractors", "user_erin"));
    let out_dir = ws.path().join(ADOPT);
    admin_exits(
        &ws.fake.base_url(),
        &[
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--changed-since",
            "1h",
            "--include",
            "openai_group,openai_group_user",
        ],
        0,
    );
    let written = files(&out_dir);
    let text = all_text(&written);
    let flat = text.replace("\n# ", " ");
    assert!(
        flat.contains("group_support: group.updated by carol@example.com (dashboard session from 127.0.0.1) at "),
        "{text}"
    );
    assert!(
        flat.contains(
            "group_contractors: group.updated by bob@example.com (dashboard session from 127.0.0.1) at "
        ),
        "{text}"
    );
    // Unchanged objects are not written.
    for unchanged in ["group_engineering", "group_finance", "user_alice"] {
        assert!(!text.contains(unchanged), "{unchanged} in:\n{text}");
    }
    // group_support, group_contractors (erin's membership event names it),
    // erin's membership, and carol's in the renamed group (its import ID
    // names group_support).
    assert_eq!(import_blocks(&written), 4, "{text}");
    assert!(text.contains("id = \"group_support/user_carol\""), "{text}");
    let plan = terraform_ok(&ws, ADOPT, &["plan", "-no-color"]);
    assert!(
        plan.contains("Plan: 4 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );

    // Nothing changed since a time to come: nothing to adopt.
    let later = ws.path().join("later");
    admin_exits(
        &ws.fake.base_url(),
        &[
            "export",
            "--out",
            later.to_str().unwrap(),
            "--changed-since",
            "2999-01-01T00:00:00Z",
        ],
        0,
    );
    assert_eq!(import_blocks(&files(&later)), 0);
    let usage = admin_exits(
        &ws.fake.base_url(),
        &["export", "--out", "x", "--changed-since", "last week"],
        2,
    );
    assert!(usage.contains("expected an RFC 3339 time"), "{usage}");
}

/// Every policy type set in the fake, on top of its built-in organization:
/// a changed organization and project retention, model permissions (an
/// allow list, in an order that is not sorted), hosted tool permissions,
/// spend limits of the organization and of proj_alpha, a changed rate
/// limit, a spend alert of the organization and of each project (one with
/// a subject prefix), and a certificate active at the organization and in
/// proj_alpha.
pub(crate) fn seed_policies(ws: &Workspace) -> String {
    let base_url = ws.fake.base_url();
    let post = |path: &str, body: serde_json::Value| post(&base_url, path, body);
    use serde_json::json;
    post(
        "/organization/data_retention",
        json!({"retention_type": "zero_data_retention"}),
    );
    post(
        "/organization/projects/proj_alpha/data_retention",
        json!({"retention_type": "none"}),
    );
    post(
        "/organization/projects/proj_alpha/model_permissions",
        json!({"mode": "allow_list", "model_ids": ["o3", "gpt-4.1"]}),
    );
    post(
        "/organization/projects/proj_beta/hosted_tool_permissions",
        json!({"web_search": {"enabled": false}, "mcp": {"enabled": false}}),
    );
    let limit =
        |cents: i64| json!({"threshold_amount": cents, "currency": "USD", "interval": "month"});
    post("/organization/spend_limit", limit(1_000_000));
    post(
        "/organization/projects/proj_alpha/spend_limit",
        limit(50_000),
    );
    post(
        "/organization/projects/proj_alpha/rate_limits/rl-gpt-4o",
        json!({"max_requests_per_1_minute": 500}),
    );
    let alert = |cents: i64, prefix: Option<&str>| {
        let mut channel =
            json!({"type": "email", "recipients": ["ops@example.com", "cfo@example.com"]});
        if let Some(prefix) = prefix {
            channel["subject_prefix"] = json!(prefix);
        }
        json!({"threshold_amount": cents, "currency": "USD", "interval": "month",
               "notification_channel": channel})
    };
    post("/organization/spend_alerts", alert(500_000, None));
    post(
        "/organization/projects/proj_alpha/spend_alerts",
        alert(20_000, Some("[alpha]")),
    );
    post(
        "/organization/projects/proj_beta/spend_alerts",
        alert(5_000, None),
    );
    let pem = crate::policies_objects::test_certificate("mtls.example.com", 365);
    let certificate = post(
        "/organization/certificates",
        json!({"name": "mTLS", "certificate": pem}),
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post(
        "/organization/certificates/activate",
        json!({"certificate_ids": [certificate]}),
    );
    post(
        "/organization/projects/proj_alpha/certificates/activate",
        json!({"certificate_ids": [certificate]}),
    );
    certificate
}

/// `terraform plan` in `dir` imports each object once and changes
/// nothing, `apply` adopts them, and the plan after it is empty; nothing
/// was written to the API. Returns the number of imports.
fn adopts_with_only_imports(ws: &Workspace, dir: &str, files: &BTreeMap<String, String>) -> usize {
    let imports = import_blocks(files);
    let plan = terraform_ok(ws, dir, &["plan", "-out=tfplan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {imports} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{plan}"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&terraform_ok(ws, dir, &["show", "-json", "tfplan"])).unwrap();
    for change in shown["resource_changes"].as_array().unwrap() {
        assert_eq!(
            change["change"]["actions"],
            serde_json::json!(["no-op"]),
            "{change}"
        );
    }
    terraform_ok(ws, dir, &["apply", "-no-color", "tfplan"]);
    let again = terraform(ws, dir, &["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "the plan after apply is not empty:\n{}",
        combined(&again)
    );
    assert_eq!(
        writes(&ws.handle()),
        Vec::<String>::new(),
        "export, plan and apply must only read"
    );
    imports
}

/// The policy types and the projects they refer to.
const POLICY_TYPES: &str = "openai_project,openai_organization_spend_alert,\
    openai_project_spend_alert,openai_certificate,openai_organization_data_retention,\
    openai_project_data_retention,openai_project_model_permissions,\
    openai_project_hosted_tool_permissions,openai_organization_spend_limit,\
    openai_project_spend_limit";

#[test]
fn export_adopts_every_policy_type_and_rate_limits_only_when_asked() {
    let ws = Workspace::new();
    let certificate = seed_policies(&ws);
    let handle = ws.handle();
    handle.reset_counters();
    let base_url = ws.fake.base_url();

    // The default export: everything, rate limits left out and why.
    let dir = ws.path().join(ADOPT);
    let out = admin_exits(&base_url, &["export", "--out", dir.to_str().unwrap()], 0);
    let written = files(&dir);
    let text = all_text(&written);
    assert_eq!(
        imports_by_type(&written),
        expected_imports(&handle, false),
        "{text}"
    );
    assert!(
        !text.contains("resource \"openai_project_rate_limit\""),
        "{text}"
    );
    let policies = &written["policies.tf"];
    assert!(
        policies.contains("# Not written: every openai_project_rate_limit: not written by default"),
        "{policies}"
    );
    assert!(
        out.contains("to write them, export with --with openai_project_rate_limit"),
        "{out}"
    );
    for expected in [
        "resource \"openai_organization_data_retention\" \"organization\" {\n  type = \"zero_data_retention\"\n}",
        "  project_id = openai_project.alpha.id\n  type       = \"none\"\n",
        "  mode       = \"allow_list\"\n  model_ids = [\n    \"o3\",\n    \"gpt-4.1\",\n  ]\n",
        "  web_search_enabled       = false\n",
        "  threshold_amount = 1000000\n",
        "  threshold_amount = 50000\n",
        "  notification_channel_subject_prefix = \"[alpha]\"\n",
        "resource \"openai_certificate\" \"mtls\" {\n  name        = \"mTLS\"\n  certificate = \"-----BEGIN CERTIFICATE-----\\n",
        &format!("id = \"{certificate}\""),
    ] {
        assert!(
            policies.contains(expected),
            "missing {expected:?} in:\n{policies}"
        );
    }
    // Computed attributes are the import's: never written.
    for computed in [
        "restored_on_destroy",
        "enforcement_status",
        "object ",
        "\"\"",
    ] {
        assert!(!policies.contains(computed), "{computed} in:\n{policies}");
    }
    let imports = adopts_with_only_imports(&ws, ADOPT, &written);
    println!("default export with every policy type: {imports} imports");

    // Rate limits when asked for (with the policy types only): every
    // project's, the changed one as it is.
    let dir = ws.path().join("rates");
    admin_exits(
        &base_url,
        &[
            "export",
            "--out",
            dir.to_str().unwrap(),
            "--include",
            POLICY_TYPES,
            "--with",
            "openai_project_rate_limit",
        ],
        0,
    );
    let written = files(&dir);
    let by_type = imports_by_type(&written);
    let active = ["proj_alpha", "proj_beta"]
        .iter()
        .filter(|p| {
            handle
                .projects()
                .iter()
                .any(|x| x.id == **p && x.status == "active")
        })
        .count();
    assert_eq!(active, 2);
    let rate_limits: usize = handle
        .projects()
        .iter()
        .filter(|p| p.status == "active")
        .map(|p| handle.rate_limits(&p.id).len())
        .sum();
    assert!(rate_limits >= 12, "{rate_limits}");
    assert_eq!(by_type["openai_project_rate_limit"], rate_limits);
    let policies = &written["policies.tf"];
    assert!(
        policies.contains(
            "  project_id                   = openai_project.alpha.id\n  \
             rate_limit_id                = \"rl-gpt-4o\"\n  \
             max_requests_per_1_minute    = 500\n"
        ),
        "{policies}"
    );
    assert!(!policies.contains("# Not written"), "{policies}");
    adopts_with_only_imports(&ws, "rates", &written);
}
