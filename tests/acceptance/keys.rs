//! Keys without secrets in state: the ephemeral key types opened and closed
//! through Terraform, their diagnostics when a key or its service account
//! goes away mid-run, the key data sources, and the search for every secret
//! handed out in Terraform's state, plans, `show -json` output and logs.

use std::path::Path;
use std::process::Output;

use crate::key_api::{KeyApi, Twist};
use crate::support::{API_KEY, Workspace, combined};

const PROJECT: &str = "proj_keys";
const ACCOUNT: &str = "svc_acct_ci";

fn provider_block(api: &KeyApi) -> String {
    format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key  = \"{API_KEY}\"\n}}\n",
        api.base_url
    )
}

/// A service-account key handed to a provisioner, which records that it got
/// one (the key itself goes nowhere).
fn service_account_key_config(api: &KeyApi) -> String {
    format!(
        r#"{provider}
ephemeral "openai_project_service_account_key" "ci" {{
  project_id         = "{PROJECT}"
  service_account_id = "{ACCOUNT}"
  name               = "ci-run"
}}

resource "terraform_data" "consumer" {{
  input = "{ACCOUNT}"

  provisioner "local-exec" {{
    command = "case \"$KEY\" in sk-svcacct-*) touch got-key ;; esac"
    environment = {{
      KEY = ephemeral.openai_project_service_account_key.ci.value
    }}
  }}
}}
"#,
        provider = provider_block(api)
    )
}

#[test]
fn a_service_account_key_lives_only_while_a_plan_or_apply_runs() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::None);
    ws.write_raw(&service_account_key_config(&api));

    ws.ok(&["plan", "-no-color"]);
    assert_eq!(api.events(), ["created key_0001", "deleted key_0001"]);
    assert!(api.live_keys().is_empty());

    // An apply plans, then applies: a key of its own for each phase, each
    // deleted before the next is made.
    ws.apply();
    assert_eq!(
        api.events()[2..],
        [
            "created key_0002",
            "deleted key_0002",
            "created key_0003",
            "deleted key_0003"
        ]
    );
    assert!(api.live_keys().is_empty(), "{:?}", api.live_keys());
    assert!(
        ws.path().join("got-key").exists(),
        "the provisioner did not receive a service-account key"
    );
    // The ephemeral resource leaves nothing in the state.
    assert_eq!(ws.state_list(), ["terraform_data.consumer"]);
}

#[test]
fn a_key_deleted_outside_terraform_during_the_run_is_a_warning() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::DeleteKeysOutside);
    ws.write_raw(&service_account_key_config(&api));
    let out = ws.ok(&["plan", "-no-color"]);
    assert!(
        out.contains("Warning: Ephemeral key already deleted"),
        "{out}"
    );
    assert!(
        out.contains("Key key_0001 of service account svc_acct_ci"),
        "{out}"
    );
}

#[test]
fn a_service_account_deleted_while_its_key_is_open_is_named() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::DeleteServiceAccountOutside);
    ws.write_raw(&service_account_key_config(&api));
    let out = ws.ok(&["plan", "-no-color"]);
    assert!(
        out.contains("Warning: Service account deleted while its ephemeral key was open"),
        "{out}"
    );
    // Once gone, opening a key for it is an error pointing at the account.
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Service account not found"), "{out}");
    assert!(
        out.contains("Project proj_keys has no service account svc_acct_ci"),
        "{out}"
    );
    assert!(out.contains("service_account_id"), "{out}");
}

/// A short-lived admin key that configures a second provider, which lists
/// the admin keys with it.
fn admin_key_config(api: &KeyApi) -> String {
    format!(
        r#"{provider}
ephemeral "openai_admin_api_key" "pipeline" {{
  name               = "pipeline"
  expires_in_seconds = 900
}}

provider "openai" {{
  alias    = "pipeline"
  base_url = "{base_url}"
  api_key  = ephemeral.openai_admin_api_key.pipeline.value
}}

data "openai_admin_api_keys" "seen_by_pipeline" {{
  provider = openai.pipeline
}}

output "admin_key_names" {{
  value = [for k in data.openai_admin_api_keys.seen_by_pipeline.admin_api_keys : k.name]
}}
"#,
        provider = provider_block(api),
        base_url = api.base_url,
    )
}

