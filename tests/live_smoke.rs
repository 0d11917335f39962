//! Smoke test through the real `terraform` CLI: a uniquely named custom
//! project role, assigned to a group, read back (empty plan), imported into
//! a fresh state, and destroyed. A guard cleans up whatever a failed run
//! created.
//!
//! Against a real organization only when explicitly asked:
//!   OPENAI_LIVE_SMOKE=1 OPENAI_ADMIN_KEY=sk-admin-... \
//!   OPENAI_SMOKE_PROJECT_ID=proj_... OPENAI_SMOKE_GROUP_ID=group_... \
//!   [OPENAI_ADMIN_BASE_URL=...] [OPENAI_ORG_ID=org-...] cargo test --test live_smoke -- --nocapture
//! Otherwise the same code runs against the bundled fake (base URL pointed
//! at it, fixture project and group), so CI keeps it working.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value as Json;
use tfopenai::api::{AdminClient, ApiError, ClientConfig, Group};
use tfopenai::fake::{BlockingFakeServer, DEFAULT_API_KEY, FakeConfig, FakeServer};

/// A permission every organization's catalogue has.
const PERMISSION: &str = "api.organization.projects.api_keys.read";
const ROLE: &str = "openai_project_role.smoke";
const ASSIGNMENT: &str = "openai_group_role_assignment.smoke";

/// Where the smoke test runs.
struct Target {
    api_key: String,
    /// `None`: the provider's default (the real API).
    base_url: Option<String>,
    organization_id: Option<String>,
    project_id: String,
    group_id: String,
    /// Set in fake mode; keeps the fake running.
    fake: Option<BlockingFakeServer>,
}

impl Target {
    /// The real organization when OPENAI_LIVE_SMOKE=1 (and then every
    /// variable it needs must be set), else the bundled fake with reads
    /// lagging writes by `fake_lag`.
    fn from_env(fake_lag: Duration) -> Target {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if var("OPENAI_LIVE_SMOKE").as_deref() != Some("1") {
            return Target::fake(fake_lag);
        }
        let required = [
            "OPENAI_ADMIN_KEY",
            "OPENAI_SMOKE_PROJECT_ID",
            "OPENAI_SMOKE_GROUP_ID",
        ];
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|name| var(name).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "OPENAI_LIVE_SMOKE=1 asks for a run against a real organization, but {} \
             not set; set them, or unset OPENAI_LIVE_SMOKE to run against the bundled fake",
            missing.join(", ")
        );
        Target {
            api_key: var("OPENAI_ADMIN_KEY").unwrap_or_default(),
            base_url: var("OPENAI_ADMIN_BASE_URL"),
            organization_id: var("OPENAI_ORG_ID"),
            project_id: var("OPENAI_SMOKE_PROJECT_ID").unwrap_or_default(),
            group_id: var("OPENAI_SMOKE_GROUP_ID").unwrap_or_default(),
            fake: None,
        }
    }

    /// The bundled fake, with the fixture project and one of its member
    /// groups, and reads lagging writes as the real API's may.
    fn fake(lag: Duration) -> Target {
        let fake = FakeServer::start_blocking(
            0,
            FakeConfig {
                read_after_write_delay: lag,
                ..FakeConfig::default()
            },
        )
        .expect("start the bundled fake");
        Target {
            api_key: DEFAULT_API_KEY.to_owned(),
            base_url: Some(fake.base_url()),
            organization_id: None,
            project_id: "proj_alpha".to_owned(),
            group_id: "group_support".to_owned(),
            fake: Some(fake),
        }
    }

    fn describe(&self) -> String {
        let base_url = self
            .base_url
            .as_deref()
            .unwrap_or("https://api.openai.com/v1");
        let place = format!("project {}, group {}", self.project_id, self.group_id);
        match self.fake {
            Some(_) => format!(
                "FAKE mode: the bundled fake at {base_url} ({place}); set \
                 OPENAI_LIVE_SMOKE=1 and the OPENAI_* variables to run against a real \
                 organization"
            ),
            None => format!("LIVE mode: the organization behind {base_url} ({place})"),
        }
    }

    fn client(&self) -> AdminClient {
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.openai.com/v1".to_owned());
        let mut config = ClientConfig::new(&self.api_key, base_url);
        config.organization_id = self.organization_id.clone();
        AdminClient::new(config).expect("Admin API client")
    }

    /// Runs `f` with a client on a runtime of its own (tests are plain
    /// threads).
    fn with_client<T>(&self, f: impl AsyncFnOnce(&AdminClient) -> T) -> T {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = self.client();
        runtime.block_on(f(&client))
    }
}

