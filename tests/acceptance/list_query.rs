//! List resources and `terraform query` (Terraform 1.14+) on the newest
//! CLI: `list` blocks find the organization's objects, with filters and
//! display names; `-generate-config-out` writes configuration for the
//! 200-object organization of the export test that plans as imports only
//! (the same objects, by type, as `openai-admin export` adopts) and is
//! empty after apply, with no write reaching the API.

use std::collections::BTreeMap;
use std::time::Instant;

use tfopenai::admin::types::ResourceType;
use tfopenai::fake::FakeConfig;

use crate::export::{expected_imports, seed, seed_declared, writes};
use crate::support::Workspace;

/// Writes `query.tfquery.hcl`.
fn write_query(ws: &Workspace, hcl: &str) {
    std::fs::write(ws.path().join("query.tfquery.hcl"), hcl).expect("write query file");
}

/// The result lines of `terraform query` (`list.<type>.<name>  <identity>
/// <display name>`), whitespace folded.
fn results(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| l.starts_with("list."))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn query_generates_configuration_that_adopts_the_200_object_organization() {
    let ws = Workspace::with_config(FakeConfig::default()).on_newest_cli();
    seed(&ws);
    seed_declared(&ws);
    ws.write("");
    let lists: String = ResourceType::names()
        .iter()
        .map(|ty| {
            format!("list \"{ty}\" \"all\" {{\n  provider         = openai\n  include_resource = true\n}}\n")
        })
        .collect();
    write_query(&ws, &lists);
    let handle = ws.handle();
    handle.reset_counters();

    let started = Instant::now();
    ws.ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let elapsed = started.elapsed();
    let generated = std::fs::read_to_string(ws.path().join("generated.tf")).unwrap();
    let mut imported: BTreeMap<String, usize> = BTreeMap::new();
    for line in generated.lines() {
        if let Some(target) = line.trim().strip_prefix("to ") {
            let target = target.trim_start_matches([' ', '=']);
            let ty = target.split('.').next().unwrap().to_owned();
            *imported.entry(ty).or_default() += 1;
        }
    }
    // Every list is queried, rate limits' too.
    let expected = expected_imports(&handle, true);
    let total: usize = expected.values().sum();
    println!(
        "terraform query -generate-config-out: {total} objects in {} ms, {} API requests",
        elapsed.as_millis(),
        handle.request_count()
    );
    assert!(
        total >= 200,
        "the seed makes at least 200 objects, not {total}"
    );
    assert_eq!(
        imported, expected,
        "one import per object the export adopts, by type"
    );
    assert!(generated.contains("identity = {"), "imports by identity");
    // Each project group is adopted with its join role, as the export
    // chooses it (that role is then no group role assignment of its own).
    let groups: Vec<&str> = generated
        .split("resource \"openai_project_group\" ")
        .skip(1)
        .map(|block| block.split("\n}").next().unwrap())
        .collect();
    assert_eq!(groups.len(), expected["openai_project_group"]);
    for block in groups {
        let role = block
            .lines()
            .find(|l| l.trim_start().starts_with("role "))
            .unwrap_or_default();
        assert!(role.contains("\"role"), "no join role: {block}");
    }
    assert!(!generated.contains(" id = "), "no string import IDs");

    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {total} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        writes(&handle),
        Vec::<String>::new(),
        "query, plan and apply must only read"
    );
}

