//! Side by side with OpenAI's official provider (`openai/openai`), and the
//! ways over from it that re-create nothing: `removed` + `import` blocks,
//! `moved` blocks (MoveResourceState), and switching the provider of a
//! resource whose type name both providers share. The official provider
//! is played by `openai-official-standin` (tests/official_standin), which
//! writes state with the official schemas; the HCL shapes are those of
//! docs/guides/migrating-from-the-official-provider.md.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tfopenai::api::{AddProjectUserRequest, AdminClient, ClientConfig, CreateRoleRequest};
use tfopenai::fake::FakeConfig;

use crate::support::{API_KEY, Workspace};

const OFFICIAL_ADDRESS: &str = "registry.terraform.io/openai/openai";
const OURS_ADDRESS: &str = "registry.terraform.io/tfopenai/openai";

/// A directory holding the stand-in under the official provider's binary
/// name, `terraform-provider-openai`, for `dev_overrides`.
fn standin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = PathBuf::from(env!("CARGO_BIN_EXE_openai-official-standin"));
        let dir = exe
            .parent()
            .expect("binary has a directory")
            .join("official-standin");
        std::fs::create_dir_all(&dir).expect("create the stand-in directory");
        let link = dir.join("terraform-provider-openai");
        // Another test process may have made it already; it points at the
        // same binary.
        if std::fs::read_link(&link).ok().as_deref() != Some(exe.as_path()) {
            let _ = std::fs::remove_file(&link);
            if let Err(e) = std::os::unix::fs::symlink(&exe, &link)
                && e.kind() != std::io::ErrorKind::AlreadyExists
            {
                panic!("link {} -> {}: {e}", link.display(), exe.display());
            }
        }
        dir
    })
}

/// A workspace where `openai/openai` is the stand-in.
fn workspace() -> Workspace {
    Workspace::with_dev_overrides(FakeConfig::default(), &[(OFFICIAL_ADDRESS, standin_dir())])
}

/// Writes main.tf with both providers (the official one as
/// `openaiofficial`), both pointed at the workspace's fake, then `hcl`.
fn write_both(ws: &Workspace, hcl: &str) {
    let url = ws.fake.base_url();
    let providers = format!(
        "provider \"openai\" {{\n  base_url = \"{url}\"\n  api_key  = \"{API_KEY}\"\n}}\n\n\
         provider \"openaiofficial\" {{\n  base_url      = \"{url}\"\n  admin_api_key = \"{API_KEY}\"\n}}\n\n"
    );
    ws.write_with_providers(
        &[("openaiofficial", "openai/openai")],
        &format!("{providers}{hcl}"),
    );
}

/// `terraform show -json`'s resources: (address, provider) pairs.
fn providers_in_state(ws: &Workspace) -> Vec<(String, String)> {
    let out = ws.run(&["show", "-json"]);
    assert!(out.status.success(), "terraform show failed");
    let json: Value = serde_json::from_slice(&out.stdout).expect("show -json output");
    json["values"]["root_module"]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["address"].as_str().unwrap_or_default().to_owned(),
                r["provider_name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Everything the tests' objects live in, as the fake holds it.
fn organization(ws: &Workspace) -> Value {
    let fake = ws.handle();
    let mut groups: Vec<_> = fake.groups();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    let members: Vec<_> = groups
        .iter()
        .map(|g| (g.id.clone(), fake.group_members(&g.id)))
        .collect();
    json!({
        "groups": groups,
        "members": members,
        "org_roles": fake.custom_org_roles(),
        "alpha_roles": fake.custom_project_roles("proj_alpha"),
        "alpha_groups": fake.project_groups("proj_alpha"),
        "alpha_users": fake.project_users("proj_alpha"),
        "group_assignments": fake.group_assignments(),
        "user_assignments": fake.user_assignments(),
    })
}

/// What one migration apply cost.
struct Figures {
    objects: usize,
    writes: usize,
    reads: usize,
    elapsed: Duration,
}

/// Applies the migration configuration already written, counting the
/// requests the fake receives; the organization must not change.
fn apply_migration(ws: &Workspace, objects: usize) -> (String, Figures) {
    let before = organization(ws);
    ws.handle().reset_counters();
    let start = Instant::now();
    let out = ws.apply();
    let elapsed = start.elapsed();
    let requests = ws.handle().requests();
    let writes: Vec<String> = requests
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| r.key())
        .collect();
    assert!(
        writes.is_empty(),
        "the migration sent writes {writes:?}:\n{out}"
    );
    assert_eq!(organization(ws), before, "the migration changed the API");
    let figures = Figures {
        objects,
        writes: writes.len(),
        reads: requests.len(),
        elapsed,
    };
    (out, figures)
}

fn report(path: &str, f: &Figures) {
    eprintln!(
        "migration figures ({path}): {} objects, {} API writes, {} API reads, apply took {} ms",
        f.objects,
        f.writes,
        f.reads,
        f.elapsed.as_millis()
    );
}

/// After a migration: only this provider's resources are in state, the
/// configuration without the official provider plans no change, and the
/// objects are still there.
fn assert_taken_over(ws: &Workspace, final_hcl: &str, expected: &[&str]) {
    ws.write(final_hcl);
    ws.assert_plan_empty();
    let mut in_state = providers_in_state(ws);
    in_state.sort();
    let mut wanted: Vec<(String, String)> = expected
        .iter()
        .map(|a| ((*a).to_owned(), OURS_ADDRESS.to_owned()))
        .collect();
    wanted.sort();
    assert_eq!(in_state, wanted);
}

// ----- side by side --------------------------------------------------------

const SIDE_BY_SIDE: &str = r#"
# The official provider: the group and its access to the project.
resource "openai_group" "platform" {
  provider = openaiofficial
  name     = "Platform"
}

resource "openai_project_group" "platform_alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = openai_group.platform.group_id
  role       = "role-api-project-member"
}