/// A name no other run uses, so a leftover is recognisable as ours.
fn unique_name() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("tf-smoke-{secs}-{:08x}", rand::random::<u32>())
}

/// stdout and stderr, whitespace folded (Terraform wraps its messages).
fn combined(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One Terraform working directory using the provider cargo built.
struct Workdir {
    dir: tempfile::TempDir,
    cli_config: PathBuf,
}

impl Workdir {
    fn new() -> Workdir {
        let dir = tempfile::tempdir().expect("temp dir");
        let provider = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-openai"));
        let cli_config = dir.path().join("terraform.rc");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/tfopenai/openai\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                provider.parent().expect("binary directory").display()
            ),
        )
        .expect("write CLI config");
        Workdir { dir, cli_config }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, hcl: &str) {
        std::fs::write(self.path().join("main.tf"), hcl).expect("write main.tf");
    }

    /// The key and base URL reach the provider through its environment
    /// fallbacks, never through a file.
    fn run(&self, target: &Target, args: &[&str]) -> Output {
        let mut cmd = Command::new("terraform");
        cmd.args(args)
            .current_dir(self.path())
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env("OPENAI_ADMIN_KEY", &target.api_key);
        for (name, value) in [
            ("OPENAI_ADMIN_BASE_URL", &target.base_url),
            ("OPENAI_ORG_ID", &target.organization_id),
        ] {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd.output()
            .expect("run terraform (the CLI must be on PATH)")
    }

    fn ok(&self, target: &Target, args: &[&str]) -> String {
        let out = self.run(target, args);
        let text = combined(&out);
        assert!(out.status.success(), "terraform {args:?} failed:\n{text}");
        text
    }

    /// `terraform plan -detailed-exitcode` finds nothing to change.
    fn assert_plan_empty(&self, target: &Target) {
        let out = self.run(target, &["plan", "-detailed-exitcode", "-no-color"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "expected an empty plan:\n{}",
            combined(&out)
        );
    }

    /// Resource values by address, from `terraform show -json`.
    fn state(&self, target: &Target) -> Json {
        let out = self.run(target, &["show", "-json"]);
        assert!(out.status.success(), "show failed:\n{}", combined(&out));
        let json: Json = serde_json::from_slice(&out.stdout).expect("show -json");
        let values = json["values"]["root_module"]["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let address = r["address"].as_str().unwrap_or_default().to_owned();
                (address, r["values"].clone())
            });
        Json::Object(values.collect())
    }
}

/// One smoke run: the name it creates things under and the working
/// directories it used. Dropped before `finish`, it destroys what it made.
struct SmokeRun<'a> {
    target: &'a Target,
    name: String,
    workdirs: Vec<Workdir>,
    finished: bool,
}

