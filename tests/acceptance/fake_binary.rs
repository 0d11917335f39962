//! The `openai-admin-fake` binary as scripts use it: flags, exit codes, and
//! serving an organization loaded with `--fixture FILE`. (No terraform
//! here; a module of this crate rather than a test crate of its own, which
//! would cost one more link.)

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_openai-admin-fake");
const KEY: &str = "sk-admin-fake-local";

const FIXTURE: &str = r#"{
  "version": 1,
  "organization_id": "org_rehearsal",
  "users": [{"id": "user_kim", "name": "Kim", "email": "kim@example.com", "role": "owner"}],
  "groups": [{"id": "group_data", "name": "Data", "members": ["user_kim"]}],
  "projects": [{"id": "proj_lake", "name": "Lake", "groups": [{"group_id": "group_data"}]}],
  "roles": [{"id": "role_analyst", "name": "Analyst", "project_id": "proj_lake",
             "description": "Reads files", "permissions": ["api.files.read"]}],
  "group_assignments": [{"project_id": "proj_lake", "principal_id": "group_data",
                         "role_id": "role_analyst"}]
}"#;

/// A fake started by a test, killed when dropped.
struct Running {
    child: Child,
    base_url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with a clean environment: no `OPENAI_FAKE_*` from the caller.
fn command() -> Command {
    let mut cmd = Command::new(BINARY);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("OPENAI_FAKE_") {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// How long the binary may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Starts the binary and waits for the line that gives its address.
fn start(mut cmd: Command) -> Running {
    let mut child = cmd
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start openai-admin-fake");
    match wait_for_address(&mut child, START_TIMEOUT) {
        Ok(base_url) => Running { child, base_url },
        Err(e) => panic!("{e}"),
    }
}

/// The address `child` prints first, waiting at most `timeout`; on any
/// other outcome the child is killed. A blocking read has no timeout, so
/// the line is read in a thread and awaited on a channel.
fn wait_for_address(child: &mut Child, timeout: Duration) -> Result<String, String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line).map(|_| line);
        let _ = tx.send(read);
    });
    let outcome = match rx.recv_timeout(timeout) {
        Ok(Ok(line)) => line
            .trim()
            .strip_prefix("openai-admin-fake listening on ")
            .map(str::to_string)
            .ok_or_else(|| format!("unexpected first line {line:?}")),
        Ok(Err(e)) => Err(format!("cannot read its output: {e}")),
        Err(_) => Err(format!("no address printed within {timeout:?}")),
    };
    if outcome.is_err() {
        let _ = child.kill();
        let _ = child.wait();
    }
    outcome
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    (
        status.code().expect("exited"),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn write_fixture(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("org.json");
    std::fs::write(&path, text).unwrap();
    path
}

fn get(url: &str) -> (u16, serde_json::Value) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let resp = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(url)
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap())
    })
}

#[test]
fn serves_the_fixture_given_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path(), FIXTURE);
    let mut cmd = command();
    cmd.arg("--fixture").arg(&path);
    let fake = start(cmd);

    let (status, role) = get(&format!(
        "{}/projects/proj_lake/roles/role_analyst",
        fake.base_url
    ));
    assert_eq!(status, 200, "{role}");
    assert_eq!(role["name"], "Analyst");
    assert_eq!(role["description"], "Reads files");
    assert_eq!(role["permissions"], serde_json::json!(["api.files.read"]));

    let (status, roles) = get(&format!(
        "{}/projects/proj_lake/groups/group_data/roles",
        fake.base_url
    ));
    assert_eq!(status, 200, "{roles}");
    assert_eq!(roles["data"][0]["id"], "role_analyst");
    let (status, _) = get(&format!("{}/projects/proj_alpha", fake.base_url));
    assert_eq!(status, 404, "not the built-in organization");
}

#[test]
fn the_environment_variable_names_the_fixture_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path(), FIXTURE);
    let mut cmd = command();
    cmd.env("OPENAI_FAKE_FIXTURE", &path);
    let fake = start(cmd);
    let control = fake.base_url.trim_end_matches("/v1");
    let (status, state) = get(&format!("{control}/__fake/state"));
    assert_eq!(status, 200);
    assert_eq!(state["organization"], "org_rehearsal");
    assert_eq!(state["groups"][0]["id"], "group_data");
}

#[test]
fn a_bad_fixture_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = FIXTURE.replace(r#""members": ["user_kim"]"#, r#""members": ["user_x"]"#);
    let path = write_fixture(dir.path(), &broken);
    let (code, stdout, stderr) = run(command().arg("--fixture").arg(&path));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        stderr.trim(),
        format!(
            r#"openai-admin-fake: fixture {}: groups[0].members[0]: no user "user_x""#,
            path.display()
        )
    );

    let typo = FIXTURE.replace(r#""description""#, r#""descripton""#);
    let path = write_fixture(dir.path(), &typo);
    let (code, _, stderr) = run(command().arg("--fixture").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown field `descripton`"), "{stderr}");

    let missing = dir.path().join("nope.json");
    let (code, _, stderr) = run(command().env("OPENAI_FAKE_FIXTURE", &missing));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("cannot read fixture {}", missing.display())),
        "{stderr}"
    );
}

#[test]
fn help_documents_the_fixture_flag_and_format() {
    let (code, stdout, _) = run(command().arg("--help"));
    assert_eq!(code, 0);
    for expected in [
        "--fixture FILE",
        "OPENAI_FAKE_FIXTURE",
        "openai-admin snapshot",
        "\"group_assignments\"?:",
        "\"roles\"?:",
        "exit 2",
    ] {
        assert!(stdout.contains(expected), "--help lacks {expected:?}");
    }
}

#[test]
fn a_fake_that_prints_no_address_is_killed_after_the_timeout() {
    let mut silent = Command::new("sh")
        .args(["-c", "exec sleep 60"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start sh");
    let started = std::time::Instant::now();
    let err = wait_for_address(&mut silent, Duration::from_millis(300)).unwrap_err();
    assert_eq!(err, "no address printed within 300ms");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        silent.try_wait().expect("status").is_some(),
        "the silent child was killed"
    );
}
