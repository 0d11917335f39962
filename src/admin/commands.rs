//! The two commands end to end: check the output target, read the
//! organization, build, write; and the report printed afterwards.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use super::access::{self, Access};
use super::cli::{AccessArgs, EXIT_OUTPUT, EXIT_RUNTIME, EXIT_USAGE, ExportArgs, SnapshotArgs};
use super::export::{self, Export};
use super::inventory::{self, Progress, ReadError, ReadPlan};
use super::output;
use super::snapshot;
use crate::api::{AdminClient, ClientStats};

/// `1 group`, `2 groups`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Why a command failed, and so its exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Arguments or environment (exit 2).
    Usage(String),
    /// An API request or another runtime step (exit 1).
    Runtime(String),
    /// The output target (exit 3).
    Output(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Runtime(_) => EXIT_RUNTIME,
            Failure::Output(_) => EXIT_OUTPUT,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Usage(m) | Failure::Runtime(m) | Failure::Output(m) => m,
        }
    }
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Selection(_) => Failure::Usage(error.to_string()),
            ReadError::Api { .. } => Failure::Runtime(error.to_string()),
        }
    }
}

/// What a command did, for the closing report.
#[derive(Clone, Debug)]
pub struct Traffic {
    pub elapsed: Duration,
    pub stats: ClientStats,
}

impl Traffic {
    fn since(started: Instant, client: &AdminClient, before: &ClientStats) -> Traffic {
        Traffic {
            elapsed: started.elapsed(),
            stats: client.stats().since(before),
        }
    }

    fn describe(&self) -> String {
        let mut text = format!(
            "{} API requests in {:.1} s",
            self.stats.requests_sent,
            self.elapsed.as_secs_f64()
        );
        if self.stats.retries > 0 || self.stats.rate_limited > 0 {
            let _ = write!(
                text,
                " ({} retries, {} rate limited)",
                self.stats.retries, self.stats.rate_limited
            );
        }
        text
    }
}

pub struct ExportReport {
    pub export: Export,
    pub traffic: Traffic,
}

/// Reads the organization and writes the configuration to `args.out`.
pub async fn export(
    client: &AdminClient,
    args: &ExportArgs,
    progress: Progress<'_>,
) -> Result<ExportReport, Failure> {
    // Staged before reading: a place that cannot be written fails at once,
    // and an error while reading leaves nothing behind.
    let output = output::prepare_dir(&args.out, &export::file_names(), args.force)
        .map_err(Failure::Output)?;
    let started = Instant::now();
    let before = client.stats();
    let inventory = inventory::read(client, &args.options.read_plan(), progress).await?;
    let mut options = args.options.clone();
    if let Some(since) = args.changed_since {
        options.changed = Some(
            crate::admin::changed_since::read(client, since)
                .await
                .map_err(|e| Failure::Runtime(format!("reading the audit log: {e}")))?,
        );
    }
    let export = export::build(&inventory, &options);
    output.commit(&export.files).map_err(Failure::Output)?;
    Ok(ExportReport {
        export,
        traffic: Traffic::since(started, client, &before),
    })
}

impl ExportReport {
    /// The summary for stdout: what was written where, and what next.
    pub fn summary(&self, out: &Path) -> String {
        let export = &self.export;
        let mut text = format!(
            "Wrote {} ({}): {} resources to import",
            out.display(),
            export.files.keys().cloned().collect::<Vec<_>>().join(", "),
            export.import_count()
        );
        if export.data_sources > 0 {
            let _ = write!(
                text,
                ", plus data sources for {}",
                plural(export.data_sources, "SCIM-managed group")
            );
        }
        let _ = writeln!(text, "; {}.", self.traffic.describe());
        for (ty, count) in &export.imports {
            let _ = writeln!(text, "  {ty}: {count}");
        }
        let _ = writeln!(
            text,
            "Next: cd {} && terraform init && terraform plan (expect {} to import, 0 to add, \
             0 to change, 0 to destroy)",
            out.display(),
            export.import_count()
        );
        text
    }

