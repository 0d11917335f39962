//! terraform-provider-openai: started by Terraform, it performs the
//! go-plugin handshake and serves the tfplugin6 protocol.

use std::process::ExitCode;
use std::sync::Arc;

use tfopenai::plugin::{self, ServeOptions, handshake};
use tfopenai::provider::Provider;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--version" || a == "-v") {
        println!("terraform-provider-openai {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "terraform-provider-openai {}\n\nStarted by Terraform; not meant to be run by hand.\n\n\
             Options:\n  --debug     serve for a debugger and print TF_REATTACH_PROVIDERS\n  \
             --version   print the version",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    let debug = args.iter().any(|a| a == "--debug");
    if !debug && let Err(message) = handshake::check_launched_by_terraform() {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }

    tfopenai::logging::init();
    tfopenai::logging::log_panics();
    plugin::tls::install_default_crypto_provider();
    plugin::tls::warm_up_random_generator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let provider = Arc::new(Provider::new());
    match runtime.block_on(plugin::serve(provider, ServeOptions { debug })) {
        Ok(()) => {
            // Do not wait for in-flight blocking work after a stop.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            ExitCode::SUCCESS
        }
        Err(message) => {
            log::error!("{message}");
            eprintln!("terraform-provider-openai: {message}");
            ExitCode::FAILURE
        }
    }
}