#[test]
fn lists_filter_and_name_what_they_find() {
    let ws = Workspace::new().on_newest_cli();
    ws.write("");
    write_query(
        &ws,
        r#"
list "openai_project_user" "alpha" {
  provider = openai
  config {
    project_id = "proj_alpha"
  }
}
list "openai_group_user" "bob" {
  provider = openai
  config {
    user_id = "user_bob"
  }
}
list "openai_organization_user" "everyone" {
  provider = openai
}
list "openai_project_api_key" "beta" {
  provider = openai
  config {
    project_id = "proj_beta"
  }
}
list "openai_project" "all" {
  provider = openai
  limit    = 1
}
"#,
    );
    let run = ws.run(&["query", "-no-color"]);
    assert!(run.status.success(), "{}", crate::support::combined(&run));
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    let found = results(&out);
    let of = |list: &str| -> Vec<&String> {
        found
            .iter()
            .filter(|l| l.starts_with(&format!("{list} ")))
            .collect()
    };
    assert_eq!(
        of("list.openai_project_user.alpha"),
        [
            "list.openai_project_user.alpha project_id=proj_alpha,user_id=user_alice alpha_alice",
            "list.openai_project_user.alpha project_id=proj_alpha,user_id=user_bob alpha_bob",
        ],
        "{out}"
    );
    assert_eq!(
        of("list.openai_group_user.bob"),
        ["list.openai_group_user.bob group_id=group_engineering,user_id=user_bob engineering_bob"],
        "{out}"
    );
    let everyone = of("list.openai_organization_user.everyone");
    assert_eq!(everyone.len(), 5, "{out}");
    assert!(
        everyone
            .iter()
            .any(|l| l.ends_with("user_id=user_erin erin@example.com")),
        "{out}"
    );
    let keys = of("list.openai_project_api_key.beta");
    assert_eq!(keys.len(), 1, "{out}");
    assert!(
        keys[0].contains("api_key_id=key_fixtureBobLaptop000000000,project_id=proj_beta"),
        "{out}"
    );
    assert_eq!(of("list.openai_project.all").len(), 1, "{out}");
}

#[test]
fn list_configuration_is_checked_before_anything_is_read() {
    let ws = Workspace::new().on_newest_cli();
    ws.write("");
    write_query(
        &ws,
        "list \"openai_project_user\" \"bad\" {\n  provider = openai\n  config {\n    project_id = \"proj alpha\"\n  }\n}\n",
    );
    let out = ws.fails(&["query", "-no-color"]);
    assert!(out.contains("project_id"), "{out}");
    assert!(out.contains("list.openai_project_user.bad"), "{out}");

    // A project's own ID is no filter of the project list.
    write_query(
        &ws,
        "list \"openai_project\" \"one\" {\n  provider = openai\n  config {\n    project_id = \"proj_alpha\"\n  }\n}\n",
    );
    let out = ws.fails(&["query", "-no-color"]);
    assert!(out.contains("Unsupported argument"), "{out}");

    // A project the organization does not have is an error on the filter.
    write_query(
        &ws,
        "list \"openai_project_user\" \"none\" {\n  provider = openai\n  config {\n    project_id = \"proj_nope\"\n  }\n}\n",
    );
    let out = ws.fails(&["query", "-no-color"]);
    assert!(out.contains("Cannot list openai_project_user"), "{out}");
    assert!(out.contains("proj_nope"), "{out}");
}