    /// What was left out, for stderr; empty when nothing was.
    pub fn left_out(&self) -> String {
        let mut text = String::new();
        if !self.export.skipped.is_empty() {
            let _ = writeln!(
                text,
                "Not exported, written commented out with the reason ({}):",
                self.export.skipped.len()
            );
            for line in &self.export.skipped {
                let _ = writeln!(text, "  - {line}");
            }
        }
        if !self.export.notes.is_empty() {
            let _ = writeln!(text, "Left out ({}):", self.export.notes.len());
            for line in &self.export.notes {
                let _ = writeln!(text, "  - {line}");
            }
        }
        text
    }
}

pub struct SnapshotReport {
    pub snapshot: snapshot::Snapshot,
    pub traffic: Traffic,
}

/// Reads the whole organization and writes it as a fixture to `args.out`.
pub async fn snapshot(
    client: &AdminClient,
    organization_id: Option<String>,
    args: &SnapshotArgs,
    progress: Progress<'_>,
) -> Result<SnapshotReport, Failure> {
    let output = output::prepare_file(&args.out, args.force).map_err(Failure::Output)?;
    let started = Instant::now();
    let before = client.stats();
    let inventory = inventory::read(client, &ReadPlan::everything(), progress).await?;
    let snapshot = snapshot::snapshot(&inventory, organization_id);
    // Repairs make every entry loadable; a refusal here is a bug to report.
    snapshot.fixture.validate().map_err(|problem| {
        Failure::Runtime(format!(
            "the snapshot is not a fixture the fake loads ({problem}); nothing written. This \
             is a bug in openai-admin: please report it with this message"
        ))
    })?;
    output
        .commit(&snapshot.fixture.to_json_pretty())
        .map_err(Failure::Output)?;
    Ok(SnapshotReport {
        snapshot,
        traffic: Traffic::since(started, client, &before),
    })
}

impl SnapshotReport {
    pub fn summary(&self, out: &Path) -> String {
        let f = &self.snapshot.fixture;
        format!(
            "Wrote {}: {} users, {} groups, {} projects, {} roles, {} group and {} user role \
             assignments; {}.\nRehearse with: openai-admin-fake --fixture {}\n",
            out.display(),
            f.users.len(),
            f.groups.len(),
            f.projects.len(),
            f.roles.len(),
            f.group_assignments.len(),
            f.user_assignments.len(),
            self.traffic.describe(),
            out.display()
        )
    }

    pub fn left_out(&self) -> String {
        let mut text = String::new();
        let sections = [
            (
                "Left out, assignments only inherited from a group",
                &self.snapshot.left_out,
            ),
            (
                "Changed or left out so that the fake loads the file",
                &self.snapshot.repairs,
            ),
        ];
        for (heading, lines) in sections {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(text, "{heading} ({}):", lines.len());
            for line in lines {
                let _ = writeln!(text, "  - {line}");
            }
        }
        text
    }
}

pub struct AccessReport {
    pub access: Access,
    pub traffic: Traffic,
}

/// Reads what effective access needs and writes the report to `args.out`.
pub async fn access(
    client: &AdminClient,
    args: &AccessArgs,
    progress: Progress<'_>,
) -> Result<AccessReport, Failure> {
    let output = output::prepare_file(&args.out, args.force).map_err(Failure::Output)?;
    let started = Instant::now();
    let before = client.stats();
    let plan = access::read_plan(args.project_ids.clone());
    let inventory = inventory::read(client, &plan, progress).await?;
    let access = Access::of(&inventory);
    output
        .commit(&access::render::render(&access, args.format))
        .map_err(Failure::Output)?;
    Ok(AccessReport {
        access,
        traffic: Traffic::since(started, client, &before),
    })
}

impl AccessReport {
    pub fn summary(&self, out: &Path) -> String {
        let summary = self.access.summary();
        let mut text = format!(
            "Wrote {}: {} of {} in {}; {}.\n",
            out.display(),
            plural(summary.grants, "grant"),
            plural(summary.users, "user"),
            plural(summary.projects, "active project"),
            self.traffic.describe()
        );
        if !self.access.unread_groups.is_empty() {
            let _ = writeln!(
                text,
                "Members not read, their grants not listed: {}",
                self.access.unread_groups.join(", ")
            );
        }
        text
    }
}