# This provider: a custom role and the group's assignment of it.
resource "openai_project_role" "deployer" {
  project_id  = "proj_alpha"
  name        = "Deployer"
  permissions = ["api.model.read", "api.model.request"]
}

resource "openai_group_role_assignment" "platform_deployer" {
  project_id = "proj_alpha"
  group_id   = openai_group.platform.group_id
  role_id    = openai_project_role.deployer.id
  depends_on = [openai_project_group.platform_alpha]
}
"#;

#[test]
fn both_providers_work_side_by_side_in_one_root_module() {
    let ws = workspace();
    write_both(&ws, SIDE_BY_SIDE);
    let plan = ws.plan_changes().expect("four objects to create");
    assert!(
        plan.contains("Plan: 4 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();

    let mut in_state = providers_in_state(&ws);
    in_state.sort();
    assert_eq!(
        in_state,
        [
            ("openai_group.platform", OFFICIAL_ADDRESS),
            (
                "openai_group_role_assignment.platform_deployer",
                OURS_ADDRESS
            ),
            ("openai_project_group.platform_alpha", OFFICIAL_ADDRESS),
            ("openai_project_role.deployer", OURS_ADDRESS),
        ]
        .map(|(a, p)| (a.to_owned(), p.to_owned()))
    );
    let group_id = ws.state_of("openai_group.platform")["group_id"]
        .as_str()
        .expect("the official state has group_id")
        .to_owned();
    let role_id = ws.state_of("openai_project_role.deployer")["id"]
        .as_str()
        .expect("role id")
        .to_owned();
    let fake = ws.handle();
    assert!(fake.project_groups("proj_alpha").contains(&group_id));
    assert!(
        fake.group_assignments()
            .iter()
            .any(|a| a.project_id.as_deref() == Some("proj_alpha")
                && a.group_id == group_id
                && a.role_id == role_id)
    );

    ws.destroy();
    assert!(ws.state_list().is_empty());
    assert!(fake.groups().iter().all(|g| g.id != group_id));
    assert!(
        fake.custom_project_roles("proj_alpha")
            .iter()
            .all(|r| r.id != role_id)
    );
}

// ----- migration -------------------------------------------------------------

/// What a team manages with the official provider: one object of each of
/// the ten types this provider can take over, and a group holding a custom
/// project role besides its join role (which only the official state, or
/// an import ID naming it, can tell apart).
const OFFICIAL: &str = r#"
resource "openai_role" "auditor" {
  provider    = openaiofficial
  role_name   = "Auditor"
  permissions = ["api.audit_logs.read", "api.usage.read"]
  description = "Reads the audit log and usage"
}

resource "openai_project_role" "deployer" {
  provider    = openaiofficial
  project_id  = "proj_alpha"
  role_name   = "Deployer"
  permissions = ["api.model.read", "api.model.request"]
}

resource "openai_group" "platform" {
  provider = openaiofficial
  name     = "Platform"
}

resource "openai_group_user" "platform_dee" {
  provider = openaiofficial
  group_id = openai_group.platform.group_id
  user_id  = "user_dee"
}

resource "openai_project_group" "platform_alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = openai_group.platform.group_id
  role       = "role-api-project-member"
}

resource "openai_project_user" "erin_alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role       = "member"
}

