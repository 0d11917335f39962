//! Command line of `openai-admin`: subcommands, flags, help texts and exit
//! codes.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::access::render::Format;
use super::export::ExportOptions;
use super::types::TypeFilter;

/// Exit codes, documented in every help text.
pub const EXIT_OK: u8 = 0;
/// An API request failed (after retries), or another runtime failure.
pub const EXIT_RUNTIME: u8 = 1;
/// Bad arguments or environment.
pub const EXIT_USAGE: u8 = 2;
/// The output cannot be written where asked.
pub const EXIT_OUTPUT: u8 = 3;

pub const MAIN_HELP: &str = "\
openai-admin: reads an OpenAI organization's access control through the Admin API
(only GET requests) and writes it out.

Usage:
  openai-admin export --out DIR [OPTIONS]     Terraform configuration that adopts the
                                              organization with an empty plan
  openai-admin snapshot --out FILE [OPTIONS]  the organization as a fixture for
                                              openai-admin-fake --fixture FILE
  openai-admin access --out FILE [OPTIONS]    who holds which permissions where, and
                                              through what (markdown, csv, json, html)
  openai-admin help [export|snapshot|access]
  openai-admin --version

Run 'openai-admin <command> --help' for its options.

Environment (the same as the Terraform provider's):
  OPENAI_ADMIN_KEY                 Admin API key, sk-admin-... (required; openai-admin
                                   does not print it, though an API error it relays may
                                   quote the API's masked form, sk-admin-...abcd)
  OPENAI_ADMIN_BASE_URL            default https://api.openai.com/v1 (OPENAI_BASE_URL,
                                   the SDKs' variable for model requests, is ignored
                                   with a warning: the admin key stays off gateways)
  OPENAI_ORG_ID                    sent as OpenAI-Organization
  OPENAI_MAX_RETRIES               retries after a 429, 5xx or network error (default 8)
  OPENAI_REQUEST_TIMEOUT           limit for one request (default 60s)
  OPENAI_MAX_REQUESTS_PER_MINUTE   client-side pacing (default: none)

Exit codes:
  0  done
  1  an API request failed (the message names it) or another runtime error; nothing written
  2  usage or configuration error; nothing written
  3  the output cannot be written where asked (e.g. a directory that is not empty)
";

pub const EXPORT_HELP: &str = "\
Usage: openai-admin export --out DIR [OPTIONS]

Writes a Terraform configuration for everything the provider can manage, each resource
with an import block next to it, so that `terraform plan` on it shows only imports
(0 to add, 0 to change, 0 to destroy) and the plan after `terraform apply` is empty:
projects, custom project and organization roles, groups and their members
(openai_group_user), project access of groups (openai_project_group, with a join role)
and users (openai_project_user), group and user role assignments in projects and in
the organization, pending invites (openai_invite, with email and role; the projects
an invite grants are kept by the import), projects' service accounts
(openai_project_service_account, without any key), and the policies in policies.tf:
spend alerts of the organization and of projects, certificates (with the PEM the API
returns, name, never where they are active: the import reads that), and the settings
the organization and projects have (data retention, model and hosted tool
permissions, spend limits: one never set is not written; rate limits only with
--with openai_project_rate_limit). Resource names come from the objects' names; references replace
IDs where both ends are written (role_id = openai_project_role.analyst.id);
predefined roles are written by their short IDs (role-api-project-member).

Files: providers.tf (terraform block with the provider's source; the provider block
reads the environment), projects.tf, roles.tf, groups.tf, assignments.tf, people.tf
(invites), policies.tf. The same
organization always gives the same files. They are written to a staging directory
next to DIR, made before anything is read, and renamed into place at the end: an
error leaves nothing behind. Then: cd DIR && terraform init && terraform plan.

Names follow the organization as it is now: a rename in the dashboard, or a new
object whose name collides with another's, changes the names of existing resources
in the next export (analyst may become alpha_analyst). An export is where adoption
starts, never something to write over an adopted configuration (Terraform would plan
to destroy the old addresses): export to a new directory and compare (diff -r), then
carry what is new over by hand, with moved blocks for renamed addresses.

Not written as resources (each reported on stderr):
  - archived projects and everything in them: they cannot be changed;
  - SCIM-managed groups: written as data \"openai_group\" (their identity provider owns
    them and their members; the members are not read), so that references work;
  - a project group that holds no role in its project: openai_project_group needs its
    join role, so it is written commented out, with the reason;
  - anything whose values the provider would refuse: commented out, with the reason;
  - a user's assignment only inherited from a group: left out when a group the
    assignment names as its source holds that role there and has the user as a
    member; kept otherwise (the API does not say whether it is also held directly);
  - an invite that is accepted or expired: written as a comment (nothing to adopt);
  - organization members (openai_organization_user): the export names people by
    their user_id and adopts their access, never the people themselves.
