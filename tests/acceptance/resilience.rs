//! Surviving the real Admin API: rate-limit storms, transient errors,
//! interrupted applies, eventual consistency, timeouts.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use tfopenai::fake::{FakeConfig, FaultConfig, RateLimitScope, RateLimitSignal};

use crate::support::{Workspace, combined};

/// `roles` custom roles in proj_alpha, each given to the project's three
/// member groups: `roles * 3` assignments.
fn many_assignments(roles: usize) -> String {
    format!(
        r#"
locals {{
  groups = ["group_engineering", "group_support", "group_finance"]
  pairs  = {{ for pair in setproduct(range({roles}), local.groups) : "${{pair[0]}}-${{pair[1]}}" => pair }}
}}

resource "openai_project_role" "r" {{
  count       = {roles}
  project_id  = "proj_alpha"
  name        = "storm role ${{count.index}}"
  permissions = ["api.files.read"]
}}

resource "openai_group_role_assignment" "a" {{
  for_each   = local.pairs
  project_id = "proj_alpha"
  group_id   = each.value[1]
  role_id    = openai_project_role.r[each.value[0]].id
}}
"#
    )
}

/// Assignment ids Terraform holds in state.
fn state_assignment_ids(ws: &Workspace) -> BTreeSet<String> {
    ws.state_resources()
        .iter()
        .filter(|r| r["type"] == "openai_group_role_assignment")
        .map(|r| r["values"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Assignment ids the fake holds, in the provider's ID format.
fn fake_assignment_ids(ws: &Workspace) -> BTreeSet<String> {
    ws.handle()
        .group_assignments()
        .into_iter()
        .map(|a| match a.project_id {
            Some(p) => format!("{p}/{}/{}", a.group_id, a.role_id),
            None => format!("{}/{}", a.group_id, a.role_id),
        })
        .collect()
}

#[test]
fn storm_of_429s_and_503s_loses_nothing() {
    let ws = Workspace::with_page_size(20);
    ws.write(&many_assignments(67)); // 201 assignments + 67 roles
    ws.handle().set_faults(FaultConfig {
        rate_429: 0.30,
        // Random 429s that state no wait: this test is about losing
        // nothing. A stated wait would be taken as the endpoint's budget by
        // the per-endpoint pacer (api/pacer.rs), which then paces the
        // storm's 268 creates at about one a second per endpoint: minutes,
        // correct but slow (pacing is tested with per-route limits below).
        retry_after_secs: 0,
        rate_5xx: 0.05,
        // Worst case for creates: applied, then answered with a 503.
        rate_5xx_after_apply: 0.03,
        seed: 42,
        ..FaultConfig::default()
    });
    let started = Instant::now();
    let out = ws.ok(&["apply", "-auto-approve", "-no-color", "-parallelism=10"]);
    let elapsed = started.elapsed();
    assert!(
        out.contains("Resources: 268 added, 0 changed, 0 destroyed"),
        "{out}"
    );

    let in_state = state_assignment_ids(&ws);
    assert_eq!(in_state.len(), 201);
    assert_eq!(
        in_state,
        fake_assignment_ids(&ws),
        "state matches the API exactly"
    );
    assert_eq!(
        ws.handle().custom_project_roles("proj_alpha").len(),
        67,
        "no duplicate roles"
    );

    let statuses = ws.handle().status_counts();
    eprintln!(
        "storm: 268 resources, {} requests, {} faults injected ({:?}), apply took {:.1?}",
        ws.handle().request_count(),
        ws.handle().faults_injected(),
        statuses,
        elapsed
    );
    assert!(
        ws.handle().faults_injected() > 50,
        "the storm really happened"
    );

    // Refresh under the same storm: still exact, nothing to change.
    ws.assert_plan_empty();
}

/// The silent case: each route limited on its own (240/min, burst 3) with
/// the wait only in the message, and on top of it random 429s that state
/// "Please try again after 1 second" in the message only, no header (an
/// early one must not pace the run at 1/s: api/pacer.rs), and 5xx.
#[test]
fn a_silent_per_endpoint_storm_stating_waits_in_the_message_loses_nothing() {
    let ws = Workspace::with_page_size(20);
    ws.write(&many_assignments(10)); // 30 assignments + 10 roles
    ws.handle().set_faults(FaultConfig {
        rate_429: 0.15,
        retry_after_secs: 1,
        rate_5xx: 0.03,
        rate_limit_per_minute: Some(240),
        rate_limit_burst: 3,
        rate_limit_scope: RateLimitScope::PerRoute,
        rate_limit_signal: RateLimitSignal::Message,
        seed: 7,
        ..FaultConfig::default()
    });
    let started = Instant::now();
    let out = ws.ok(&["apply", "-auto-approve", "-no-color", "-parallelism=10"]);
    let elapsed = started.elapsed();
    assert!(
        out.contains("Resources: 40 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    assert_eq!(state_assignment_ids(&ws), fake_assignment_ids(&ws));
    assert_eq!(fake_assignment_ids(&ws).len(), 30);
    assert_eq!(ws.handle().custom_project_roles("proj_alpha").len(), 10);
    let statuses = ws.handle().status_counts();
    eprintln!(
        "silent storm: 40 resources, {} requests ({statuses:?}), apply took {elapsed:.1?}",
        ws.handle().request_count(),
    );
    assert!(
        ws.handle().faults_injected() > 3,
        "the storm really happened"
    );
    ws.assert_plan_empty();
}

#[test]
fn interrupted_apply_converges_on_reapply() {
    let ws = Workspace::with_config(FakeConfig {
        latency: Duration::from_millis(150),
        ..FakeConfig::default()
    });
    ws.write(&many_assignments(8)); // 24 assignments + 8 roles
    let child = {
        use std::os::unix::process::CommandExt;
        let mut cmd = ws.command(&["apply", "-auto-approve", "-no-color", "-parallelism=3"]);
        cmd.process_group(0)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        // A test run in the background inherits SIGINT as ignored; give
        // Terraform the default disposition a terminal would.
        // SAFETY: only an async-signal-safe call between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                Ok(())
            });
        }
        cmd.spawn().expect("start terraform")
    };
    // Interrupt once some, not all, assignments exist.
    let deadline = Instant::now() + Duration::from_secs(60);
    while ws.handle().group_assignments().len() < 4 {
        assert!(Instant::now() < deadline, "apply made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Ctrl-C reaches the whole process group, the provider included.
    let group = libc::pid_t::try_from(child.id()).expect("pid fits");
    // SAFETY: plain kill(2) on the process group we created.
    assert_eq!(unsafe { libc::kill(-group, libc::SIGINT) }, 0);
    let out = child.wait_with_output().unwrap();
    let text = combined(&out);
    assert!(!out.status.success(), "the apply was interrupted:\n{text}");
    assert!(text.contains("Interrupt received"), "{text}");

    let partial = fake_assignment_ids(&ws);
    assert!(
        partial.len() < 24,
        "interrupted before the end ({})",
        partial.len()
    );
    assert_eq!(
        state_assignment_ids(&ws),
        partial,
        "everything the API has is in state, nothing more"
    );

    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(fake_assignment_ids(&ws).len(), 24);
    assert_eq!(state_assignment_ids(&ws), fake_assignment_ids(&ws));
    assert_eq!(ws.handle().custom_project_roles("proj_alpha").len(), 8);
}

#[test]
fn vanished_resource_warns_before_recreating() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_role" "r" {
  project_id  = "proj_alpha"
  name        = "Vanishing"
  permissions = ["api.files.read"]
}
"#,
    );
    ws.apply();
    let id = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    ws.handle().delete_project_role("proj_alpha", &id);
    let plan = ws.plan_changes().expect("recreation is planned");
    assert!(
        plan.contains(&format!(
            "Warning: openai_project_role {id} no longer exists"
        )),
        "{plan}"
    );
    assert!(plan.contains("deleted outside Terraform"), "{plan}");
}

#[test]
fn changing_only_timeouts_calls_no_api() {
    let ws = Workspace::new();
    let hcl = |timeouts: &str| {
        format!(
            "resource \"openai_group_role_assignment\" \"a\" {{\n  group_id = \"group_finance\"\n  role_id = \"role-api-organization-viewer\"\n{timeouts}}}\n"
        )
    };
    ws.write(&hcl(""));
    ws.apply();
    ws.write(&hcl(
        "  timeouts {\n    create = \"5m\"\n    delete = \"90s\"\n  }\n",
    ));
    ws.handle().reset_counters();
    let out = ws.apply();
    assert!(out.contains("1 changed"), "{out}");
    let writes: usize = ws
        .handle()
        .request_counts()
        .iter()
        .filter(|(route, _)| !route.starts_with("GET"))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(writes, 0, "no write request for a timeouts-only change");
    ws.assert_plan_empty();
}

#[test]
fn invalid_timeouts_fail_at_plan() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group_role_assignment" "a" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
  timeouts {
    create = "soon"
  }
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for timeouts.create"), "{out}");
    assert!(out.contains("\"soon\" is not a duration"), "{out}");
}