#[test]
fn an_ephemeral_admin_key_configures_another_provider_and_is_deleted_after() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::None);
    ws.write_raw(&admin_key_config(&api));
    ws.apply();
    let events = api.events();
    assert_eq!(events[..2], ["created key_0001", "deleted key_0001"]);
    assert!(api.live_keys().is_empty());
    let secret = &api.handed_out()[0];
    assert!(
        api.authorizations().contains(&format!("Bearer {secret}")),
        "the aliased provider did not use the ephemeral admin key"
    );
    let out = ws.ok(&["output", "-json", "admin_key_names"]);
    assert!(out.contains("pipeline"), "{out}");
}

#[test]
fn key_data_sources_list_redacted_keys_with_their_owners() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::None);
    let (user_key, _) = api.add_project_key("user_ann", "laptop");
    let (account_key, _) = api.add_project_key(ACCOUNT, "ci");
    let (admin_key, _) = api.add_admin_key("main");
    ws.write_raw(&format!(
        r#"{provider}
data "openai_project_api_keys" "all" {{
  project_id = "{PROJECT}"
}}

data "openai_project_api_key" "ci" {{
  project_id = "{PROJECT}"
  id         = "{account_key}"
}}

data "openai_admin_api_keys" "all" {{}}

data "openai_admin_api_key" "main" {{
  id = "{admin_key}"
}}
"#,
        provider = provider_block(&api)
    ));
    ws.apply();
    let all = ws.state_of("data.openai_project_api_keys.all");
    let keys = all["api_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{all}");
    let user = keys.iter().find(|k| k["id"] == user_key.as_str()).unwrap();
    assert_eq!(user["owner_type"], "user");
    assert_eq!(user["owner_email"], "ann@example.com");
    assert!(user["redacted_value"].as_str().unwrap().contains("..."));
    let ci = ws.state_of("data.openai_project_api_key.ci");
    assert_eq!(ci["owner_type"], "service_account");
    assert_eq!(ci["owner_id"], ACCOUNT);
    assert_eq!(ci["owner_email"], serde_json::Value::Null);
    let main = ws.state_of("data.openai_admin_api_key.main");
    assert_eq!(main["name"], "main");
    assert_eq!(main["owner_role"], "owner");
    let admins = ws.state_of("data.openai_admin_api_keys.all");
    assert_eq!(admins["admin_api_keys"].as_array().unwrap().len(), 1);

    // An ID the project does not have: an error at `id`.
    ws.write_raw(&format!(
        "{}\ndata \"openai_project_api_key\" \"gone\" {{\n  project_id = \"{PROJECT}\"\n  id = \"key_nope\"\n}}\n",
        provider_block(&api)
    ));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: API key not found"), "{out}");
    assert!(
        out.contains("Project proj_keys has no API key key_nope"),
        "{out}"
    );
}

/// Every key kind at once: both ephemeral types (one feeding a provisioner,
/// one a second provider) and the data sources over keys that existed
/// before the run.
fn every_key_kind(api: &KeyApi) -> String {
    api.add_project_key("user_ann", "laptop");
    api.add_project_key(ACCOUNT, "ci");
    api.add_admin_key("main");
    format!(
        "{}\n{}\ndata \"openai_project_api_keys\" \"all\" {{\n  project_id = \"{PROJECT}\"\n}}\n",
        service_account_key_config(api),
        admin_key_config(api).replace(&provider_block(api), ""),
    )
}