The API does not say which role a group joined a project with: the export adopts the
project group with one of the roles the group holds there (a predefined one first),
pinned by its import ID <project_id>/<group_id>/<role_id>, and writes the group's other
roles there as openai_group_role_assignment.

Options:
  --out DIR              directory to write: new, or empty               (required)
  --force                replace a previous export in DIR: only when DIR holds nothing
                         but the files export writes (the seven above); refused when it
                         holds Terraform state (*.tfstate*), .terraform/,
                         .terraform.lock.hcl or any other file
  --project ID           only this active project (repeatable); organization roles,
                         groups, members and organization assignments are still
                         written unless excluded
  --include TYPE[,TYPE]  only these resource types (repeatable)
  --with TYPE[,TYPE]     these resource types too, e.g. a type off by default
                         (repeatable): --with openai_project_rate_limit
  --exclude TYPE[,TYPE]  not these resource types (repeatable)
  --changed-since WHEN   only objects the audit log says changed since WHEN: an RFC 3339
                         time (2026-12-01T00:00:00Z) or a duration back from now (90s,
                         30m, 24h, 7d); each is written with a comment naming the newest
                         change, who made it and when. An object counts as changed when an
                         event names it or an object in its import ID (a project's rename
                         brings its project users along). Reads every page of the audit
                         log since WHEN, once; needs a key that may read it
  -q, --quiet            no progress lines on stderr
  -h, --help             this help

Resource types: openai_project, openai_project_role, openai_organization_role,
openai_group, openai_group_user, openai_project_group, openai_project_user,
openai_group_role_assignment, openai_user_role_assignment, openai_invite,
openai_project_service_account, openai_organization_spend_alert,
openai_project_spend_alert, openai_certificate, openai_organization_data_retention,
openai_project_data_retention, openai_project_model_permissions,
openai_project_hosted_tool_permissions, openai_organization_spend_limit,
openai_project_spend_limit, and, off by default (only with --include or --with),
openai_project_rate_limit: a project has one per model (about a hundred on the real
API), nearly all at OpenAI's defaults, which no one chose to manage.

