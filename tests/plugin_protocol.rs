//! The plugin layer as Terraform sees it: the real binary, started with the
//! environment go-plugin sets, spoken to over its unix socket with AutoMTLS.

#[path = "plugin_protocol/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use tfopenai::plugin::proto::plugin::Empty;
use tfopenai::plugin::proto::plugin::grpc_controller_client::GrpcControllerClient;
use tfopenai::plugin::proto::plugin::grpc_stdio_client::GrpcStdioClient;
use tfopenai::plugin::proto::tfplugin6 as pb;
use tfopenai::plugin::proto::tfplugin6::provider_client::ProviderClient;
use tfopenai::provider::Provider;
use tfopenai::value::{Type, Value, encode_msgpack};
use tonic::transport::Channel;

use support::{
    ClientIdentity, Handshake, PROVIDER_ADDRESS, Plugin, QUICK, assert_serving, connect,
    connect_mtls, health, provider_command, terraform_launch, tls_client_config, within,
};

const PROJECT_ROLE: &str = "openai_project_role";
const ASSIGNMENT: &str = "openai_group_role_assignment";

fn provider(channel: &Channel) -> ProviderClient<Channel> {
    ProviderClient::new(channel.clone())
}

fn error_diagnostics(diags: &[pb::Diagnostic]) -> Vec<&pb::Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == pb::diagnostic::Severity::Error as i32)
        .collect()
}