/// The policy types and admin keys: every settings type (the
/// organization's and each active project's, every rate limit), spend
/// alerts, a certificate and an admin key are found, and the generated
/// configuration adopts them all with only imports and no write.
#[test]
fn query_finds_and_adopts_the_policy_types_and_admin_keys() {
    use serde_json::json;
    let ws = Workspace::new().on_newest_cli();
    crate::resource_identity::spend_limits(&ws);
    let key_id = crate::resource_identity::admin_key(&ws, "ci-pipeline");
    let alert = |path: &str, cents: i64| {
        let (status, made) = ws.fake_request(
            "POST",
            path,
            Some(json!({
                "threshold_amount": cents, "currency": "USD", "interval": "month",
                "notification_channel": {"type": "email", "recipients": ["ops@example.com"]},
            })),
        );
        assert_eq!(status, 200, "{made}");
    };
    alert("/v1/organization/spend_alerts", 90000);
    alert("/v1/organization/projects/proj_beta/spend_alerts", 2000);
    let pem = crate::policies_objects::test_certificate("listed.example.com", 200);
    let (status, cert) = ws.fake_request(
        "POST",
        "/v1/organization/certificates",
        Some(json!({"name": "client mTLS", "certificate": pem})),
    );
    assert_eq!(status, 200, "{cert}");
    ws.write("");
    let types = [
        "openai_organization_data_retention",
        "openai_organization_spend_limit",
        "openai_project_data_retention",
        "openai_project_model_permissions",
        "openai_project_hosted_tool_permissions",
        "openai_project_spend_limit",
        "openai_project_rate_limit",
        "openai_organization_spend_alert",
        "openai_project_spend_alert",
        "openai_certificate",
        "openai_admin_api_key",
    ];
    let lists: String = types
        .iter()
        .map(|ty| {
            format!("list \"{ty}\" \"all\" {{\n  provider         = openai\n  include_resource = true\n}}\n")
        })
        .collect();
    let filtered = "list \"openai_project_rate_limit\" \"beta\" {\n  provider = openai\n  \
                    limit    = 2\n  config {\n    project_id = \"proj_beta\"\n  }\n}\n";
    write_query(&ws, &format!("{lists}{filtered}"));
    let handle = ws.handle();
    handle.reset_counters();
    let run = ws.run(&["query", "-no-color"]);
    assert!(run.status.success(), "{}", crate::support::combined(&run));
    let found = results(&String::from_utf8_lossy(&run.stdout));
    let count = |list: &str| found.iter().filter(|l| l.starts_with(list)).count();
    // Two active projects (the archived one cannot be managed).
    let expected = [
        ("openai_organization_data_retention", 1),
        ("openai_organization_spend_limit", 1),
        ("openai_project_data_retention", 2),
        ("openai_project_model_permissions", 2),
        ("openai_project_hosted_tool_permissions", 2),
        // Only Alpha has a spend limit.
        ("openai_project_spend_limit", 1),
        // Six models' limits in each project.
        ("openai_project_rate_limit", 12),
        ("openai_organization_spend_alert", 1),
        ("openai_project_spend_alert", 1),
        ("openai_certificate", 1),
        ("openai_admin_api_key", 1),
    ];
    for (ty, n) in expected {
        assert_eq!(count(&format!("list.{ty}.all ")), n, "{ty}: {found:#?}");
    }
    assert_eq!(
        count("list.openai_project_rate_limit.beta "),
        2,
        "{found:#?}"
    );
    let line = |prefix: &str| {
        found
            .iter()
            .find(|l| l.starts_with(prefix))
            .cloned()
            .unwrap_or_else(|| panic!("no {prefix}: {found:#?}"))
    };
    assert!(
        line("list.openai_organization_data_retention.all singleton_id=organization ")
            .ends_with("data retention of the organization"),
        "{found:#?}"
    );
    assert!(
        line("list.openai_project_rate_limit.beta project_id=proj_beta,rate_limit_id=rl-")
            .contains(" of Beta"),
        "{found:#?}"
    );
    assert!(
        line(&format!("list.openai_admin_api_key.all key_id={key_id} ")).contains("ci-pipeline"),
        "{found:#?}"
    );
    let key_values = handle.issued_key_values();
    for value in &key_values {
        assert!(
            !found.iter().any(|l| l.contains(value.as_str())),
            "a key value was listed"
        );
    }

    // Without the filtered list, which would adopt two limits twice.
    write_query(&ws, &lists);
    ws.ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let generated = std::fs::read_to_string(ws.path().join("generated.tf")).unwrap();
    let total: usize = expected.iter().map(|(_, n)| n).sum();
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {total} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{generated}\n{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        writes(&handle),
        Vec::<String>::new(),
        "query, plan and apply must only read"
    );
    let tfstate = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    for value in &key_values {
        assert!(!tfstate.contains(value.as_str()), "a key value was stored");
        assert!(
            !generated.contains(value.as_str()),
            "a key value was written"
        );
    }
}