Requests (GET only, paced by OPENAI_MAX_REQUESTS_PER_MINUTE): the pages of users,
groups, organization roles and projects; per group that is not SCIM-managed its
members; per group its organization roles; per user its organization roles; per
project its roles, groups and users; per project group and project user their roles
there; and the members of any SCIM-managed group a user's assignment names as its
source; the pages of invites, and per project its service accounts; the pages of
the organization's spend alerts and certificates, then one per certificate (its PEM);
per project its spend alerts; one for each organization setting and, per project, one
for each project setting (the pages of its rate limits, with --with). Excluding a type skips the lists only it needs (e.g. --exclude
openai_user_role_assignment saves one request per user and per project user).
Progress on stderr: counts per kind of list, a line per kind at most every second
(\"organization roles of users: 1200/3000 read, 4521 found\"), and a line while the
API answers 429 and requests wait for its cooldown.

Environment: as for the provider; see 'openai-admin --help'.

Exit codes:
  0  written
  1  an API request failed (the message names it); nothing written
  2  usage or configuration error (unknown type, unknown or archived --project); nothing
     written
  3  DIR cannot be used: not empty (without --force), holding Terraform's files or files
     export does not write (even with --force), not a directory, or not writable;
     nothing written
";

pub const SNAPSHOT_HELP: &str = "\
Usage: openai-admin snapshot --out FILE [OPTIONS]

Writes the organization as a JSON fixture that the bundled fake loads, keeping every
ID, so that terraform plan and apply can be rehearsed against a copy, with no key and
no risk:

  openai-admin-fake --fixture FILE --port 8080
  OPENAI_ADMIN_BASE_URL=http://127.0.0.1:8080/v1 OPENAI_ADMIN_KEY=sk-admin-fake-local \\
    terraform plan

Everything is copied: users, groups (SCIM-managed ones too) and their members,
projects (archived ones too) with their groups and users, every role (predefined
ones with the IDs the API lists, and each role's times as the assignment lists give
them), every role assignment, join roles included, invites and projects' service
accounts (never an API key: keys are not copied), spend alerts, certificates (with
their PEM and where each is active), and every setting of the organization and its
projects (data retention, model and hosted tool permissions, spend limits, rate
limits), so that the copy answers the same values. A user's assignment only
inherited from a group is left out (the fake has no inheritance). What the fake would
not load as the API returned it is repaired entry by entry: a missing name becomes
the ID, a missing or shared email <id>@invalid.example, an unknown user role reader;
predefined project roles listed under IDs not unique to their project are left to
the fake's own. Each change is listed on stderr.

The file holds no API key, but it holds personal data: every user's name and email
address. Keep it where you would keep an export of your user list.

The file is written to a staging file next to FILE, made before anything is read,
and renamed into place at the end.

Options:
  --out FILE     file to write; must not exist                         (required)
  --force        overwrite FILE
  -q, --quiet    no progress lines on stderr
  -h, --help     this help

Environment: as for the provider; see 'openai-admin --help'. OPENAI_ORG_ID, when set,
becomes the organization ID the fake reports.

Exit codes:
  0  written
  1  an API request failed (the message names it); nothing written
  2  usage or configuration error; nothing written
  3  FILE exists (without --force), is a directory, or cannot be written
";

pub const ACCESS_HELP: &str = "\
Usage: openai-admin access --out FILE [--format markdown|csv|json|html] [OPTIONS]

Writes the organization's effective access as a report: per scope (the organization,
then each active project by name) every user who holds a role, the role's permissions,
and where it comes from: a direct assignment, a group's assignment (the user is a
member), a project group's join role, the project user role (owner or member of the
project) or the organization user role (an organization owner holds every permission
in the organization and every project). It opens with the owners and the broadest
grants (the roles giving the most permissions, with how many people hold them).

Formats:
  markdown   (default) a table per scope
  csv        one row per grant: scope, project_id, project_name, user_id, user_name,
             email, role_id, role_name, source, group_id, group_name, through,
             permissions (space-separated)
  json       {summary, scopes: [{scope, project_id, name, grants: [...]}], unread_groups}
  html       one self-contained page (inline CSS and script, nothing loaded from the
             network): summary first, tables sortable by a click on a heading, and a
             filter box (every word must appear in a row)

A user's assignment only inherited from a group is listed once, as the group's (the
rule of openai-admin export). Archived projects grant nothing and are left out.

Requests (GET only): the pages of users, groups, organization roles and projects; per
group its members and organization roles; per user its organization roles; per active
project its roles, groups and users; per project group and project user their roles
there.

Options:
  --out FILE         file to write; must not exist                     (required)
  --format FORMAT    markdown, csv, json or html                (default markdown)
  --project ID       only this active project (repeatable); organization-wide
                     grants are still listed
  --force            overwrite FILE
  -q, --quiet        no progress lines on stderr
  -h, --help         this help

Environment: as for the provider; see 'openai-admin --help'.

Exit codes:
  0  written
  1  an API request failed (the message names it); nothing written
  2  usage or configuration error (unknown format, unknown or archived --project);
     nothing written
  3  FILE exists (without --force), is a directory, or cannot be written
