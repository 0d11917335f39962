//! `openai-official-standin`: a **test double** of OpenAI's official
//! Terraform provider (`registry.terraform.io/openai/openai`), not a
//! product. The real provider cannot be downloaded where the tests run, so
//! the acceptance tests (tests/acceptance/migration.rs) install this binary
//! under the official provider's address with `dev_overrides` to write
//! state exactly as the official provider would, then migrate it.
//!
//! It serves the official provider's schemas (provider block, the ten
//! access-control resource types, the three people-and-machines ones and
//! the ten policy ones and `openai_project`, copied from
//! openai/terraform-provider-openai `internal/provider/`) through this
//! crate's plugin layer, backed by the Admin API client, so it works
//! against the bundled fake. Behaviour beyond what the tests need (the
//! official provider's response caching, validators, other resource types)
//! is left out; see /work/plan/official-provider.md for the source.

mod assignments;
mod common;
mod config;
mod memberships;
mod people;
mod policies;
mod roles;

use std::process::ExitCode;
use std::sync::Arc;

use tfopenai::plugin::{self, ServeOptions, handshake};
use tfopenai::provider::{Provider, ProviderParts};
use tfopenai::resources::Resource;

fn resources() -> Vec<Arc<dyn Resource>> {
    let written: Vec<Arc<dyn Resource>> = vec![
        Arc::new(roles::CustomRole::project()),
        Arc::new(roles::CustomRole::organization()),
        Arc::new(assignments::Assignment::group_in_project()),
        Arc::new(assignments::Assignment::group_in_organization()),
        Arc::new(assignments::Assignment::user_in_project()),
        Arc::new(assignments::Assignment::user_in_organization()),
        Arc::new(memberships::Group::new()),
        Arc::new(memberships::GroupUser::new()),
        Arc::new(memberships::ProjectGroup::new()),
        Arc::new(memberships::ProjectUser::new()),
        Arc::new(people::Official::invite()),
        Arc::new(people::Official::organization_user()),
        Arc::new(people::Official::project_service_account()),
    ];
    written
        .into_iter()
        .chain(
            policies::Generated::all()
                .into_iter()
                .map(|r| Arc::new(r) as Arc<dyn Resource>),
        )
        .collect()
}

fn main() -> ExitCode {
    if let Err(message) = handshake::check_launched_by_terraform() {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }
    tfopenai::logging::init();
    plugin::tls::install_default_crypto_provider();
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
    let provider = Arc::new(Provider::from_parts(ProviderParts {
        config: config::handling(),
        resources: resources(),
        data_sources: Vec::new(),
        ephemeral_resources: Vec::new(),
        // The official provider's own moves are not what is tested here.
        state_mover: None,
    }));
    match runtime.block_on(plugin::serve(provider, ServeOptions { debug: false })) {
        Ok(()) => {
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("openai-official-standin: {message}");
            ExitCode::FAILURE
        }
    }
}