fn attribute_names(path: Option<&pb::AttributePath>) -> Vec<String> {
    use pb::attribute_path::step::Selector;
    path.map(|p| {
        p.steps
            .iter()
            .map(|s| match &s.selector {
                Some(Selector::AttributeName(n)) => n.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    })
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handshake_automtls_health_and_schema() {
    let identity = ClientIdentity::generate();
    let (plugin, handshake) = Plugin::start(&identity);
    eprintln!("handshake after {:?}", plugin.started.elapsed());
    let channel = connect_mtls(&handshake, &identity).await;
    assert_serving(&channel).await;

    let schema = within(
        "GetProviderSchema",
        provider(&channel).get_provider_schema(pb::get_provider_schema::Request {}),
    )
    .await
    .expect("GetProviderSchema")
    .into_inner();
    assert!(
        schema.diagnostics.is_empty(),
        "GetProviderSchema diagnostics: {:?}",
        schema.diagnostics
    );
    for name in [PROJECT_ROLE, ASSIGNMENT] {
        let resource = &schema.resource_schemas.get(name).unwrap_or_else(|| {
            panic!(
                "no schema for {name}; got {:?}",
                schema.resource_schemas.keys()
            )
        });
        let block = resource.block.as_ref().expect("resource schema block");
        assert!(
            block
                .attributes
                .iter()
                .any(|a| a.name == "id" && a.computed),
            "{name} has no computed id"
        );
        for attribute in &block.attributes {
            serde_json::from_slice::<serde_json::Value>(&attribute.r#type)
                .unwrap_or_else(|e| panic!("{name}.{} type is not JSON: {e}", attribute.name));
        }
    }
    let permissions = schema.resource_schemas[PROJECT_ROLE]
        .block
        .as_ref()
        .unwrap()
        .attributes
        .iter()
        .find(|a| a.name == "permissions")
        .expect("openai_project_role.permissions");
    assert_eq!(permissions.r#type, br#"["set","string"]"#);
    assert!(permissions.required);

    let provider_block = schema
        .provider
        .as_ref()
        .and_then(|s| s.block.as_ref())
        .expect("provider schema");
    let api_key = provider_block
        .attributes
        .iter()
        .find(|a| a.name == "api_key")
        .expect("provider attribute api_key");
    assert!(api_key.sensitive, "api_key must be sensitive");

    let metadata = within(
        "GetMetadata",
        provider(&channel).get_metadata(pb::get_metadata::Request {}),
    )
    .await
    .expect("GetMetadata")
    .into_inner();
    assert!(
        metadata.diagnostics.is_empty(),
        "{:?}",
        metadata.diagnostics
    );
    let mut names: Vec<&str> = metadata
        .resources
        .iter()
        .map(|r| r.type_name.as_str())
        .collect();
    // Every resource the provider registers, these two among them.
    let registered: Vec<&str> = tfopenai::provider::Provider::new()
        .resource_schemas()
        .map(|(name, _)| name)
        .collect();
    names.sort_unstable();
    assert!(
        names.contains(&ASSIGNMENT) && names.contains(&PROJECT_ROLE),
        "{names:?}"
    );
    assert_eq!(names, registered);
}

/// Connects with `tls` and makes one RPC; returns how it was refused, or
/// panics if the server accepted the client.
async fn expect_rejected(
    handshake: &Handshake,
    tls: std::sync::Arc<rustls::ClientConfig>,
) -> String {
    let attempt = async {
        let channel = connect(&handshake.socket, Some(tls))
            .await
            .map_err(|e| format!("connect failed: {e:?}"))?;
        health(&channel)
            .await
            .map_err(|status| format!("RPC failed: {status}"))
    };
    match tokio::time::timeout(QUICK, attempt).await {
        Ok(Err(how)) => how,
        Ok(Ok(status)) => panic!("the server accepted the client (health status {status})"),
        Err(_) => panic!("the server neither accepted nor rejected the client"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_certificate_terraform_passed_is_accepted() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);

    let stranger = ClientIdentity::generate();
    let how = expect_rejected(
        &handshake,
        tls_client_config(&handshake.server_cert_der, Some(&stranger)),
    )
    .await;
    eprintln!("other certificate: {how}");

    let how = expect_rejected(
        &handshake,
        tls_client_config(&handshake.server_cert_der, None),
    )
    .await;
    eprintln!("no certificate: {how}");

    // The refusals were about the client, not a broken server.
    assert!(plugin.is_running(), "{}", plugin.stderr_text());
    let channel = connect_mtls(&handshake, &identity).await;
    assert_serving(&channel).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_stream_and_prompt_shutdown() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;

    // go-plugin opens this stream at start and mirrors what it carries.
    let mut stdio = within(
        "StreamStdio",
        GrpcStdioClient::new(channel.clone()).stream_stdio(()),
    )
    .await
    .expect("StreamStdio answers")
    .into_inner();
    match tokio::time::timeout(Duration::from_millis(300), stdio.message()).await {
        Err(_) => eprintln!("StreamStdio: stream open"),
        Ok(Ok(None)) => eprintln!("StreamStdio: empty stream"),
        Ok(Ok(Some(data))) => eprintln!("StreamStdio: data {data:?}"),
        Ok(Err(status)) => panic!("StreamStdio failed: {status}"),
    }

    // Like go-plugin's Client.Kill: Shutdown, then wait up to 2 s for the
    // process to exit. The connection stays open meanwhile.
    let asked = Instant::now();
    within(
        "Shutdown",
        GrpcControllerClient::new(channel.clone()).shutdown(Empty {}),
    )
    .await
    .expect("Shutdown answers");
    let status = plugin.wait_exit(Duration::from_secs(3)).await;
    let took = asked.elapsed();
    eprintln!("exited {took:?} after Shutdown");
    let status = status.unwrap_or_else(|| {
        panic!(
            "still running 3 s after Shutdown; stderr:\n{}",
            plugin.stderr_text()
        )
    });
    assert!(
        status.success(),
        "exit status {status}; stderr:\n{}",
        plugin.stderr_text()
    );
    assert!(
        took < Duration::from_millis(1500),
        "took {took:?} to exit after Shutdown (Terraform kills after 2 s)"
    );
    drop(stdio);
    drop(channel);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_provider_keeps_serving() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;

    let stopped = within(
        "StopProvider",
        provider(&channel).stop_provider(pb::stop_provider::Request {}),
    )
    .await
    .expect("StopProvider")
    .into_inner();
    assert_eq!(stopped.error, "", "StopProvider error");

    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(plugin.is_running(), "StopProvider ended the process");
    assert_serving(&channel).await;
    within(
        "GetMetadata after StopProvider",
        provider(&channel).get_metadata(pb::get_metadata::Request {}),
    )
    .await
    .expect("GetMetadata after StopProvider");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signals_in_managed_mode() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;

    assert_serving(&channel).await;

    // Ctrl-C reaches the whole process group; Terraform, not the signal,
    // decides when the provider stops.
    plugin.signal("INT");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(plugin.is_running(), "SIGINT killed a managed provider");
    assert_serving(&channel).await;

    plugin.signal("TERM");
    let status = plugin
        .wait_exit(Duration::from_secs(4))
        .await
        .expect("SIGTERM stops the provider");
    assert!(status.success(), "exit status after SIGTERM: {status}");
}

/// Ctrl-C in the terminal reaches Terraform and every provider it started
/// (same process group), possibly just after a provider printed its
/// handshake: Terraform then stops providers itself (StopProvider), so the
/// provider must already ignore SIGINT when it announces itself, as
/// go-plugin does. Several tries, since this is a race.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_right_after_the_handshake_is_ignored() {
    const SIGINT: i32 = 2;
    let identity = ClientIdentity::generate();
    for attempt in 1..=5 {
        let (mut plugin, handshake) = Plugin::start(&identity);
        plugin.signal_now(SIGINT);
        if let Some(status) = plugin.wait_exit(Duration::from_millis(100)).await {
            panic!(
                "attempt {attempt}: SIGINT sent right after the handshake ended the provider \
                 ({status}): signal handlers must be in place before the handshake line \
                 is printed"
            );
        }
        let channel = connect_mtls(&handshake, &identity).await;
        assert_serving(&channel).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unimplemented_rpcs_answer_with_diagnostics() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;
    let mut client = provider(&channel);
    let empty = || {
        Some(pb::DynamicValue {
            msgpack: vec![0xc0],
            json: Vec::new(),
        })
    };

    let read = within(
        "ReadDataSource",
        client.read_data_source(pb::read_data_source::Request {
            type_name: "openai_nope".into(),
            config: empty(),
            ..Default::default()
        }),
    )
    .await
    .expect("ReadDataSource must answer, not fail")
    .into_inner();
    assert!(
        !error_diagnostics(&read.diagnostics).is_empty(),
        "ReadDataSource: {read:?}"
    );

    let validate = within(
        "ValidateDataResourceConfig",
        client.validate_data_resource_config(pb::validate_data_resource_config::Request {
            type_name: "openai_nope".into(),
            config: empty(),
        }),
    )
    .await
    .expect("ValidateDataResourceConfig must answer")
    .into_inner();
    assert!(!error_diagnostics(&validate.diagnostics).is_empty());

    let open = within(
        "OpenEphemeralResource",
        client.open_ephemeral_resource(pb::open_ephemeral_resource::Request {
            type_name: "openai_nope".into(),
            config: empty(),
            ..Default::default()
        }),
    )
    .await
    .expect("OpenEphemeralResource must answer")
    .into_inner();
    assert!(
        !error_diagnostics(&open.diagnostics).is_empty(),
        "OpenEphemeralResource: {open:?}"
    );

    let call = within(
        "CallFunction",
        client.call_function(pb::call_function::Request {
            name: "nope".into(),
            arguments: Vec::new(),
        }),
    )
    .await
    .expect("CallFunction must answer")
    .into_inner();
    let error = call.error.expect("CallFunction returns a function error");
    assert!(!error.text.is_empty());
    assert!(call.result.is_none());

    let functions = within(
        "GetFunctions",
        client.get_functions(pb::get_functions::Request {}),
    )
    .await
    .expect("GetFunctions must answer")
    .into_inner();
    assert!(functions.diagnostics.is_empty());
    assert_eq!(functions.functions.len(), tfopenai::functions::all().len());
    let definition = &functions.functions["build_group_user_id"];
    assert_eq!(definition.parameters.len(), 2);
    assert_eq!(definition.parameters[1].name, "user_id");
    assert_eq!(definition.r#return.as_ref().unwrap().r#type, br#""string""#);
    // Terraform 1.8 to 1.11 read the definitions from the schema instead.
    let schema = within(
        "GetProviderSchema",
        client.get_provider_schema(pb::get_provider_schema::Request {}),
    )
    .await
    .expect("GetProviderSchema must answer")
    .into_inner();
    assert_eq!(schema.functions, functions.functions);

    let string = |s: &str| pb::DynamicValue {
        msgpack: encode_msgpack(&Value::string(s), &Type::String),
        json: Vec::new(),
    };
    let built = within(
        "CallFunction",
        client.call_function(pb::call_function::Request {
            name: "build_group_user_id".into(),
            arguments: vec![string("group_a"), string("user_b")],
        }),
    )
    .await
    .expect("CallFunction must answer")
    .into_inner();
    assert!(built.error.is_none(), "{built:?}");
    assert_eq!(
        built.result.unwrap().msgpack,
        encode_msgpack(&Value::string("group_a/user_b"), &Type::String)
    );
    let refused = within(
        "CallFunction",
        client.call_function(pb::call_function::Request {
            name: "build_group_user_id".into(),
            arguments: vec![string("group_a"), string("user/b")],
        }),
    )
    .await
    .expect("CallFunction must answer")
    .into_inner();
    let error = refused.error.expect("a bad part is a function error");
    assert_eq!(error.function_argument, Some(1));

    let unknown_type = within(
        "ValidateResourceConfig for an unknown type",
        client.validate_resource_config(pb::validate_resource_config::Request {
            type_name: "openai_nope".into(),
            config: empty(),
            ..Default::default()
        }),
    )
    .await
    .expect("ValidateResourceConfig must answer")
    .into_inner();
    assert!(!error_diagnostics(&unknown_type.diagnostics).is_empty());

    let upgrade = within(
        "UpgradeResourceState for an unknown type",
        client.upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: "openai_nope".into(),
            version: 0,
            raw_state: Some(pb::RawState {
                json: b"{}".to_vec(),
                ..Default::default()
            }),
        }),
    )
    .await
    .expect("UpgradeResourceState must answer")
    .into_inner();
    assert!(!error_diagnostics(&upgrade.diagnostics).is_empty());

    // A msgpack value that does not match the schema is a diagnostic too.
    let garbage = within(
        "ValidateResourceConfig with bad msgpack",
        client.validate_resource_config(pb::validate_resource_config::Request {
            type_name: PROJECT_ROLE.into(),
            config: Some(pb::DynamicValue {
                msgpack: vec![0xc1, 0xff, 0x00],
                json: Vec::new(),
            }),
            ..Default::default()
        }),
    )
    .await
    .expect("ValidateResourceConfig must answer")
    .into_inner();
    assert!(!error_diagnostics(&garbage.diagnostics).is_empty());

    assert!(plugin.is_running(), "{}", plugin.stderr_text());
    assert_serving(&channel).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_to_run_outside_terraform() {
    let mut plugin = Plugin::spawn(provider_command());
    let status = plugin
        .wait_exit(QUICK)
        .await
        .expect("exits without the cookie");
    assert_eq!(status.code(), Some(1), "exit status without the cookie");
    let stderr = plugin.stderr_text();
    assert!(
        stderr.contains("This binary is a plugin") && stderr.contains("--debug"),
        "stderr without the cookie: {stderr}"
    );

    let identity = ClientIdentity::generate();
    let mut cmd = terraform_launch(&identity);
    cmd.env("PLUGIN_PROTOCOL_VERSIONS", "5");
    let mut plugin = Plugin::spawn(cmd);
    let status = plugin
        .wait_exit(QUICK)
        .await
        .expect("exits with protocol 5 only");
    assert_eq!(status.code(), Some(1), "exit status for protocol 5");
    let stderr = plugin.stderr_text();
    assert!(
        stderr.contains("protocol 6") && stderr.contains('5'),
        "stderr for protocol 5: {stderr}"
    );

    // What go-plugin really sends when Terraform supports both.
    let mut cmd = terraform_launch(&identity);
    cmd.env("PLUGIN_PROTOCOL_VERSIONS", "5,6");
    let mut plugin = Plugin::spawn(cmd);
    Handshake::parse(&plugin.next_line());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_mode_reattach_with_terraform() {
    let mut cmd = provider_command();
    cmd.arg("--debug");
    let mut plugin = Plugin::spawn(cmd);
    let line = loop {
        let line = plugin.next_line();
        if line.contains("TF_REATTACH_PROVIDERS=") {
            break line;
        }
    };
    let reattach = line
        .trim()
        .strip_prefix("TF_REATTACH_PROVIDERS='")
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or_else(|| panic!("not a shell assignment: {line:?}"))
        .to_owned();
    let json: serde_json::Value = serde_json::from_str(&reattach).expect("reattach JSON");
    let entries = json.as_object().expect("reattach object");
    assert_eq!(entries.len(), 1, "{json}");
    let entry = &json[PROVIDER_ADDRESS];
    assert_eq!(entry["Protocol"], "grpc", "{json}");
    assert_eq!(entry["ProtocolVersion"], 6, "{json}");
    assert_eq!(entry["Pid"], plugin.pid(), "{json}");
    assert_eq!(entry["Addr"]["Network"], "unix", "{json}");
    // Without it Terraform treats the process as its own to stop (and 1.11
    // crashes trying).
    assert_eq!(entry["Test"], true, "{json}");
    let socket = std::path::PathBuf::from(entry["Addr"]["String"].as_str().expect("Addr.String"));

    let channel = within("connecting in plain text", connect(&socket, None))
        .await
        .expect("connect to the debug server without TLS");
    assert_serving(&channel).await;

    run_terraform_schema(&reattach).await;

    // Terraform must not have stopped the debug server.
    assert!(plugin.is_running(), "{}", plugin.stderr_text());
    assert_serving(&channel).await;

    let asked = Instant::now();
    plugin.signal("INT");
    let status = plugin
        .wait_exit(Duration::from_secs(4))
        .await
        .unwrap_or_else(|| panic!("debug mode ignored SIGINT:\n{}", plugin.stderr_text()));
    eprintln!("debug mode exited {:?} after SIGINT", asked.elapsed());
    assert!(status.success(), "exit status after SIGINT: {status}");
}

async fn run_terraform_schema(reattach: &str) {
    let version = tokio::process::Command::new("terraform")
        .arg("version")
        .output()
        .await;
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "\n\n*** The `terraform` CLI (1.11+) must be on PATH for this test; it is \
         never skipped. ({version:?}) ***\n"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("main.tf"),
        "terraform {\n  required_providers {\n    openai = { source = \"tfopenai/openai\" }\n  }\n}\n\nprovider \"openai\" {}\n",
    )
    .expect("write main.tf");
    let cli_config = dir.path().join("empty.tfrc");
    std::fs::write(&cli_config, "").expect("write CLI config");

    let started = Instant::now();
    let run = tokio::process::Command::new("terraform")
        .args(["providers", "schema", "-json"])
        .current_dir(dir.path())
        .env("TF_REATTACH_PROVIDERS", reattach)
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_INPUT", "0")
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", &cli_config)
        .env_remove("TF_LOG")
        .env_remove("TF_LOG_PATH")
        .env_remove("TF_DATA_DIR")
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("terraform providers schema took over 20 s")
        .expect("run terraform");
    eprintln!("terraform providers schema took {:?}", started.elapsed());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "terraform providers schema failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let schema: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("schema output is not JSON ({e}):\n{stdout}"));
    let ours = &schema["provider_schemas"][PROVIDER_ADDRESS];
    assert!(
        ours["resource_schemas"][PROJECT_ROLE].is_object(),
        "no {PROJECT_ROLE} in:\n{stdout}"
    );
    assert!(ours["resource_schemas"][ASSIGNMENT].is_object());
    assert_eq!(
        ours["provider"]["block"]["attributes"]["api_key"]["sensitive"],
        true
    );
}

/// A config object for openai_project_role with every attribute present
/// (null unless given), as Terraform sends it.
fn project_role_config(set: &[(&str, Value)]) -> (Vec<u8>, Type) {
    let ty = Provider::new()
        .resource(PROJECT_ROLE)
        .expect("openai_project_role")
        .schema()
        .value_type();
    let Type::Object(attrs) = &ty else {
        panic!("resource type is not an object: {ty:?}")
    };
    let mut object: BTreeMap<String, Value> =
        attrs.keys().map(|k| (k.clone(), Value::Null)).collect();
    for (name, value) in set {
        assert!(object.contains_key(*name), "no attribute {name}");
        object.insert((*name).to_owned(), value.clone());
    }
    (encode_msgpack(&Value::Object(object), &ty), ty)
}

async fn validate_project_role(
    client: &mut ProviderClient<Channel>,
    msgpack: Vec<u8>,
) -> Vec<pb::Diagnostic> {
    within(
        "ValidateResourceConfig",
        client.validate_resource_config(pb::validate_resource_config::Request {
            type_name: PROJECT_ROLE.into(),
            config: Some(pb::DynamicValue {
                msgpack,
                json: Vec::new(),
            }),
            ..Default::default()
        }),
    )
    .await
    .expect("ValidateResourceConfig")
    .into_inner()
    .diagnostics
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_round_trip_through_validate_resource_config() {
    let identity = ClientIdentity::generate();
    let (_plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;
    let mut client = provider(&channel);
    let project = ("project_id", Value::string("proj_abc123"));
    let name = ("name", Value::string("Reader"));

    // Control: a valid configuration has no diagnostics at all.
    let (valid, _) = project_role_config(&[
        project.clone(),
        name.clone(),
        ("permissions", Value::string_set(["api.files.read"])),
    ]);
    let diags = validate_project_role(&mut client, valid).await;
    assert!(diags.is_empty(), "valid config: {diags:?}");

    let (invalid, _) = project_role_config(&[
        project.clone(),
        name.clone(),
        (
            "permissions",
            Value::string_set(["api.files.read", "Not.A.Permission"]),
        ),
    ]);
    let diags = validate_project_role(&mut client, invalid).await;
    let errors = error_diagnostics(&diags);
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert_eq!(
        attribute_names(errors[0].attribute.as_ref()),
        ["permissions"],
        "{diags:?}"
    );
    assert!(
        errors[0].detail.contains("Not.A.Permission")
            || errors[0].summary.contains("Not.A.Permission"),
        "{diags:?}"
    );

    // Unknown values are validated later, at apply.
    let (unknown, _) = project_role_config(&[
        project.clone(),
        ("name", Value::Unknown),
        ("permissions", Value::string_set(["api.files.read"])),
    ]);
    let diags = validate_project_role(&mut client, unknown.clone()).await;
    assert!(
        error_diagnostics(&diags).is_empty(),
        "unknown name: {diags:?}"
    );

    // Terraform 1.6+ sends refined unknowns (extension 12 whose payload is a
    // map of refinements), e.g. "not null, starts with Rea" (8 bytes: cty
    // picks fixext 8) or "not null, starts with Re" (7 bytes: ext 8).
    let plain_unknown = [0xd4, 0x00, 0x00];
    let at: Vec<usize> = unknown
        .windows(3)
        .enumerate()
        .filter(|(_, w)| *w == plain_unknown)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), 1, "expected one unknown in {unknown:02x?}");
    let refinements: [&[u8]; 2] = [
        &[0xd7, 0x0c, 0x82, 0x01, 0xc2, 0x02, 0xa3, b'R', b'e', b'a'],
        &[0xc7, 0x07, 0x0c, 0x82, 0x01, 0xc2, 0x02, 0xa2, b'R', b'e'],
    ];
    for refined in refinements {
        let mut config = unknown[..at[0]].to_vec();
        config.extend_from_slice(refined);
        config.extend_from_slice(&unknown[at[0] + 3..]);
        let diags = validate_project_role(&mut client, config).await;
        assert!(
            error_diagnostics(&diags).is_empty(),
            "refined unknown name {refined:02x?}: {diags:?}"
        );
    }

    // A wholly unknown set (e.g. from another resource's output) too.
    let (unknown_set, _) = project_role_config(&[project, name, ("permissions", Value::Unknown)]);
    let diags = validate_project_role(&mut client, unknown_set).await;
    assert!(
        error_diagnostics(&diags).is_empty(),
        "unknown permissions: {diags:?}"
    );
}

const SERVICE_ACCOUNT_KEY: &str = "openai_project_service_account_key";
const ADMIN_KEY: &str = "openai_admin_api_key";

/// A configuration of an ephemeral resource: `set` over all-null attributes.
fn ephemeral_config(type_name: &str, set: &[(&str, Value)]) -> pb::DynamicValue {
    let ty = Provider::new()
        .ephemeral_resource(type_name)
        .map(|e| e.schema().value_type())
        .expect("ephemeral resource type");
    let Type::Object(attributes) = &ty else {
        panic!("not an object type")
    };
    let mut object: BTreeMap<String, Value> = attributes
        .keys()
        .map(|k| (k.clone(), Value::Null))
        .collect();
    for (name, value) in set {
        object.insert((*name).to_owned(), value.clone());
    }
    pb::DynamicValue {
        msgpack: encode_msgpack(&Value::Object(object), &ty),
        json: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ephemeral_resources_are_served() {
    let identity = ClientIdentity::generate();
    let (mut plugin, handshake) = Plugin::start(&identity);
    let channel = connect_mtls(&handshake, &identity).await;
    let mut client = provider(&channel);

    let schema = within(
        "GetProviderSchema",
        client.get_provider_schema(pb::get_provider_schema::Request {}),
    )
    .await
    .expect("GetProviderSchema")
    .into_inner();
    for name in [SERVICE_ACCOUNT_KEY, ADMIN_KEY] {
        let block = schema.ephemeral_resource_schemas[name]
            .block
            .as_ref()
            .expect("ephemeral schema block");
        let value = block
            .attributes
            .iter()
            .find(|a| a.name == "value")
            .unwrap_or_else(|| panic!("{name} has no value"));
        assert!(value.computed && value.sensitive, "{name}.value: {value:?}");
    }
    // The data source of the same name is another namespace in Terraform.
    assert!(schema.data_source_schemas.contains_key(ADMIN_KEY));

    let metadata = within(
        "GetMetadata",
        client.get_metadata(pb::get_metadata::Request {}),
    )
    .await
    .expect("GetMetadata")
    .into_inner();
    let mut listed: Vec<&str> = metadata
        .ephemeral_resources
        .iter()
        .map(|e| e.type_name.as_str())
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, [ADMIN_KEY, SERVICE_ACCOUNT_KEY]);

    // Control: a valid configuration has no diagnostics.
    let validate = |config| pb::validate_ephemeral_resource_config::Request {
        type_name: ADMIN_KEY.into(),
        config: Some(config),
    };
    let valid = within(
        "ValidateEphemeralResourceConfig",
        client.validate_ephemeral_resource_config(validate(ephemeral_config(
            ADMIN_KEY,
            &[("expires_in_seconds", Value::Number(900.0))],
        ))),
    )
    .await
    .expect("ValidateEphemeralResourceConfig")
    .into_inner();
    assert!(valid.diagnostics.is_empty(), "{:?}", valid.diagnostics);
    let invalid = within(
        "ValidateEphemeralResourceConfig",
        client.validate_ephemeral_resource_config(validate(ephemeral_config(
            ADMIN_KEY,
            &[("expires_in_seconds", Value::Number(0.0))],
        ))),
    )
    .await
    .expect("ValidateEphemeralResourceConfig")
    .into_inner();
    let errors = error_diagnostics(&invalid.diagnostics);
    assert_eq!(errors.len(), 1, "{:?}", invalid.diagnostics);
    assert_eq!(
        attribute_names(errors[0].attribute.as_ref()),
        ["expires_in_seconds"]
    );

    // A configuration with unknowns opens nothing: no request, no private
    // data, an unknown result (Terraform itself does not open those).
    let unknown = within(
        "OpenEphemeralResource",
        client.open_ephemeral_resource(pb::open_ephemeral_resource::Request {
            type_name: SERVICE_ACCOUNT_KEY.into(),
            config: Some(ephemeral_config(
                SERVICE_ACCOUNT_KEY,
                &[
                    ("project_id", Value::string("proj_a")),
                    ("service_account_id", Value::Unknown),
                ],
            )),
            ..Default::default()
        }),
    )
    .await
    .expect("OpenEphemeralResource")
    .into_inner();
    assert!(unknown.diagnostics.is_empty(), "{:?}", unknown.diagnostics);
    assert!(unknown.private.is_none() && unknown.result.is_some());

    // Closing what was never opened deletes nothing and does not fail.
    let close = within(
        "CloseEphemeralResource",
        client.close_ephemeral_resource(pb::close_ephemeral_resource::Request {
            type_name: SERVICE_ACCOUNT_KEY.into(),
            private: None,
        }),
    )
    .await
    .expect("CloseEphemeralResource")
    .into_inner();
    assert!(close.diagnostics.is_empty(), "{:?}", close.diagnostics);

    assert!(plugin.is_running(), "{}", plugin.stderr_text());
}