";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print a help text.
    Help(&'static str),
    Version,
    Export(ExportArgs),
    Snapshot(SnapshotArgs),
    Access(AccessArgs),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessArgs {
    pub out: PathBuf,
    pub format: Format,
    pub project_ids: Option<BTreeSet<String>>,
    pub force: bool,
    pub quiet: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportArgs {
    pub out: PathBuf,
    pub force: bool,
    pub quiet: bool,
    /// `--changed-since`, in Unix seconds: export only what the audit log
    /// says changed since then.
    pub changed_since: Option<i64>,
    pub options: ExportOptions,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotArgs {
    pub out: PathBuf,
    pub force: bool,
    pub quiet: bool,
}

/// A usage error, with the help to point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    /// `openai-admin export --help` or the like.
    pub help: &'static str,
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, UsageError> {
    let main = |message: String| UsageError {
        message,
        help: "openai-admin --help",
    };
    let Some((first, rest)) = args.split_first() else {
        return Err(main("missing command: export, snapshot or access".into()));
    };
    match first.as_str() {
        "-h" | "--help" => Ok(Command::Help(MAIN_HELP)),
        "-V" | "--version" => Ok(Command::Version),
        "help" => match rest.first().map(String::as_str) {
            None => Ok(Command::Help(MAIN_HELP)),
            Some("export") => Ok(Command::Help(EXPORT_HELP)),
            Some("snapshot") => Ok(Command::Help(SNAPSHOT_HELP)),
            Some("access") => Ok(Command::Help(ACCESS_HELP)),
            Some(other) => Err(main(format!(
                "no help for {other:?}: try export, snapshot or access"
            ))),
        },
        "export" => parse_export(rest).map_err(|message| UsageError {
            message,
            help: "openai-admin export --help",
        }),
        "snapshot" => parse_snapshot(rest).map_err(|message| UsageError {
            message,
            help: "openai-admin snapshot --help",
        }),
        "access" => parse_access(rest).map_err(|message| UsageError {
            message,
            help: "openai-admin access --help",
        }),
        other => Err(main(format!(
            "unknown command {other:?}: expected export, snapshot or access"
        ))),
    }
}

/// Flags as (name, value) pairs: `--flag value`, `--flag=value`, or a
/// switch (value `None`).
struct Flags<'a> {
    args: std::slice::Iter<'a, String>,
}

impl<'a> Flags<'a> {
    fn new(args: &'a [String]) -> Self {
        Flags { args: args.iter() }
    }

    /// The next flag and, for flags in `with_value`, its value.
    fn next(&mut self, with_value: &[&str]) -> Option<Result<(String, Option<String>), String>> {
        let arg = self.args.next()?;
        if !arg.starts_with('-') {
            return Some(Err(format!("unexpected argument {arg:?}")));
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        if !with_value.contains(&name.as_str()) {
            return Some(match inline {
                Some(_) => Err(format!("{name} takes no value")),
                None => Ok((name, None)),
            });
        }
        let value = match inline {
            Some(value) => Some(value),
            // `--out --force` is a forgotten value, not a directory named
            // `--force`; `--out=-x` still names one.
            None => match self.args.as_slice().first() {
                Some(next) if next.starts_with('-') => {
                    return Some(Err(format!(
                        "{name} needs a value, not the option {next}; write {name}=VALUE for \
                         a value that starts with '-'"
                    )));
                }
                _ => self.args.next().cloned(),
            },
        };
        Some(match value {
            Some(value) if !value.is_empty() => Ok((name, Some(value))),
            _ => Err(format!("{name} needs a value")),
        })
    }
}

fn parse_export(args: &[String]) -> Result<Command, String> {
    let mut out = None;
    let mut force = false;
    let mut quiet = false;
    let mut projects = BTreeSet::new();
    let mut include = Vec::new();
    let mut with = Vec::new();
    let mut exclude = Vec::new();
    let mut changed_since = None;
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next(&[
        "--out",
        "--project",
        "--include",
        "--with",
        "--exclude",
        "--changed-since",
    ]) {
        let (name, value) = flag?;
        let value = value.unwrap_or_default();
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help(EXPORT_HELP)),
            "--out" => out = Some(PathBuf::from(value)),
            "--force" => force = true,
            "-q" | "--quiet" => quiet = true,
            "--project" => {
                projects.insert(value);
            }
            "--include" => include.push(value),
            "--with" => with.push(value),
            "--exclude" => exclude.push(value),
            "--changed-since" => {
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                changed_since = Some(crate::admin::changed_since::parse(&value, now)?);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    let out = out.ok_or("--out DIR is required: the directory to write the configuration to")?;
    let types = TypeFilter::new(&include, &with, &exclude)?;
    Ok(Command::Export(ExportArgs {
        out,
        force,
        quiet,
        changed_since,
        options: ExportOptions {
            types,
            project_ids: (!projects.is_empty()).then_some(projects),
            changed: None,
        },
    }))
}

fn parse_snapshot(args: &[String]) -> Result<Command, String> {
    let mut out = None;
    let mut force = false;
    let mut quiet = false;
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next(&["--out"]) {
        let (name, value) = flag?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help(SNAPSHOT_HELP)),
            "--out" => out = value.map(PathBuf::from),
            "--force" => force = true,
            "-q" | "--quiet" => quiet = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let out = out.ok_or("--out FILE is required: the fixture file to write")?;
    Ok(Command::Snapshot(SnapshotArgs { out, force, quiet }))
}

fn parse_access(args: &[String]) -> Result<Command, String> {
    let mut out = None;
    let mut format = Format::Markdown;
    let mut projects = BTreeSet::new();
    let mut force = false;
    let mut quiet = false;
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next(&["--out", "--format", "--project"]) {
        let (name, value) = flag?;
        let value = value.unwrap_or_default();
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help(ACCESS_HELP)),
            "--out" => out = Some(PathBuf::from(value)),
            "--format" => {
                format = Format::parse(&value).ok_or_else(|| {
                    format!("unknown format {value:?}: expected {}", Format::NAMES)
                })?
            }
            "--project" => {
                projects.insert(value);
            }
            "--force" => force = true,
            "-q" | "--quiet" => quiet = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let out = out.ok_or("--out FILE is required: the report file to write")?;
    Ok(Command::Access(AccessArgs {
        out,
        format,
        project_ids: (!projects.is_empty()).then_some(projects),
        force,
        quiet,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::types::ResourceType;

    fn args(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn export_with_adds_a_type_off_by_default() {
        let rate_limit = ResourceType::Setting("openai_project_rate_limit");
        let types = |extra: &[&str]| {
            let mut all = vec!["export", "--out", "d"];
            all.extend_from_slice(extra);
            match parse(&args(&all)).unwrap() {
                Command::Export(export) => export.options.types,
                _ => panic!("not an export"),
            }
        };
        assert!(!types(&[]).includes(rate_limit));
        let with = types(&["--with", "openai_project_rate_limit"]);
        assert!(with.includes(rate_limit) && with.includes(ResourceType::Project));
        let wrong = parse(&args(&["export", "--out", "d", "--with", "openai_nope"]));
        assert!(wrong.unwrap_err().message.contains("valid types"));
    }

    #[test]
    fn export_flags() {
        let Command::Export(export) = parse(&args(&[
            "export",
            "--out=dir",
            "--project",
            "proj_a",
            "--project",
            "proj_b",
            "--exclude",
            "openai_group_user,openai_project_user",
            "--force",
            "-q",
        ]))
        .unwrap() else {
            panic!("not an export");
        };
        assert_eq!(export.out, PathBuf::from("dir"));
        assert!(export.force && export.quiet);
        assert_eq!(
            export.options.project_ids,
            Some(["proj_a".to_string(), "proj_b".to_string()].into())
        );
        assert!(!export.options.types.includes(ResourceType::GroupUser));
        assert!(export.options.types.includes(ResourceType::Group));
    }

    #[test]
    fn usage_errors_name_the_problem_and_the_help() {
        let error = |items: &[&str]| parse(&args(items)).unwrap_err();
        assert!(error(&["export"]).message.contains("--out DIR is required"));
        assert_eq!(error(&["export"]).help, "openai-admin export --help");
        assert!(
            error(&["export", "--out"])
                .message
                .contains("--out needs a value")
        );
        assert!(
            error(&["export", "--out", "d", "--bogus"])
                .message
                .contains("unknown option --bogus")
        );
        assert!(
            error(&["export", "--out", "d", "--include", "openai_nope"])
                .message
                .contains("valid types")
        );
        assert!(
            error(&["snapshot", "--out", "f", "--project", "p"])
                .message
                .contains("unknown option")
        );
        assert!(
            error(&["snapshot", "--force=yes"])
                .message
                .contains("takes no value")
        );
        assert!(error(&["frobnicate"]).message.contains("unknown command"));
        assert!(error(&[]).message.contains("missing command"));
    }

    #[test]
    fn an_option_is_never_taken_for_a_missing_value() {
        let error = parse(&args(&["export", "--out", "--force"])).unwrap_err();
        assert!(
            error
                .message
                .contains("--out needs a value, not the option --force"),
            "{}",
            error.message
        );
        assert!(error.message.contains("--out=VALUE"), "{}", error.message);
        let error = parse(&args(&["snapshot", "--out", "-q"])).unwrap_err();
        assert!(
            error.message.contains("not the option -q"),
            "{}",
            error.message
        );
        // A value that starts with '-' can still be given inline.
        let Command::Export(export) =
            parse(&args(&["export", "--out=-dir", "--project=-p"])).unwrap()
        else {
            panic!("not an export");
        };
        assert_eq!(export.out, PathBuf::from("-dir"));
        assert_eq!(export.options.project_ids, Some(["-p".to_string()].into()));
    }

    #[test]
    fn help_everywhere() {
        for (items, help) in [
            (&["--help"][..], MAIN_HELP),
            (&["help"], MAIN_HELP),
            (&["help", "export"], EXPORT_HELP),
            (&["export", "--out", "d", "-h"], EXPORT_HELP),
            (&["snapshot", "--help"], SNAPSHOT_HELP),
        ] {
            assert_eq!(parse(&args(items)), Ok(Command::Help(help)), "{items:?}");
        }
    }

    #[test]
    fn the_export_help_lists_every_type_and_every_exit_code() {
        for name in ResourceType::names() {
            assert!(
                EXPORT_HELP.contains(name),
                "{name} missing from the export help"
            );
        }
        for help in [MAIN_HELP, EXPORT_HELP, SNAPSHOT_HELP, ACCESS_HELP] {
            for code in [EXIT_OK, EXIT_RUNTIME, EXIT_USAGE] {
                assert!(help.contains(&format!("\n  {code}  ")), "exit code {code}");
            }
        }
        assert!(EXPORT_HELP.contains(&format!("\n  {EXIT_OUTPUT}  ")));
        assert!(SNAPSHOT_HELP.contains(&format!("\n  {EXIT_OUTPUT}  ")));
        assert!(ACCESS_HELP.contains(&format!("\n  {EXIT_OUTPUT}  ")));
    }

    #[test]
    fn access_flags() {
        let Command::Access(access) = parse(&args(&[
            "access",
            "--out",
            "r.html",
            "--format=html",
            "--project",
            "proj_a",
            "-q",
        ]))
        .unwrap() else {
            panic!("not an access report");
        };
        assert_eq!(access.format, Format::Html);
        assert_eq!(access.out, PathBuf::from("r.html"));
        assert_eq!(access.project_ids, Some(["proj_a".to_string()].into()));
        assert!(access.quiet && !access.force);
        let Command::Access(plain) = parse(&args(&["access", "--out", "r.md"])).unwrap() else {
            panic!("not an access report");
        };
        assert_eq!(plain.format, Format::Markdown);
        let error = parse(&args(&["access", "--out", "r", "--format", "pdf"])).unwrap_err();
        assert!(
            error.message.contains("unknown format \"pdf\""),
            "{}",
            error.message
        );
        assert_eq!(error.help, "openai-admin access --help");
        assert!(
            parse(&args(&["access"]))
                .unwrap_err()
                .message
                .contains("--out FILE")
        );
        assert_eq!(
            parse(&args(&["help", "access"])),
            Ok(Command::Help(ACCESS_HELP))
        );
    }
}