resource "openai_group_role" "platform_auditor" {
  provider = openaiofficial
  group_id = openai_group.platform.group_id
  role_id  = openai_role.auditor.role_id
}

resource "openai_project_group_role" "platform_deployer" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = openai_group.platform.group_id
  role_id    = openai_project_role.deployer.role_id
  depends_on = [openai_project_group.platform_alpha]
}

resource "openai_project_group_role" "engineering_deployer" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = openai_project_role.deployer.role_id
}

resource "openai_user_role" "erin_auditor" {
  provider = openaiofficial
  user_id  = "user_erin"
  role_id  = openai_role.auditor.role_id
}

resource "openai_project_user_role" "erin_deployer" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role_id    = openai_project_role.deployer.role_id
  depends_on = [openai_project_user.erin_alpha]
}
"#;

/// The same objects written for this provider. The five types whose name
/// both providers use get new resource names: `removed` and `moved` need
/// the old and the new address to differ.
const OURS: &str = r#"
resource "openai_organization_role" "auditor" {
  name        = "Auditor"
  permissions = ["api.audit_logs.read", "api.usage.read"]
  description = "Reads the audit log and usage"
}

resource "openai_project_role" "alpha_deployer" {
  project_id  = "proj_alpha"
  name        = "Deployer"
  permissions = ["api.model.read", "api.model.request"]
}

resource "openai_group" "platform_team" {
  name = "Platform"
}

resource "openai_group_user" "platform_team_dee" {
  group_id = openai_group.platform_team.id
  user_id  = "user_dee"
}

resource "openai_project_group" "platform_team_alpha" {
  project_id = "proj_alpha"
  group_id   = openai_group.platform_team.id
  role       = "role-api-project-member"
}

resource "openai_project_user" "alpha_erin" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role       = "member"
}

resource "openai_group_role_assignment" "platform_auditor" {
  group_id = openai_group.platform_team.id
  role_id  = openai_organization_role.auditor.id
}

resource "openai_group_role_assignment" "platform_deployer" {
  project_id = "proj_alpha"
  group_id   = openai_group.platform_team.id
  role_id    = openai_project_role.alpha_deployer.id
  depends_on = [openai_project_group.platform_team_alpha]
}

resource "openai_group_role_assignment" "engineering_deployer" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = openai_project_role.alpha_deployer.id
}

resource "openai_user_role_assignment" "erin_auditor" {
  user_id = "user_erin"
  role_id = openai_organization_role.auditor.id
}

resource "openai_user_role_assignment" "erin_deployer" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role_id    = openai_project_role.alpha_deployer.id
  depends_on = [openai_project_user.alpha_erin]
}
"#;

/// (official address, this provider's address, import ID) of every object
/// of [`OFFICIAL`] / [`OURS`]. Both providers take the same import IDs;
/// `{auditor}`, `{deployer}` and `{platform}` stand for the IDs the
/// objects got.
const MIGRATED: [(&str, &str, &str); 11] = [
    (
        "openai_role.auditor",
        "openai_organization_role.auditor",
        "{auditor}",
    ),
    (
        "openai_project_role.deployer",
        "openai_project_role.alpha_deployer",
        "proj_alpha/{deployer}",
    ),
    (
        "openai_group.platform",
        "openai_group.platform_team",
        "{platform}",
    ),
    (
        "openai_group_user.platform_dee",
        "openai_group_user.platform_team_dee",
        "{platform}/user_dee",
    ),
    (
        "openai_project_group.platform_alpha",
        "openai_project_group.platform_team_alpha",
        "proj_alpha/{platform}/role-api-project-member",
    ),
    (
        "openai_project_user.erin_alpha",
        "openai_project_user.alpha_erin",
        "proj_alpha/user_erin",
    ),
    (
        "openai_group_role.platform_auditor",
        "openai_group_role_assignment.platform_auditor",
        "{platform}/{auditor}",
    ),
    (
        "openai_project_group_role.platform_deployer",
        "openai_group_role_assignment.platform_deployer",
        "proj_alpha/{platform}/{deployer}",
    ),
    (
        "openai_project_group_role.engineering_deployer",
        "openai_group_role_assignment.engineering_deployer",
        "proj_alpha/group_engineering/{deployer}",
    ),
    (
        "openai_user_role.erin_auditor",
        "openai_user_role_assignment.erin_auditor",
        "user_erin/{auditor}",
    ),
    (
        "openai_project_user_role.erin_deployer",
        "openai_user_role_assignment.erin_deployer",
        "proj_alpha/user_erin/{deployer}",
    ),
];

/// The IDs the objects got, by placeholder.
struct Ids {
    auditor: String,
    deployer: String,
    platform: String,
}