/// Where secrets could land, by name, read after a full cycle of plan
/// (saved), apply of that plan, plan, `show -json` of state and plan, all
/// with TF_LOG=trace to a file.
fn run_and_collect(ws: &Workspace) -> Vec<(String, Vec<u8>)> {
    let log = ws.path().join("terraform.log");
    let run = |args: &[&str]| -> Output {
        let out = ws
            .command(args)
            .env("TF_LOG", "trace")
            .env("TF_LOG_PATH", &log)
            .output()
            .expect("run terraform");
        assert!(
            out.status.success(),
            "terraform {args:?}:\n{}",
            combined(&out)
        );
        out
    };
    let mut places = Vec::new();
    let mut keep = |name: &str, out: Output| {
        places.push((format!("{name} stdout"), out.stdout));
        places.push((format!("{name} stderr"), out.stderr));
    };
    keep("plan -out", run(&["plan", "-no-color", "-out=tfplan"]));
    let plan_bytes = std::fs::read(ws.path().join("tfplan")).expect("saved plan");
    let plan_show = run(&["show", "-json", "tfplan"]);
    keep("show -json tfplan", plan_show);
    keep("apply tfplan", run(&["apply", "-no-color", "tfplan"]));
    keep("plan", run(&["plan", "-no-color", "-out=tfplan2"]));
    keep("show -json", run(&["show", "-json"]));
    keep("show -json tfplan2", run(&["show", "-json", "tfplan2"]));
    places.push(("saved plan (zip bytes)".into(), plan_bytes));
    places.push((
        "saved plan (unzipped)".into(),
        unzipped(&ws.path().join("tfplan")),
    ));
    places.push((
        "second saved plan (unzipped)".into(),
        unzipped(&ws.path().join("tfplan2")),
    ));
    for file in [
        "terraform.tfstate",
        "terraform.tfstate.backup",
        "terraform.log",
    ] {
        places.push((
            file.into(),
            std::fs::read(ws.path().join(file)).unwrap_or_default(),
        ));
    }
    places
}

/// Every member of a saved plan (a zip archive), concatenated.
fn unzipped(plan: &Path) -> Vec<u8> {
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(plan)
        .output()
        .expect("unzip (needed to read saved plans)");
    assert!(out.status.success(), "unzip {}: {out:?}", plan.display());
    assert!(!out.stdout.is_empty());
    out.stdout
}

/// (secret index, place) of every secret found.
fn findings(secrets: &[String], places: &[(String, Vec<u8>)]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, secret) in secrets.iter().enumerate() {
        for (place, bytes) in places {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                found.push((i, place.clone()));
            }
        }
    }
    found
}

#[test]
fn no_key_value_handed_out_reaches_state_plans_show_or_logs() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::None);
    ws.write_raw(&every_key_kind(&api));
    let places = run_and_collect(&ws);
    let secrets = api.handed_out();
    // 3 existing keys + 2 kinds opened in each of 3 runs (plan, apply, plan).
    assert_eq!(secrets.len(), 3 + 2 * 3, "{:?}", api.events());
    assert!(api.live_keys().len() == 3, "{:?}", api.live_keys());
    let log = &places.iter().find(|(p, _)| p == "terraform.log").unwrap().1;
    assert!(
        String::from_utf8_lossy(log).contains("OpenEphemeralResource"),
        "the trace log does not cover the ephemeral calls"
    );
    let found = findings(&secrets, &places);
    assert!(found.is_empty(), "secrets found: {found:?}");
}

/// Control: a leaky API that lists secrets in place of their redacted form
/// puts them in the data sources' state, and the same search finds them in
/// every place the test above declares clean.
#[test]
fn the_key_search_finds_a_secret_that_does_leak() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::LeakSecretsInLists);
    ws.write_raw(&every_key_kind(&api));
    let places = run_and_collect(&ws);
    let found = findings(&api.handed_out(), &places);
    for place in [
        "terraform.tfstate",
        "saved plan (unzipped)",
        "show -json tfplan stdout",
        "show -json stdout",
    ] {
        assert!(
            found.iter().any(|(_, p)| p == place),
            "the search missed the leak in {place}: {found:?}"
        );
    }
}

