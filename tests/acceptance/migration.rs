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

use crate::support::{API_KEY, Workspace, combined};

#[path = "migration_policies.rs"]
mod policies;

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

/// The five types both providers name alike, under the official provider:
/// part of [`OFFICIAL`], and alone the start of path 3 ([`SWITCH_OFFICIAL`]).
/// A macro so that both stay literals the guide is checked against.
macro_rules! shared_type_names_official {
    () => {
        r#"
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
"#
    };
}

/// What a team manages with the official provider: one object of each of
/// the ten types this provider can take over, a group holding a custom
/// project role besides its join role (which only the official state, or
/// an import ID naming it, can tell apart), and a predefined project role
/// named by its short ID (the API echoes it project-scoped).
const OFFICIAL: &str = concat!(
    r#"
resource "openai_role" "auditor" {
  provider    = openaiofficial
  role_name   = "Auditor"
  permissions = ["api.audit_logs.read", "api.usage.read"]
  description = "Reads the audit log and usage"
}
"#,
    shared_type_names_official!(),
    r#"
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

resource "openai_project_group_role" "engineering_viewer" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = "role-api-project-viewer"
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
"#
);

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

resource "openai_group_role_assignment" "engineering_viewer" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = "role-api-project-viewer"
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

/// One object of [`OFFICIAL`] and [`OURS`].
struct Migrated {
    official: &'static str,
    ours: &'static str,
    /// The import ID, the same for both providers; `{auditor}`,
    /// `{deployer}` and `{platform}` stand for the IDs the objects got.
    import_id: &'static str,
    /// The import ID's format, as the guide comments it.
    format: &'static str,
}