impl Ids {
    fn of(ws: &Workspace) -> Ids {
        let id = |address: &str, attr: &str| {
            ws.state_of(address)[attr]
                .as_str()
                .unwrap_or_else(|| panic!("{address}.{attr} in state"))
                .to_owned()
        };
        Ids {
            auditor: id("openai_role.auditor", "role_id"),
            deployer: id("openai_project_role.deployer", "role_id"),
            platform: id("openai_group.platform", "group_id"),
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{auditor}", &self.auditor)
            .replace("{deployer}", &self.deployer)
            .replace("{platform}", &self.platform)
    }
}

/// Asserts that every resource in state is the official provider's.
fn assert_all_official(ws: &Workspace) {
    let in_state = providers_in_state(ws);
    assert_eq!(in_state.len(), MIGRATED.len());
    assert!(
        in_state.iter().all(|(_, p)| p == OFFICIAL_ADDRESS),
        "{in_state:?}"
    );
}

/// Applies [`OFFICIAL`] with the stand-in, which creates the objects, so
/// the state is the official provider's; returns the objects' IDs.
fn created_by_the_official_provider(ws: &Workspace) -> Ids {
    write_both(ws, OFFICIAL);
    ws.apply();
    ws.assert_plan_empty();
    assert_all_official(ws);
    Ids::of(ws)
}

/// Creates the objects of [`OFFICIAL`] outside Terraform, as an admin
/// would before adopting them, and returns their IDs.
fn created_out_of_band(ws: &Workspace) -> Ids {
    let client = AdminClient::new(ClientConfig::new(API_KEY, ws.fake.base_url())).expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let role = |name: &str, permissions: [&str; 2], description: Option<&str>| CreateRoleRequest {
        role_name: name.to_owned(),
        permissions: permissions.map(str::to_owned).to_vec(),
        description: description.map(str::to_owned),
    };
    let erin = AddProjectUserRequest {
        user_id: Some("user_erin".to_owned()),
        email: None,
        role: "member".to_owned(),
    };
    runtime.block_on(async {
        let auditor = role(
            "Auditor",
            ["api.audit_logs.read", "api.usage.read"],
            Some("Reads the audit log and usage"),
        );
        let auditor = client.create_org_role(&auditor).await.expect("org role").id;
        let deployer = role("Deployer", ["api.model.read", "api.model.request"], None);
        let deployer = client
            .create_project_role("proj_alpha", &deployer)
            .await
            .expect("project role")
            .id;
        let platform = client.create_group("Platform").await.expect("group").id;
        client
            .add_group_user(&platform, "user_dee")
            .await
            .expect("member");
        client
            .add_project_group("proj_alpha", &platform, "role-api-project-member")
            .await
            .expect("project group");
        client
            .add_project_user("proj_alpha", &erin)
            .await
            .expect("project user");
        client
            .assign_org_group_role(&platform, &auditor)
            .await
            .expect("group role");
        for group in [platform.as_str(), "group_engineering"] {
            client
                .assign_project_group_role("proj_alpha", group, &deployer)
                .await
                .expect("project group role");
        }
        client
            .assign_org_user_role("user_erin", &auditor)
            .await
            .expect("user role");
        client
            .assign_project_user_role("proj_alpha", "user_erin", &deployer)
            .await
            .expect("project user role");
        Ids {
            auditor,
            deployer,
            platform,
        }
    })
}

/// `import` blocks for every object, to the old (official) or new address.
fn import_blocks(ids: &Ids, official: bool) -> String {
    MIGRATED
        .iter()
        .map(|(old, new, id)| {
            let to = if official { old } else { new };
            format!(
                "import {{\n  to = {to}\n  id = \"{}\"\n}}\n\n",
                ids.fill(id)
            )
        })
        .collect()
}

fn new_addresses() -> Vec<&'static str> {
    MIGRATED.iter().map(|(_, new, _)| *new).collect()
}

