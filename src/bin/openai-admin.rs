//! openai-admin: exports an OpenAI organization's access control as
//! Terraform configuration, or snapshots it as a fixture for the bundled
//! fake, or reports who holds which permissions (see `tfopenai::admin`
//! and `openai-admin --help`).

use std::process::ExitCode;

use tfopenai::admin::cli::{self, Command, EXIT_USAGE};
use tfopenai::admin::commands::{self, Failure};
use tfopenai::admin::config;
use tfopenai::api::AdminClient;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(usage) => {
            eprintln!(
                "openai-admin: {}\nRun '{}' for usage.",
                usage.message, usage.help
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match command {
        Command::Help(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("openai-admin {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Export(args) => run(args.quiet, |client, progress| async move {
            let report = commands::export(&client, &args, progress).await?;
            eprint!("{}", report.left_out());
            print!("{}", report.summary(&args.out));
            Ok(())
        }),
        Command::Access(args) => run(args.quiet, |client, progress| async move {
            let report = commands::access(&client, &args, progress).await?;
            print!("{}", report.summary(&args.out));
            Ok(())
        }),
        Command::Snapshot(args) => run(args.quiet, |client, progress| async move {
            let organization_id = std::env::var(tfopenai::provider::config::ENV_ORG_ID)
                .ok()
                .filter(|id| !id.is_empty());
            let report = commands::snapshot(&client, organization_id, &args, progress).await?;
            eprint!("{}", report.left_out());
            print!("{}", report.summary(&args.out));
            Ok(())
        }),
    }
}

/// Progress lines on stderr, unless quiet.
fn print_progress(line: &str) {
    eprintln!("{line}");
}

fn no_progress(_: &str) {}

/// Builds the client from the environment and runs `command` on a runtime;
/// failures become their exit codes.
fn run<F, Fut>(quiet: bool, command: F) -> ExitCode
where
    F: FnOnce(AdminClient, &'static (dyn Fn(&str) + Sync)) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    tfopenai::plugin::tls::install_default_crypto_provider();
    let client = match config::from_env().and_then(|(config, warnings)| {
        for warning in warnings {
            eprintln!("openai-admin: {warning}");
        }
        AdminClient::new(config).map_err(|e| e.to_string())
    }) {
        Ok(client) => client,
        Err(message) => return fail(&Failure::Usage(message)),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return fail(&Failure::Runtime(format!(
                "cannot start the async runtime: {e}"
            )));
        }
    };
    let progress: &'static (dyn Fn(&str) + Sync) =
        if quiet { &no_progress } else { &print_progress };
    match runtime.block_on(command(client, progress)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    }
}

fn fail(failure: &Failure) -> ExitCode {
    eprintln!("openai-admin: {}", failure.message());
    ExitCode::from(failure.exit_code())
}