const MIGRATED: [Migrated; 12] = [
    Migrated {
        official: "openai_role.auditor",
        ours: "openai_organization_role.auditor",
        import_id: "{auditor}",
        format: "<role_id>",
    },
    Migrated {
        official: "openai_project_role.deployer",
        ours: "openai_project_role.alpha_deployer",
        import_id: "proj_alpha/{deployer}",
        format: "<project_id>/<role_id>",
    },
    Migrated {
        official: "openai_group.platform",
        ours: "openai_group.platform_team",
        import_id: "{platform}",
        format: "<group_id>",
    },
    Migrated {
        official: "openai_group_user.platform_dee",
        ours: "openai_group_user.platform_team_dee",
        import_id: "{platform}/user_dee",
        format: "<group_id>/<user_id>",
    },
    Migrated {
        official: "openai_project_group.platform_alpha",
        ours: "openai_project_group.platform_team_alpha",
        import_id: "proj_alpha/{platform}/role-api-project-member",
        format: "<project_id>/<group_id>/<role_id>",
    },
    Migrated {
        official: "openai_project_user.erin_alpha",
        ours: "openai_project_user.alpha_erin",
        import_id: "proj_alpha/user_erin",
        format: "<project_id>/<user_id>",
    },
    Migrated {
        official: "openai_group_role.platform_auditor",
        ours: "openai_group_role_assignment.platform_auditor",
        import_id: "{platform}/{auditor}",
        format: "<group_id>/<role_id>",
    },
    Migrated {
        official: "openai_project_group_role.platform_deployer",
        ours: "openai_group_role_assignment.platform_deployer",
        import_id: "proj_alpha/{platform}/{deployer}",
        format: "<project_id>/<group_id>/<role_id>",
    },
    Migrated {
        official: "openai_project_group_role.engineering_deployer",
        ours: "openai_group_role_assignment.engineering_deployer",
        import_id: "proj_alpha/group_engineering/{deployer}",
        format: "<project_id>/<group_id>/<role_id>",
    },
    Migrated {
        official: "openai_project_group_role.engineering_viewer",
        ours: "openai_group_role_assignment.engineering_viewer",
        import_id: "proj_alpha/group_engineering/role-api-project-viewer",
        format: "<project_id>/<group_id>/<role_id>",
    },
    Migrated {
        official: "openai_user_role.erin_auditor",
        ours: "openai_user_role_assignment.erin_auditor",
        import_id: "user_erin/{auditor}",
        format: "<user_id>/<role_id>",
    },
    Migrated {
        official: "openai_project_user_role.erin_deployer",
        ours: "openai_user_role_assignment.erin_deployer",
        import_id: "proj_alpha/user_erin/{deployer}",
        format: "<project_id>/<user_id>/<role_id>",
    },
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

    /// The example IDs the guide shows.
    fn in_the_guide() -> Ids {
        Ids {
            auditor: "role_01J1F8ORG".to_owned(),
            deployer: "role_proj_alpha~5e0c7a19f2b84d36".to_owned(),
            platform: "8f3b2c1d4e5f60718293a4b5c6d7e8f9".to_owned(),
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
        for (group, role) in [
            (platform.as_str(), deployer.as_str()),
            ("group_engineering", deployer.as_str()),
            ("group_engineering", "role-api-project-viewer"),
        ] {
            client
                .assign_project_group_role("proj_alpha", group, role)
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

/// An `import` block as the guide writes it, its ID's format commented.
fn import_block(to: &str, id: &str, format: &str) -> String {
    format!("import {{\n  to = {to}\n  id = \"{id}\" # {format}\n}}\n")
}

/// `import` blocks adopting every object into the official resources.
fn official_imports(ids: &Ids) -> String {
    MIGRATED
        .iter()
        .map(|m| import_block(m.official, &ids.fill(m.import_id), m.format) + "\n")
        .collect()
}

/// Path 2 of the guide: for each object a `removed` block forgetting the
/// official resource and an `import` block adopting it into this
/// provider's.
fn removed_and_imports(ids: &Ids) -> String {
    MIGRATED
        .iter()
        .map(|m| {
            format!(
                "removed {{\n  from = {}\n  lifecycle {{\n    destroy = false\n  }}\n}}\n\n{}",
                m.official,
                import_block(m.ours, &ids.fill(m.import_id), m.format)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Path 1 of the guide: a `moved` block per object.
fn moved_blocks() -> String {
    MIGRATED
        .iter()
        .map(|m| {
            format!(
                "moved {{\n  from = {}\n  to   = {}\n}}\n",
                m.official, m.ours
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn new_addresses() -> Vec<&'static str> {
    MIGRATED.iter().map(|m| m.ours).collect()
}

#[test]
fn removed_and_import_blocks_take_over_every_type_without_a_write() {
    let ws = workspace();
    // The official provider adopts objects made outside Terraform.
    let ids = created_out_of_band(&ws);
    write_both(&ws, &format!("{}{OFFICIAL}", official_imports(&ids)));
    let out = ws.apply();
    assert!(
        out.contains("Resources: 12 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    write_both(&ws, OFFICIAL);
    ws.assert_plan_empty();
    assert_all_official(&ws);

    write_both(&ws, &format!("{}\n{OURS}", removed_and_imports(&ids)));
    let (out, figures) = apply_migration(&ws, MIGRATED.len());
    assert!(
        out.contains("Resources: 12 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("removed + import", &figures);

    assert_taken_over(&ws, OURS, &new_addresses());
    assert_eq!(
        ws.state_of("openai_project_group.platform_team_alpha")["role"],
        "role-api-project-member"
    );
    assert_eq!(
        ws.state_of("openai_group_role_assignment.engineering_viewer")["role_id"],
        "role-api-project-viewer",
        "the ID as configured, not as the API echoes it"
    );
}

#[test]
fn moved_blocks_take_over_every_type_without_a_write() {
    let ws = workspace();
    created_by_the_official_provider(&ws);

    // With the official provider still configured, as the guide suggests...
    write_both(&ws, &format!("{}\n{OURS}", moved_blocks()));
    let plan = ws.ok(&["plan", "-no-color"]);
    for expected in [
        "# openai_project_group.platform_alpha has moved to \
         openai_project_group.platform_team_alpha",
        "# openai_project_group_role.engineering_viewer has moved to \
         openai_group_role_assignment.engineering_viewer",
        "Plan: 0 to add, 0 to change, 0 to destroy",
    ] {
        assert!(plan.contains(expected), "{expected:?} not in:\n{plan}");
    }
    // ...or already gone from the configuration: Terraform only reads the
    // official provider's schemas, which the state names.
    ws.write(&format!("{}\n{OURS}", moved_blocks()));
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
    assert_eq!(
        ws.state_of("openai_group_role_assignment.engineering_viewer")["role_id"],
        "role-api-project-viewer"
    );
}

/// The official read-only attributes travel with a `moved` block: the
/// planned state of each moved object, before any refresh, holds what the
/// official state held (`group_id`, `group_type`, a project user's `name`
/// and `added_at`).
#[test]
fn moved_blocks_carry_the_official_read_only_attributes_over() {
    let ws = workspace();
    created_by_the_official_provider(&ws);
    let official = |address: &str| ws.state_of(address);
    let (group, access, member) = (
        official("openai_group.platform"),
        official("openai_project_group.platform_alpha"),
        official("openai_project_user.erin_alpha"),
    );
    ws.write(&format!("{}\n{OURS}", moved_blocks()));
    ws.ok(&["plan", "-refresh=false", "-out=moved.plan", "-no-color"]);
    let shown = ws.run(&["show", "-json", "moved.plan"]);
    assert!(shown.status.success(), "{}", combined(&shown));
    let plan: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("plan JSON");
    let after = |address: &str| {
        plan["resource_changes"]
            .as_array()
            .and_then(|changes| changes.iter().find(|c| c["address"] == address))
            .map(|c| c["change"]["after"].clone())
            .unwrap_or_else(|| panic!("{address} not in the plan"))
    };
    let checks = [
        (
            "openai_group.platform_team",
            &group,
            &["group_id", "group_type"][..],
        ),
        (
            "openai_project_group.platform_team_alpha",
            &access,
            &["group_type"],
        ),
        (
            "openai_project_user.alpha_erin",
            &member,
            &["name", "added_at"],
        ),
    ];
    for (address, official, names) in checks {
        let moved = after(address);
        for name in names {
            assert!(
                !official[*name].is_null(),
                "the official {name}: {official}"
            );
            assert_eq!(moved[*name], official[*name], "{address}.{name}");
        }
    }
}

/// Path 3 of the guide, before: the five types both providers name alike,
/// under the official provider.
const SWITCH_OFFICIAL: &str = shared_type_names_official!();

/// Path 3 of the guide, after: the same addresses written for this
/// provider (no `provider` line, this provider's attribute names).
const SWITCH_OURS: &str = r#"
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

#[test]
fn a_shared_type_name_switches_provider_in_place_without_a_write() {
    let ws = workspace();
    write_both(&ws, SWITCH_OFFICIAL);
    ws.apply();

    // No official provider in the configuration at all.
    ws.write(SWITCH_OURS);
    let (out, figures) = apply_migration(&ws, 5);
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("provider switched in place", &figures);
    assert_taken_over(
        &ws,
        SWITCH_OURS,
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

// ----- people and machines -------------------------------------------------

/// The three people-and-machines types under the official provider: an
/// invite into a project, a service account, and a member adopted by
/// import (the official `openai_organization_user` is import-only too).
const PEOPLE_OFFICIAL: &str = r#"
resource "openai_invite" "gil" {
  provider = openaiofficial
  email    = "gil@example.com"
  role     = "reader"
  projects = [{ id = "proj_alpha", role = "member" }]
}

resource "openai_project_service_account" "ci" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  name       = "ci"
}

resource "openai_organization_user" "dee" {
  provider = openaiofficial
  role     = "reader"
}
"#;

/// The same objects written for this provider, at new addresses (the
/// type names are shared: `moved` needs the addresses to differ).
const PEOPLE_OURS: &str = r#"
resource "openai_invite" "gil_alpha" {
  email    = "gil@example.com"
  role     = "reader"
  projects = [{ id = "proj_alpha", role = "member" }]
}

resource "openai_project_service_account" "ci_bot" {
  project_id = "proj_alpha"
  name       = "ci"
}

resource "openai_organization_user" "dee_member" {
  role = "reader"
}
"#;

const PEOPLE_MOVED: &str = r#"
moved {
  from = openai_invite.gil
  to   = openai_invite.gil_alpha
}

moved {
  from = openai_project_service_account.ci
  to   = openai_project_service_account.ci_bot
}

moved {
  from = openai_organization_user.dee
  to   = openai_organization_user.dee_member
}
"#;

#[test]
fn moved_blocks_take_over_invites_members_and_service_accounts_without_a_write() {
    let ws = workspace();
    write_both(
        &ws,
        &format!(
            "import {{\n  to = openai_organization_user.dee\n  id = \"user_dee\"\n}}\n{PEOPLE_OFFICIAL}"
        ),
    );
    let out = ws.apply();
    assert!(
        out.contains("Resources: 1 imported, 2 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    write_both(&ws, PEOPLE_OFFICIAL);
    ws.assert_plan_empty();
    let official = providers_in_state(&ws);
    assert_eq!(official.len(), 3, "{official:?}");
    assert!(
        official.iter().all(|(_, p)| p == OFFICIAL_ADDRESS),
        "{official:?}"
    );
    let invite_id = ws.state_of("openai_invite.gil")["invite_id"]
        .as_str()
        .expect("the official state has invite_id")
        .to_owned();
    let account_id = ws.state_of("openai_project_service_account.ci")["service_account_id"]
        .as_str()
        .expect("the official state has service_account_id")
        .to_owned();

    let plan_hcl = format!("{PEOPLE_MOVED}\n{PEOPLE_OURS}");
    ws.write(&plan_hcl);
    let plan = ws.ok(&["plan", "-no-color"]);
    for expected in [
        "# openai_invite.gil has moved to openai_invite.gil_alpha",
        "# openai_project_service_account.ci has moved to openai_project_service_account.ci_bot",
        "# openai_organization_user.dee has moved to openai_organization_user.dee_member",
        "Plan: 0 to add, 0 to change, 0 to destroy",
    ] {
        assert!(plan.contains(expected), "{expected:?} not in:\n{plan}");
    }
    let (out, figures) = apply_migration(&ws, 3);
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("moved, people and machines", &figures);
    assert_taken_over(
        &ws,
        PEOPLE_OURS,
        &[
            "openai_invite.gil_alpha",
            "openai_organization_user.dee_member",
            "openai_project_service_account.ci_bot",
        ],
    );
    let invite = ws.state_of("openai_invite.gil_alpha");
    assert_eq!(
        (invite["id"].as_str(), invite["invite_id"].as_str()),
        (Some(invite_id.as_str()), Some(invite_id.as_str()))
    );
    assert_eq!(
        invite["projects"],
        json!([{"id": "proj_alpha", "role": "member"}])
    );
    let account = ws.state_of("openai_project_service_account.ci_bot");
    assert_eq!(account["id"].as_str(), Some(account_id.as_str()));
    assert_eq!(account["role"], "none", "refreshed by this provider");
    assert_eq!(
        ws.state_of("openai_organization_user.dee_member")["email"],
        "dee@example.com"
    );
}

// ----- role names and descriptions -----------------------------------------

/// Roles with descriptions and a project user role, under the official
/// provider.
const NAMES_OFFICIAL: &str = r#"
resource "openai_role" "reader" {
  provider    = openaiofficial
  role_name   = "Reader"
  permissions = ["api.usage.read"]
  description = "Reads usage"
}

resource "openai_project_role" "keys" {
  provider    = openaiofficial
  project_id  = "proj_alpha"
  role_name   = "Key reader"
  permissions = ["api.organization.projects.api_keys.read"]
  description = "Reads keys"
}

resource "openai_project_user" "erin" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  email      = "erin@example.com"
  role       = "member"
}

resource "openai_project_user_role" "erin_keys" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role_id    = openai_project_role.keys.role_id
  depends_on = [openai_project_user.erin]
}
"#;

/// The same objects under this provider, the official attribute names
/// kept (`role_name` of the organization role too): only the types that
/// have another name here change, with `moved` blocks.
const NAMES_OURS: &str = r#"
moved {
  from = openai_role.reader
  to   = openai_organization_role.reader
}

resource "openai_organization_role" "reader" {
  role_name   = "Reader"
  permissions = ["api.usage.read"]
  description = "Reads usage"
}

resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  role_name   = "Key reader"
  permissions = ["api.organization.projects.api_keys.read"]
  description = "Reads keys"
}

resource "openai_project_user" "erin" {
  project_id = "proj_alpha"
  email      = "erin@example.com"
  role       = "member"
}

moved {
  from = openai_project_user_role.erin_keys
  to   = openai_user_role_assignment.erin_keys
}

resource "openai_user_role_assignment" "erin_keys" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role_id    = openai_project_role.keys.role_id
  depends_on = [openai_project_user.erin]
}
"#;

/// `role_name` of an organization role, and the role's `name` and
/// `description` of a project user role, travel with `moved` blocks: the
/// planned states, before any refresh, hold what the official states held;
/// a project user named by `email` switches provider in place.
#[test]
fn moved_blocks_carry_role_names_and_descriptions_under_the_official_names() {
    let ws = workspace();
    write_both(&ws, NAMES_OFFICIAL);
    ws.apply();
    let official_role = ws.state_of("openai_role.reader");
    let official_assignment = ws.state_of("openai_project_user_role.erin_keys");
    assert_eq!(official_assignment["name"], "Key reader");
    assert_eq!(official_assignment["description"], "Reads keys");

    ws.write(NAMES_OURS);
    ws.ok(&["plan", "-refresh=false", "-out=moved.plan", "-no-color"]);
    let shown = ws.run(&["show", "-json", "moved.plan"]);
    assert!(shown.status.success(), "{}", combined(&shown));
    let plan: Value = serde_json::from_slice(&shown.stdout).expect("plan JSON");
    let after = |address: &str| {
        plan["resource_changes"]
            .as_array()
            .and_then(|changes| changes.iter().find(|c| c["address"] == address))
            .map(|c| c["change"]["after"].clone())
            .unwrap_or_else(|| panic!("{address} not in the plan"))
    };
    let role = after("openai_organization_role.reader");
    assert_eq!(role["role_name"], official_role["role_name"]);
    assert_eq!(role["name"], "Reader");
    assert_eq!(role["description"], official_role["description"]);
    let assignment = after("openai_user_role_assignment.erin_keys");
    for name in ["name", "description"] {
        assert_eq!(assignment[name], official_assignment[name], "{name}");
    }
    assert_eq!(assignment["role_name"], "Key reader");

    let (out, figures) = apply_migration(&ws, 4);
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("moved, official names kept", &figures);
    assert_taken_over(
        &ws,
        NAMES_OURS,
        &[
            "openai_organization_role.reader",
            "openai_project_role.keys",
            "openai_project_user.erin",
            "openai_user_role_assignment.erin_keys",
        ],
    );
    let member = ws.state_of("openai_project_user.erin");
    assert_eq!(
        (member["email"].as_str(), member["user_id"].as_str()),
        (Some("erin@example.com"), Some("user_erin"))
    );
    let assignment = ws.state_of("openai_user_role_assignment.erin_keys");
    assert_eq!(
        (
            assignment["name"].as_str(),
            assignment["description"].as_str()
        ),
        (Some("Key reader"), Some("Reads keys"))
    );
}

// ----- projects ------------------------------------------------------------

/// A project the official provider made with an external key.
const PROJECT_OFFICIAL: &str = r#"
resource "openai_project" "ekm" {
  provider        = openaiofficial
  name            = "Encrypted"
  external_key_id = "ekm_official"
}
"#;

/// The same project under this provider: the official configuration
/// without its `provider` line.
const PROJECT_OURS: &str = r#"
resource "openai_project" "ekm" {
  name            = "Encrypted"
  external_key_id = "ekm_official"
}
"#;

/// Sets `name` of the first instance of `address` in the stored state to
/// `value`, as if the provider that wrote the state had put it there.
fn set_in_state(ws: &Workspace, address: &str, name: &str, value: Value) {
    let pulled = ws.run(&["state", "pull"]);
    assert!(pulled.status.success(), "{}", combined(&pulled));
    let mut state: Value = serde_json::from_slice(&pulled.stdout).expect("state JSON");
    state["serial"] = json!(state["serial"].as_u64().expect("a serial") + 1);
    let (ty, resource_name) = address.split_once('.').expect("type.name");
    let resource = state["resources"]
        .as_array_mut()
        .expect("resources")
        .iter_mut()
        .find(|r| r["type"] == ty && r["name"] == resource_name)
        .unwrap_or_else(|| panic!("{address} is not in the state"));
    resource["instances"][0]["attributes"][name] = value;
    std::fs::write(ws.path().join("edited.tfstate"), state.to_string()).expect("write state");
    ws.ok(&["state", "push", "edited.tfstate"]);
}

#[test]
fn a_project_switches_provider_in_place_with_its_external_key() {
    let ws = workspace();
    // The official provider sends `geography` in the create body, a field
    // the API description does not have: the fake refuses it as unknown.
    write_both(
        &ws,
        r#"
resource "openai_project" "ekm" {
  provider  = openaiofficial
  name      = "Encrypted"
  geography = "US"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("Unrecognized request argument supplied: geography"),
        "{out}"
    );

    write_both(&ws, PROJECT_OFFICIAL);
    ws.apply();
    let official = ws.state_of("openai_project.ekm");
    assert_eq!(official["external_key_id"], "ekm_official");
    let project_id = official["project_id"].as_str().expect("an ID").to_owned();
    // An official state can hold a geography all the same (the official
    // provider stores the configured value without reading it back).
    set_in_state(&ws, "openai_project.ekm", "geography", json!("US"));

    ws.write(PROJECT_OURS);
    let (out, figures) = apply_migration(&ws, 1);
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("project switched in place", &figures);
    assert_taken_over(&ws, PROJECT_OURS, &["openai_project.ekm"]);
    let state = ws.state_of("openai_project.ekm");
    assert_eq!(state["id"].as_str(), Some(project_id.as_str()));
    assert_eq!(
        state["external_key_id"], "ekm_official",
        "carried, and managed"
    );
    assert!(
        state["geography"].is_null(),
        "the API holds no geography: {state}"
    );
    let (status, fake) = ws.fake_request(
        "GET",
        &format!("/v1/organization/projects/{project_id}"),
        None,
    );
    assert_eq!(status, 200, "{fake}");
    assert_eq!(fake["external_key_id"], "ekm_official");
}

// ----- the documentation shows what is tested -------------------------------

const GUIDE_PATH: &str = "docs/guides/migrating-from-the-official-provider.md";
const GUIDE: &str = include_str!("../../docs/guides/migrating-from-the-official-provider.md");
const README: &str = include_str!("../../README.md");

/// The README's section on the official provider.
fn readme_section() -> &'static str {
    let start = README
        .find("### Side by side with the official provider")
        .expect("README has the section");
    let end = README[start + 4..]
        .find("\n## ")
        .into_iter()
        .chain(README[start + 4..].find("\n### "))
        .min()
        .map_or(README.len(), |i| start + 4 + i);
    &README[start..end]
}

/// The fenced HCL blocks of a Markdown text.
fn hcl_blocks(markdown: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = markdown;
    while let Some(open) = rest
        .find("```terraform\n")
        .or_else(|| rest.find("```hcl\n"))
    {
        let body = &rest[open..];
        let body = &body[body.find('\n').map_or(0, |i| i + 1)..];
        let close = body.find("```").expect("the block is closed");
        blocks.push(&body[..close]);
        rest = &body[close + 3..];
    }
    blocks
}

#[test]
fn the_guide_shows_the_hcl_the_tests_apply() {
    let guide_ids = Ids::in_the_guide();
    for (name, hcl) in [
        ("SIDE_BY_SIDE", SIDE_BY_SIDE.to_owned()),
        ("OFFICIAL", OFFICIAL.to_owned()),
        ("OURS", OURS.to_owned()),
        ("moved blocks", moved_blocks()),
        ("removed and import blocks", removed_and_imports(&guide_ids)),
        ("SWITCH_OFFICIAL", SWITCH_OFFICIAL.to_owned()),
        ("SWITCH_OURS", SWITCH_OURS.to_owned()),
    ] {
        assert!(
            GUIDE.contains(hcl.trim()),
            "{GUIDE_PATH} does not show the test's {name}:\n{}",
            hcl.trim()
        );
    }
    // Every official type of the map is migrated by the tests.
    for m in &MIGRATED {
        let official_type = m.official.split('.').next().unwrap_or_default();
        assert!(
            GUIDE.contains(&format!("| `{official_type}` |")),
            "{official_type}"
        );
    }
}

#[test]
fn the_guide_and_readme_hcl_is_terraform_fmt_clean() {
    let blocks: Vec<(&str, &str)> = hcl_blocks(GUIDE)
        .into_iter()
        .map(|b| (GUIDE_PATH, b))
        .chain(
            hcl_blocks(readme_section())
                .into_iter()
                .map(|b| ("README.md", b)),
        )
        .collect();
    assert!(blocks.len() >= 8, "found {} blocks", blocks.len());
    for (file, block) in blocks {
        let mut fmt = std::process::Command::new("terraform")
            .args(["fmt", "-no-color", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run terraform fmt");
        std::io::Write::write_all(&mut fmt.stdin.take().expect("stdin"), block.as_bytes())
            .expect("write to terraform fmt");
        let out = fmt.wait_with_output().expect("terraform fmt");
        assert!(
            out.status.success(),
            "{file}: terraform fmt refuses\n{block}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            block,
            "{file}: a block is not as terraform fmt writes it"
        );
    }
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let blocks = hcl_blocks(readme_section());
    let example = blocks
        .iter()
        .find(|b| b.contains("required_providers"))
        .expect("the README section has a complete example");
    let ws = workspace();
    ws.write_raw_exact(example);
    let out = ws.ok(&["validate", "-no-color"]);
    assert!(out.contains("The configuration is valid"), "{out}");
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