#[test]
fn removed_and_import_blocks_take_over_every_type_without_a_write() {
    let ws = workspace();
    // The official provider adopts objects made outside Terraform.
    let ids = created_out_of_band(&ws);
    write_both(&ws, &format!("{}{OFFICIAL}", import_blocks(&ids, true)));
    let out = ws.apply();
    assert!(
        out.contains("Resources: 11 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    write_both(&ws, OFFICIAL);
    ws.assert_plan_empty();
    assert_all_official(&ws);

    let removed: String = MIGRATED
        .iter()
        .map(|(old, _, _)| {
            format!("removed {{\n  from = {old}\n  lifecycle {{\n    destroy = false\n  }}\n}}\n\n")
        })
        .collect();
    write_both(
        &ws,
        &format!("{removed}{}{OURS}", import_blocks(&ids, false)),
    );
    let (out, figures) = apply_migration(&ws, MIGRATED.len());
    assert!(
        out.contains("Resources: 11 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("removed + import", &figures);

    assert_taken_over(&ws, OURS, &new_addresses());
    assert_eq!(
        ws.state_of("openai_project_group.platform_team_alpha")["role"],
        "role-api-project-member"
    );
}

#[test]
fn moved_blocks_take_over_every_type_without_a_write() {
    let ws = workspace();
    created_by_the_official_provider(&ws);

    let moved: String = MIGRATED
        .iter()
        .map(|(old, new, _)| format!("moved {{\n  from = {old}\n  to   = {new}\n}}\n\n"))
        .collect();
    write_both(&ws, &format!("{moved}{OURS}"));
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains(
            "# openai_project_group.platform_alpha has moved to \
             openai_project_group.platform_team_alpha"
        ),
        "{plan}"
    );
    assert!(
        plan.contains("Plan: 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    let (out, figures) = apply_migration(&ws, MIGRATED.len());
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("moved", &figures);

    assert_taken_over(&ws, OURS, &new_addresses());
    assert_eq!(
        ws.state_of("openai_project_group.platform_team_alpha")["role"],
        "role-api-project-member"
    );
}

#[test]
fn a_shared_type_name_switches_provider_in_place_without_a_write() {
    let ws = workspace();
    // The five types both providers name alike, under the official provider.
    let official = r#"
resource "openai_project_role" "deployer" {
  provider    = openaiofficial
  project_id  = "proj_alpha"
  role_name   = "Deployer"
  permissions = ["api.model.read", "api.model.request"]
}

resource "openai_group" "platform" {
  provider = openaiofficial
  name     = "Platform"
}

resource "openai_group_user" "platform_dee" {
  provider = openaiofficial
  group_id = openai_group.platform.group_id
  user_id  = "user_dee"
}

resource "openai_project_group" "platform_alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = openai_group.platform.group_id
  role       = "role-api-project-member"
}

resource "openai_project_user" "erin_alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role       = "member"
}
"#;
    write_both(&ws, official);
    ws.apply();

    // The same addresses, written for this provider: no `provider` line,
    // this provider's attribute names, no official provider at all.
    let ours = r#"
resource "openai_project_role" "deployer" {
  project_id  = "proj_alpha"
  name        = "Deployer"
  permissions = ["api.model.read", "api.model.request"]
}

resource "openai_group" "platform" {
  name = "Platform"
}

resource "openai_group_user" "platform_dee" {
  group_id = openai_group.platform.id
  user_id  = "user_dee"
}

resource "openai_project_group" "platform_alpha" {
  project_id = "proj_alpha"
  group_id   = openai_group.platform.id
  role       = "role-api-project-member"
}

resource "openai_project_user" "erin_alpha" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role       = "member"
}
"#;
    ws.write(ours);
    let (out, figures) = apply_migration(&ws, 5);
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("provider switched in place", &figures);
    assert_taken_over(
        &ws,
        ours,
        &[
            "openai_group.platform",
            "openai_group_user.platform_dee",
            "openai_project_group.platform_alpha",
            "openai_project_role.deployer",
            "openai_project_user.erin_alpha",
        ],
    );
    let group = ws.state_of("openai_group_user.platform_dee");
    assert_eq!(
        group["email"], "dee@example.com",
        "refreshed after the switch"
    );
}

#[test]
fn a_move_from_an_unsupported_type_is_refused_with_the_alternative() {
    let ws = workspace();
    ws.write(
        r#"
resource "terraform_data" "platform" {
  input = "Platform"
}
"#,
    );
    ws.apply();
    ws.write(
        r#"
moved {
  from = terraform_data.platform
  to   = openai_group.platform
}

resource "openai_group" "platform" {
  name = "Platform"
}
"#,
    );
    ws.handle().reset_counters();
    let out = ws.fails(&["plan", "-no-color"]);
    for part in [
        "Cannot move terraform_data to openai_group",
        "openai_role -> openai_organization_role",
        "openai_project_group_role -> openai_group_role_assignment",
        "terraform.io/builtin/terraform is not one of them",
        "`removed` block",
        "`import` block for the openai_group resource (import ID <group_id>)",
        "docs/guides/migrating-from-the-official-provider.md",
    ] {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
    assert!(ws.handle().requests().is_empty(), "nothing reached the API");
    assert_eq!(ws.state_list(), ["terraform_data.platform"]);
}