#[test]
fn an_imported_project_key_is_revoked_by_destroying_it_and_never_created() {
    let ws = Workspace::new();
    let api = KeyApi::start(Twist::None);
    let (key_id, secret) = api.add_project_key("user_ann", "old-laptop");
    let resource = format!(
        "resource \"openai_project_api_key\" \"old\" {{\n  project_id = \"{PROJECT}\"\n  api_key_id = \"{key_id}\"\n}}\n"
    );

    // Without an import it is refused at plan time: keys are not created here.
    ws.write_raw(&format!("{}\n{resource}", provider_block(&api)));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("Error: openai_project_api_key cannot create keys"),
        "{out}"
    );
    assert!(
        out.contains(&format!("id = \"{PROJECT}/{key_id}\"")),
        "{out}"
    );

    ws.write_raw(&format!(
        "{}\nimport {{\n  to = openai_project_api_key.old\n  id = \"{PROJECT}/{key_id}\"\n}}\n\n{resource}",
        provider_block(&api)
    ));
    ws.apply();
    let state = ws.state_of("openai_project_api_key.old");
    assert_eq!(state["name"], "old-laptop");
    assert_eq!(state["owner_id"], "user_ann");
    assert!(state["redacted_value"].as_str().unwrap().contains("..."));
    let tfstate = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    assert!(!tfstate.contains(&secret), "the secret reached the state");
    ws.assert_plan_empty();
    assert_eq!(api.live_keys(), std::slice::from_ref(&key_id));

    // Removing it from the configuration revokes the key.
    ws.write_raw(&provider_block(&api));
    let out = ws.apply();
    assert!(out.contains("destroyed"), "{out}");
    assert!(api.live_keys().is_empty(), "{:?}", api.live_keys());
    assert_eq!(api.events(), [format!("deleted {key_id}")]);
}

/// The same search against the bundled fake, which keeps every value it
/// handed out: both ephemeral types (the admin key authenticating a second
/// provider), the key data sources and an imported key, over a saved plan,
/// its apply and a second plan.
#[test]
fn no_key_value_the_fake_handed_out_reaches_state_plans_show_or_logs() {
    let ws = Workspace::new();
    let base_url = ws.fake.base_url();
    ws.write(&format!(
        r#"
ephemeral "openai_project_service_account_key" "deploy" {{
  project_id         = "proj_alpha"
  service_account_id = "svc_acct_fixtureDeployBot0000000"
  name               = "deploy-run"
}}

resource "terraform_data" "consumer" {{
  input = "deploy"

  provisioner "local-exec" {{
    command = "case \"$KEY\" in sk-svcacct-*) touch got-key ;; esac"
    environment = {{
      KEY = ephemeral.openai_project_service_account_key.deploy.value
    }}
  }}
}}

ephemeral "openai_admin_api_key" "pipeline" {{
  name = "pipeline"
}}

provider "openai" {{
  alias    = "pipeline"
  base_url = "{base_url}"
  api_key  = ephemeral.openai_admin_api_key.pipeline.value
}}

data "openai_admin_api_keys" "seen_by_pipeline" {{
  provider = openai.pipeline
}}

data "openai_project_api_keys" "alpha" {{
  project_id = "proj_alpha"
}}

import {{
  to = openai_project_api_key.bob_laptop
  id = "proj_beta/key_fixtureBobLaptop000000000"
}}

resource "openai_project_api_key" "bob_laptop" {{
  project_id = "proj_beta"
  api_key_id = "key_fixtureBobLaptop000000000"
}}
"#
    ));
    let places = run_and_collect(&ws);
    assert!(
        ws.path().join("got-key").exists(),
        "no key reached the provisioner"
    );
    let issued = ws.handle().issued_key_values();
    // Two ephemeral keys in each of the plan, the apply and the second plan.
    assert_eq!(issued.len(), 6, "{issued:?}");
    let found = findings(&issued, &places);
    assert!(found.is_empty(), "secrets found: {found:?}");
    // Every ephemeral key was deleted again.
    assert!(ws.handle().collection("admin_api_keys").is_empty());
    let left: Vec<_> = ws
        .handle()
        .collection("project_api_keys")
        .into_iter()
        .filter(|k| k["name"] == "deploy-run")
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let alpha = ws.state_of("data.openai_project_api_keys.alpha");
    assert!(
        alpha["api_keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == "key_fixtureDeployBot000000000"),
        "{alpha}"
    );
}

/// Two admin keys made through the bundled fake's API (they authenticate
/// until deleted): the one the provider is configured with, and another.
fn two_admin_keys(ws: &Workspace) -> ((String, String), (String, String)) {
    use tfopenai::api::{AdminClient, ClientConfig};
    let client = AdminClient::new(ClientConfig::new(API_KEY, ws.fake.base_url())).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut made = Vec::new();
        for name in ["terraform", "old-laptop"] {
            let key = client.create_admin_api_key(name, None).await.unwrap();
            made.push((key.id.clone(), key.value.expose().to_owned()));
        }
        (made[0].clone(), made[1].clone())
    })
}