impl<'a> SmokeRun<'a> {
    fn new(target: &'a Target) -> SmokeRun<'a> {
        SmokeRun {
            target,
            name: unique_name(),
            workdirs: Vec::new(),
            finished: false,
        }
    }

    /// A new working directory holding `hcl`; returns its index.
    fn workdir(&mut self, hcl: &str) -> usize {
        let workdir = Workdir::new();
        workdir.write(hcl);
        self.workdirs.push(workdir);
        self.workdirs.len() - 1
    }

    fn config(&self) -> String {
        let Target {
            project_id,
            group_id,
            ..
        } = self.target;
        format!(
            r#"terraform {{
  required_providers {{
    openai = {{ source = "tfopenai/openai" }}
  }}
}}

provider "openai" {{}}

resource "openai_project_role" "smoke" {{
  project_id  = "{project_id}"
  name        = "{name}"
  description = "Created by the provider's smoke test; safe to delete."
  permissions = ["{PERMISSION}"]
}}

resource "openai_group_role_assignment" "smoke" {{
  project_id = "{project_id}"
  group_id   = "{group_id}"
  role_id    = openai_project_role.smoke.id
}}
"#,
            name = self.name
        )
    }

    fn import_blocks(&self, role_id: &str) -> String {
        let Target {
            project_id,
            group_id,
            ..
        } = self.target;
        format!(
            "\nimport {{\n  to = {ROLE}\n  id = \"{project_id}/{role_id}\"\n}}\n\n\
             import {{\n  to = {ASSIGNMENT}\n  id = \"{project_id}/{group_id}/{role_id}\"\n}}\n"
        )
    }

    fn finish(mut self) {
        self.finished = true;
    }

    /// Destroys through Terraform what each working directory holds, then
    /// deletes through the API whatever still carries this run's name
    /// (e.g. created by an apply that died before saving its state).
    fn clean_up(&self) {
        for workdir in self.workdirs.iter().rev() {
            let out = workdir.run(self.target, &["destroy", "-auto-approve", "-no-color"]);
            eprintln!(
                "live_smoke cleanup: terraform destroy in {}: {}",
                workdir.path().display(),
                if out.status.success() {
                    "ok".to_owned()
                } else {
                    combined(&out)
                }
            );
        }
        let Target {
            project_id,
            group_id,
            ..
        } = self.target;
        let name = &self.name;
        // A role the dead apply created moments ago may not be listed yet
        // (the API is eventually consistent, and so is the fake here): one
        // empty list proves nothing, so keep sweeping until lists have come
        // back empty for a whole settle window.
        let started = Instant::now();
        let mut deleted = Vec::new();
        let swept = loop {
            let pass = self.target.with_client(async |client| {
                let roles = client.list_project_roles(project_id).await?;
                let mut deleted = Vec::new();
                for role in roles
                    .iter()
                    .filter(|r| &r.name == name && !r.predefined_role)
                {
                    let unassign =
                        client.unassign_role::<Group>(Some(project_id), group_id, &role.id);
                    ignore_not_found(unassign.await)?;
                    ignore_not_found(client.delete_project_role(project_id, &role.id).await)?;
                    deleted.push(role.id.clone());
                }
                Ok::<_, ApiError>(deleted)
            });
            match pass {
                Ok(found) if found.is_empty() && started.elapsed() >= SWEEP_SETTLE => break Ok(()),
                Ok(found) => deleted.extend(found),
                Err(e) => break Err(e),
            }
            std::thread::sleep(Duration::from_millis(250));
        };
        match swept {
            Ok(()) if deleted.is_empty() => {
                eprintln!("live_smoke cleanup: no role named {name} left in {project_id}")
            }
            Ok(()) => eprintln!("live_smoke cleanup: deleted leftover role(s) {deleted:?}"),
            Err(e) => eprintln!(
                "live_smoke cleanup: COULD NOT sweep roles named {name} in {project_id}: {e}; \
                 delete them by hand"
            ),
        }
    }
}

impl Drop for SmokeRun<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.clean_up();
        }
    }
}

fn ignore_not_found(result: Result<(), ApiError>) -> Result<(), ApiError> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

/// How far the fake's reads lag its writes, as the real API's may.
const FAKE_LAG: Duration = Duration::from_millis(300);

/// How long the cleanup sweep keeps finding nothing before it believes
/// it: longer than the fake's read-after-write delay, and than the real
/// API's usual lag after a create.
const SWEEP_SETTLE: Duration = Duration::from_secs(5);