#[test]
fn malformed_ids_fail_at_plan_with_their_attribute() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group_role_assignment" "a" {
  project_id = "alpha"
  group_id   = "group support"
  role_id    = ""
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for project_id"), "{out}");
    assert!(out.contains("must start with \"proj_\""), "{out}");
    assert!(out.contains("Invalid value for group_id"), "{out}");
    assert!(out.contains("Invalid value for role_id"), "{out}");
    assert!(out.contains("must not be empty"), "{out}");
    assert_eq!(ws.handle().request_count(), 0);
}

#[test]
fn reads_right_after_create_tolerate_eventual_consistency() {
    let ws = Workspace::with_read_delay(Duration::from_millis(600));
    ws.write(
        r#"
resource "openai_project_role" "r" {
  project_id  = "proj_alpha"
  name        = "Lagging"
  permissions = ["api.files.read"]
}

resource "openai_group_role_assignment" "a" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = openai_project_role.r.id
}
"#,
    );
    ws.apply();
    // Refreshed at once: the API does not list the new objects yet.
    let out = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(0), "no changes expected:\n{text}");
    assert!(!text.contains("no longer exists"), "{text}");
}

#[test]
fn timeouts_bound_a_rate_limit_storm() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group_role_assignment" "a" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
  timeouts {
    create = "2s"
  }
}
"#,
    );
    ws.handle().set_faults(FaultConfig {
        rate_429: 1.0,
        retry_after_secs: 1,
        ..FaultConfig::default()
    });
    let started = Instant::now();
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "gave up promptly"
    );
    assert!(out.contains("Timed out after 2s"), "{out}");
    assert!(out.contains("raise timeouts { create = \"...\" }"), "{out}");
    assert!(ws.state_list().is_empty());
    assert!(ws.handle().group_assignments().is_empty());
}