#[test]
fn an_imported_admin_key_is_revoked_by_destroying_it_unless_the_provider_uses_it() {
    let ws = Workspace::new();
    let ((own_id, own_secret), (old_id, old_secret)) = two_admin_keys(&ws);
    let provider = format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key  = \"{own_secret}\"\n}}\n",
        ws.fake.base_url()
    );
    let resource = |name: &str, id: &str| {
        format!("resource \"openai_admin_api_key\" \"{name}\" {{\n  key_id = \"{id}\"\n}}\n")
    };
    let import = |name: &str, id: &str| {
        format!("import {{\n  to = openai_admin_api_key.{name}\n  id = \"{id}\"\n}}\n")
    };

    // Without an import it is refused at plan time, pointing at the
    // ephemeral resource for new keys.
    ws.write_raw(&format!("{provider}\n{}", resource("old", &old_id)));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("Error: openai_admin_api_key cannot create keys"),
        "{out}"
    );
    assert!(out.contains(&format!("id = \"{old_id}\"")), "{out}");
    assert!(out.contains("ephemeral resource"), "{out}");

    // Both imported: state holds the redacted forms, never a secret.
    let both = format!(
        "{provider}\n{}{}{}{}",
        import("old", &old_id),
        resource("old", &old_id),
        import("own", &own_id),
        resource("own", &own_id)
    );
    ws.write_raw(&both);
    let out = ws.apply();
    assert!(out.contains("2 imported"), "{out}");
    let state = ws.state_of("openai_admin_api_key.old");
    assert_eq!(
        (state["id"].as_str(), state["name"].as_str()),
        (Some(old_id.as_str()), Some("old-laptop"))
    );
    assert!(state["redacted_value"].as_str().unwrap().contains("..."));
    let tfstate = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    for secret in [&own_secret, &old_secret] {
        assert!(
            !tfstate.contains(secret.as_str()),
            "a secret reached the state"
        );
    }
    ws.assert_plan_empty();

    // Removing the provider's own key is refused at plan time, nothing sent.
    ws.write_raw(&format!("{provider}\n{}", resource("old", &old_id)));
    ws.handle().reset_counters();
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("Error: Cannot revoke the provider's own admin key"),
        "{out}"
    );
    assert!(out.contains(&own_id), "{out}");
    assert!(!out.contains(&own_secret), "the refusal showed the secret");
    assert!(
        ws.handle().requests().iter().all(|r| r.method == "GET"),
        "the refused plan wrote"
    );

    // Removing the other one revokes it: it no longer authenticates.
    ws.write_raw(&format!("{provider}\n{}", resource("own", &own_id)));
    let out = ws.apply();
    assert!(out.contains("1 destroyed"), "{out}");
    let listed: Vec<String> = ws
        .handle()
        .collection("admin_api_keys")
        .iter()
        .map(|k| k["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(listed, std::slice::from_ref(&own_id));
    ws.assert_plan_empty();
}