/// Polls `gone` for a while: right after a delete, an eventually
/// consistent API may still answer for the object.
fn eventually(what: &str, mut gone: impl FnMut() -> bool) {
    for _ in 0..20 {
        if gone() {
            return;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    panic!("{what}: still there 20 s later");
}

/// Polls `gone` until it has held for a whole settle window: an object not
/// listed yet is not an object gone.
fn stays_gone(what: &str, mut gone: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut gone_since = None;
    while Instant::now() < deadline {
        if !gone() {
            gone_since = None;
        } else if gone_since.get_or_insert_with(Instant::now).elapsed() >= SWEEP_SETTLE {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("{what}: still there, or back again, 30 s later");
}

/// Whether the API still knows the role and its assignment, by their
/// documented retrieve operations.
fn still_there(target: &Target, role_id: &str) -> (bool, bool) {
    let Target {
        project_id,
        group_id,
        ..
    } = target;
    target.with_client(async |client| {
        let role = client.get_project_role(project_id, role_id).await;
        let assignment = client
            .get_assigned_role::<Group>(Some(project_id), group_id, role_id)
            .await;
        let exists = |r: Result<(), ApiError>| match r {
            Ok(()) => true,
            Err(e) if e.is_not_found() => false,
            Err(e) => panic!("retrieve failed: {e}"),
        };
        (exists(role.map(drop)), exists(assignment.map(drop)))
    })
}

/// Roles carrying `name`, and roles of the group carrying it.
fn named_leftovers(target: &Target, name: &str) -> (usize, usize) {
    let Target {
        project_id,
        group_id,
        ..
    } = target;
    target.with_client(async |client| {
        let roles = client.list_project_roles(project_id).await.expect("roles");
        let assigned = client
            .list_assigned_roles::<Group>(Some(project_id), group_id)
            .await
            .expect("group roles");
        (
            roles.iter().filter(|r| r.name == name).count(),
            assigned.iter().filter(|a| a.role.name == name).count(),
        )
    })
}

#[test]
fn custom_role_assigned_read_imported_and_destroyed() {
    let target = Target::from_env(FAKE_LAG);
    eprintln!("live_smoke: {}", target.describe());
    let mut run = SmokeRun::new(&target);

    // Create, and read back: the next plan is empty.
    let created = run.workdir(&run.config());
    let workdir = &run.workdirs[created];
    let out = workdir.ok(&target, &["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("2 added, 0 changed, 0 destroyed"), "{out}");
    let state = workdir.state(&target);
    let (role, assignment) = (&state[ROLE], &state[ASSIGNMENT]);
    let role_id = role["id"].as_str().expect("role id").to_owned();
    assert_eq!(role["name"], run.name.as_str());
    assert_eq!(role["project_id"], target.project_id.as_str());
    assert_eq!(role["permissions"], serde_json::json!([PERMISSION]));
    assert_eq!(role["resource_type"], "api.project");
    assert_eq!(role["predefined_role"], false);
    assert_eq!(assignment["role_id"], role_id.as_str());
    assert_eq!(assignment["group_id"], target.group_id.as_str());
    assert_eq!(assignment["role_name"], run.name.as_str());
    workdir.assert_plan_empty(&target);

    // Import both into a fresh state: the same attributes come back.
    let hcl = run.config() + &run.import_blocks(&role_id);
    let imported = run.workdir(&hcl);
    let workdir = &run.workdirs[imported];
    let out = workdir.ok(&target, &["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("2 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    let imported_state = workdir.state(&target);
    assert_eq!(imported_state[ROLE], state[ROLE], "imported role");
    assert_eq!(
        imported_state[ASSIGNMENT], state[ASSIGNMENT],
        "imported assignment"
    );
    workdir.assert_plan_empty(&target);

    // Destroy from the imported state; the API no longer has either.
    let out = workdir.ok(&target, &["destroy", "-auto-approve", "-no-color"]);
    assert!(out.contains("2 destroyed"), "{out}");
    eventually("the role and its assignment after destroy", || {
        still_there(&target, &role_id) == (false, false)
    });
    run.finish();
}

#[test]
fn a_failed_run_leaves_nothing_behind() {
    // Longer than the apply and the destroy take: the sweep meets the role
    // before it is listed (as a CI run once did with 300 ms) and must not
    // take one empty list for "nothing left".
    let target = Target::from_env(Duration::from_secs(2));
    eprintln!("live_smoke: {}", target.describe());
    let mut name = String::new();
    let failed = catch_unwind(AssertUnwindSafe(|| {
        let mut run = SmokeRun::new(&target);
        name = run.name.clone();
        let created = run.workdir(&run.config());
        let workdir = &run.workdirs[created];
        workdir.ok(&target, &["apply", "-auto-approve", "-no-color"]);
        // As if the apply had died before saving its state: only the sweep
        // by name can find what it made.
        std::fs::remove_file(workdir.path().join("terraform.tfstate")).expect("state file");
        eprintln!("live_smoke: failing on purpose after the apply; the guard must clean up");
        // Unwinds like a failed assertion, without a panic message.
        std::panic::resume_unwind(Box::new("deliberate failure"));
    }));
    assert!(failed.is_err(), "the run failed as planned");
    stays_gone("the failed run's role and assignment", || {
        named_leftovers(&target, &name) == (0, 0)
    });
}