#[test]
fn client_side_limit_paces_requests_without_429s() {
    let ws = Workspace::with_page_size(100);
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key = \"{}\"\n  max_requests_per_minute = 600\n}}\n{}",
        ws.fake.base_url(),
        crate::support::API_KEY,
        many_assignments(10)
    ));
    ws.handle().set_faults(FaultConfig {
        // Deeper than the client's burst of 10 (a 600/min client keeps 10
        // seconds' worth, capped at 10), so only pacing can keep 40
        // requests under it: an unpaced client sends them at once.
        rate_limit_per_minute: Some(700),
        rate_limit_burst: 20,
        ..FaultConfig::default()
    });
    ws.apply();
    let statuses = ws.handle().status_counts();
    assert_eq!(
        statuses.get(&429),
        None,
        "the client stayed under the limit: {statuses:?}"
    );
    assert_eq!(fake_assignment_ids(&ws).len(), 30);
}

#[test]
fn per_endpoint_silent_rate_limits_are_learned_with_default_settings() {
    let ws = Workspace::with_page_size(100);
    ws.write(&many_assignments(4)); // 4 roles + 12 assignments
    // As the real API: each route its own budget, the wait only in the message.
    ws.handle().set_faults(FaultConfig {
        rate_limit_per_minute: Some(120),
        rate_limit_burst: 2,
        rate_limit_scope: RateLimitScope::PerRoute,
        rate_limit_signal: RateLimitSignal::Message,
        ..FaultConfig::default()
    });
    ws.apply();
    assert_eq!(fake_assignment_ids(&ws).len(), 12);
    assert_eq!(ws.handle().custom_project_roles("proj_alpha").len(), 4);
    let limited = ws.handle().status_counts().get(&429).copied().unwrap_or(0);
    let total = ws.handle().request_count();
    eprintln!("per-route limits: {total} requests, {limited} x 429");
    // The roles' first wave may bounce (4 at once, burst 2); after that the
    // client paces each endpoint by what it learned, the assignments' too.
    assert!(limited <= 4, "{limited} of {total} requests answered 429");
}

#[test]
fn a_first_wave_to_an_unknown_limit_bounces_once_not_wave_wide() {
    // 9 assignments to one endpoint nobody has learned (the roles exist
    // already): Terraform sends them ten at a time. Each route allows
    // 120/min, burst 2, the wait only in the message.
    let ws = Workspace::with_config(FakeConfig {
        page_size: 100,
        ..FakeConfig::default()
    });
    let roles: Vec<String> = (0..3)
        .map(|i| {
            ws.handle()
                .insert_project_role("proj_alpha", &format!("wave {i}"), &["api.files.read"])
                .id
        })
        .collect();
    let roles_hcl = roles
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect::<Vec<_>>()
        .join(", ");
    ws.write(&format!(
        r#"
locals {{
  groups = ["group_engineering", "group_support", "group_finance"]
  roles  = [{roles_hcl}]
  pairs  = {{ for pair in setproduct(local.roles, local.groups) : "${{pair[0]}}-${{pair[1]}}" => pair }}
}}

resource "openai_group_role_assignment" "a" {{
  for_each   = local.pairs
  project_id = "proj_alpha"
  group_id   = each.value[1]
  role_id    = each.value[0]
}}
"#
    ));
    ws.handle().reset_counters();
    ws.handle().set_faults(FaultConfig {
        rate_limit_per_minute: Some(120),
        rate_limit_burst: 2,
        rate_limit_scope: RateLimitScope::PerRoute,
        rate_limit_signal: RateLimitSignal::Message,
        ..FaultConfig::default()
    });
    ws.apply();
    assert_eq!(fake_assignment_ids(&ws).len(), 9);
    let limited = ws.handle().status_counts().get(&429).copied().unwrap_or(0);
    let total = ws.handle().request_count();
    eprintln!("first wave: {total} requests, {limited} x 429");
    // Probed one at a time, the endpoint bounces once (the third request)
    // and is paced from then on; sent all at once, 7 of 9 would bounce.
    assert!(limited <= 2, "{limited} of {total} requests answered 429");
}
