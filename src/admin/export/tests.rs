//! The export of small hand-made inventories.

use super::*;
use crate::admin::test_support::{assigned_from, inventory};

fn exported(inventory: &Inventory) -> Export {
    build(inventory, &ExportOptions::default())
}

#[test]
fn the_join_role_is_the_project_groups_and_not_an_assignment_too() {
    let export = exported(&inventory());
    let projects = &export.files["projects.tf"];
    assert!(
        projects.contains("id = \"proj_web/group_ops/role-api-project-member\""),
        "{projects}"
    );
    assert!(
        projects.contains("role       = \"role-api-project-member\""),
        "{projects}"
    );
    let assignments = &export.files["assignments.tf"];
    assert!(
        assignments.contains("id = \"proj_web/group_ops/role_deploy\""),
        "{assignments}"
    );
    assert!(
        !assignments.contains("group_ops/role-api-project-member"),
        "{assignments}"
    );
    // A custom join role is referenced; the SCIM group through its data source.
    assert!(
        projects.contains("id = \"proj_web/group_sso/role_deploy\""),
        "{projects}"
    );
    assert!(
        projects.contains("group_id   = data.openai_group.sso.id"),
        "{projects}"
    );
    assert!(
        projects.contains("role       = openai_project_role.deployer.id"),
        "{projects}"
    );
}

#[test]
fn what_cannot_be_adopted_is_commented_out_or_left_out_and_reported() {
    let export = exported(&inventory());
    let roles = &export.files["roles.tf"];
    // A role without permissions is adopted like any other: the API accepts
    // one, and so does the provider.
    assert!(
        roles.contains(
            "resource \"openai_project_role\" \"nothing_yet\" {\n  project_id  = \
             openai_project.web.id\n  name        = \"Nothing Yet\"\n  permissions = []\n}"
        ),
        "{roles}"
    );
    assert!(!roles.contains("# Not exported"), "{roles}");
    // Only the accepted invite (see `declared_types_...` below).
    assert_eq!(
        export.skipped,
        ["openai_invite.cy: the invite is accepted: only pending invites can be managed"],
    );

    let notes = export.notes.join("\n");
    assert!(
        notes.contains("archived project \"Old\" (proj_old)"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "assignment proj_web/user_ann/role-api-project-member: inherited from group_ops"
        ),
        "{notes}"
    );
    let assignments = &export.files["assignments.tf"];
    assert!(
        !assignments.contains("proj_web/user_ann/role-api-project-member"),
        "{assignments}"
    );
    let groups = &export.files["groups.tf"];
    assert!(!groups.contains("openai_group_user\" \"sso"), "{groups}");
    assert!(groups.contains("data \"openai_group\" \"sso\""), "{groups}");
    // Predefined roles are never resources.
    assert!(!roles.contains("member"), "{roles}");

    assert_eq!(export.data_sources, 1);
    let imports: usize = export
        .files
        .values()
        .map(|text| text.lines().filter(|l| *l == "import {").count())
        .sum();
    assert_eq!(imports, export.import_count());
}

#[test]
fn the_same_organization_listed_in_another_order_gives_the_same_files() {
    let mut shuffled = inventory();
    shuffled.groups.reverse();
    shuffled.projects.reverse();
    for project in &mut shuffled.projects {
        if let Some(contents) = &mut project.contents {
            contents.roles.reverse();
            contents.groups.reverse();
            for group in &mut contents.groups {
                group.roles.reverse();
            }
        }
    }
    assert_eq!(exported(&shuffled), exported(&inventory()));
}

#[test]
fn filters_only_remove_and_turn_references_into_ids() {
    let options = ExportOptions {
        types: TypeFilter::new(&["openai_group_role_assignment".into()], &[], &[]).unwrap(),
        project_ids: None,
        changed: None,
    };
    let export = build(&inventory(), &options);
    assert_eq!(
        export.files.keys().collect::<Vec<_>>(),
        ["assignments.tf", "providers.tf"]
    );
    let assignments = &export.files["assignments.tf"];
    // No project group is written, so the join role is an assignment too.
    assert!(
        assignments.contains("group_ops/role-api-project-member\""),
        "{assignments}"
    );
    assert!(
        assignments.contains("role_id    = \"role_deploy\""),
        "{assignments}"
    );
    assert!(
        assignments.contains("project_id = \"proj_web\""),
        "{assignments}"
    );
    let read = options.read_plan();
    assert!(read.project_groups && !read.group_members && !read.project_users);
}

#[test]
fn providers_file_names_the_source_and_leaves_the_settings_to_the_environment() {
    let providers = &exported(&Inventory::default()).files[PROVIDERS_FILE];
    assert!(
        providers.contains("openai = { source = \"tfopenai/openai\" }"),
        "{providers}"
    );
    assert!(
        providers.ends_with("provider \"openai\" {}\n"),
        "{providers}"
    );
    assert!(
        providers.contains("OPENAI_ADMIN_KEY (required)"),
        "{providers}"
    );
}

#[test]
fn a_users_assignment_no_source_explains_is_kept() {
    let mut inventory = inventory();
    let web = inventory.projects[0].contents.as_mut().unwrap();
    // Listed as held through sso, which does not hold Viewer in proj_web.
    web.users[0].roles.push(assigned_from(
        "role-api-project-viewer__api-project__proj_web",
        &["group_sso"],
    ));
    let export = exported(&inventory);
    let assignments = &export.files["assignments.tf"];
    assert!(
        assignments.contains("id = \"proj_web/user_ann/role-api-project-viewer\""),
        "{assignments}"
    );
    let notes = export.notes.join("\n");
    assert!(!notes.contains("role-api-project-viewer"), "{notes}");
}

#[test]
fn an_active_project_with_an_archive_time_is_exported_as_the_provider_manages_it() {
    let mut inventory = inventory();
    let web = &mut inventory.projects[0].project;
    assert_eq!(web.status, "active");
    web.archived_at = Some(5);
    let export = exported(&inventory);
    assert!(
        export.files["projects.tf"].contains("resource \"openai_project\" \"web\""),
        "{}",
        export.files["projects.tf"]
    );
    assert!(
        !export.notes.join("\n").contains("archived project \"Web\""),
        "{:?}",
        export.notes
    );
}

#[test]
fn scim_members_are_neither_written_nor_reported() {
    let export = exported(&inventory());
    let groups = &export.files["groups.tf"];
    assert!(groups.contains("group_ops/user_ann"), "{groups}");
    assert!(!groups.contains("group_sso/user_ann"), "{groups}");
    assert!(
        groups.contains("(SCIM): referred to, not managed. Its members are not"),
        "{groups}"
    );
    assert!(
        !export.notes.join("\n").contains("SSO"),
        "{:?}",
        export.notes
    );
    assert!(!ExportOptions::default().read_plan().scim_members);
}

#[test]
fn the_files_an_export_writes_are_the_files_it_owns() {
    let export = exported(&inventory());
    let written: Vec<&str> = export.files.keys().map(String::as_str).collect();
    assert_eq!(written, file_names());
}

#[test]
fn declared_types_are_written_with_imports_references_and_no_key() {
    let export = exported(&inventory());
    let people = &export.files["people.tf"];
    assert!(
        people.contains(
            "# Invite bob@example.com\nimport {\n  to = openai_invite.bob\n  \
             id = \"invite-bob\"\n}\nresource \"openai_invite\" \"bob\" {\n  \
             email = \"bob@example.com\"\n  role  = \"reader\"\n  projects = [\n    \
             { id = openai_project.web.id, role = \"member\" },\n  ]\n}\n"
        ),
        "{people}"
    );
    // An accepted invite is history: a comment, with no block to uncomment.
    assert!(
        people.contains(
            "# Invite cy@example.com\n# Not exported: the invite is accepted: only pending \
             invites can be managed.\n"
        ),
        "{people}"
    );
    assert!(!people.contains("invite-cy\""), "{people}");
    let projects = &export.files["projects.tf"];
    assert!(
        projects.contains(
            "# Service account CI in Web\nimport {\n  to = openai_project_service_account.ci\n  \
             id = \"proj_web/svc_acct_ci\"\n}\n\
             resource \"openai_project_service_account\" \"ci\" {\n  \
             project_id = openai_project.web.id\n  name       = \"CI\"\n}\n"
        ),
        "{projects}"
    );
    // The archived project's service account is left out with its project.
    assert!(!projects.contains("svc_acct_old"), "{projects}");
    assert_eq!(export.imports[&ResourceType::Declared("openai_invite")], 1);
    assert_eq!(
        export.imports[&ResourceType::Declared("openai_project_service_account")],
        1
    );
}

#[test]
fn the_type_filter_decides_which_declared_types_are_read_and_written() {
    let options = |include: &[&str]| ExportOptions {
        types: TypeFilter::new(
            &include.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &[],
            &[],
        )
        .unwrap(),
        project_ids: None,
        changed: None,
    };
    let all = ExportOptions::default().read_plan();
    assert_eq!(
        all.declared,
        [
            "openai_certificate",
            "openai_invite",
            "openai_organization_spend_alert",
            "openai_project_service_account",
            "openai_project_spend_alert"
        ]
        .into()
    );
    // Every setting but the rate limits, which are off by default.
    assert_eq!(all.settings.len(), 6, "{:?}", all.settings);
    assert!(!all.settings.contains("openai_project_rate_limit"));
    let policies = options(&["openai_project_spend_limit"]).read_plan();
    assert_eq!(policies.settings, ["openai_project_spend_limit"].into());
    assert!(policies.declared.is_empty() && !policies.project_roles);
    let invites = options(&["openai_invite"]);
    assert_eq!(invites.read_plan().declared, ["openai_invite"].into());
    let export = build(&inventory(), &invites);
    assert_eq!(
        export.files.keys().collect::<Vec<_>>(),
        ["people.tf", "providers.tf"]
    );
    let accounts = options(&["openai_project_service_account"]);
    let export = build(&inventory(), &accounts);
    let projects = &export.files["projects.tf"];
    // The project is not written: project_id stays a literal.
    assert!(projects.contains("project_id = \"proj_web\""), "{projects}");
    assert!(!export.files.contains_key("people.tf"));
    assert!(file_names().contains(&"people.tf"));
}

fn with_rate_limits() -> ExportOptions {
    ExportOptions {
        types: TypeFilter::new(&[], &["openai_project_rate_limit".into()], &[]).unwrap(),
        project_ids: None,
        changed: None,
    }
}

#[test]
fn settings_are_written_from_their_declarations_with_typed_values() {
    let export = exported(&inventory());
    let policies = &export.files["policies.tf"];
    // Import IDs `organization` and `<project_id>`; project_id refers to
    // the exported project; computed attributes are not written.
    assert!(
        policies.contains(
            "import {\n  to = openai_organization_data_retention.organization\n  \
             id = \"organization\"\n}\nresource \"openai_organization_data_retention\" \
             \"organization\" {\n  type = \"zero_data_retention\"\n}\n"
        ),
        "{policies}"
    );
    assert!(
        policies.contains(
            "resource \"openai_project_model_permissions\" \"web\" {\n  project_id = \
             openai_project.web.id\n  mode       = \"allow_list\"\n  model_ids = [\n    \
             \"o3\",\n    \"gpt-4.1\",\n  ]\n}"
        ),
        "a list keeps the API's order: {policies}"
    );
    assert!(
        policies.contains("  web_search_enabled       = false\n"),
        "{policies}"
    );
    assert!(
        policies.contains(
            "resource \"openai_project_spend_limit\" \"web\" {\n  project_id       = \
             openai_project.web.id\n  threshold_amount = 50000\n  currency         = \"USD\"\n  \
             interval         = \"month\"\n}"
        ),
        "{policies}"
    );
    for computed in [
        "object",
        "enforcement_status",
        "restored_on_destroy",
        "  model ",
        "\"\"",
    ] {
        assert!(
            !policies.contains(computed),
            "{computed} written:\n{policies}"
        );
    }
    // Never set (the read found none): not written; archived Old's: left out.
    assert!(
        !policies.contains("openai_organization_spend_limit"),
        "{policies}"
    );
    assert!(!policies.contains("proj_old"), "{policies}");
    assert_eq!(
        export.imports[&ResourceType::Setting("openai_project_data_retention")],
        1
    );
}

#[test]
fn rate_limits_are_written_only_when_asked_for_and_the_default_says_how() {
    let default = exported(&inventory());
    let policies = &default.files["policies.tf"];
    assert!(
        !policies.contains("resource \"openai_project_rate_limit\""),
        "{policies}"
    );
    assert!(
        policies.contains("# Not written: every openai_project_rate_limit: not written by default"),
        "{policies}"
    );
    let note = default.notes.join("\n");
    assert!(
        note.contains("to write them, export with --with openai_project_rate_limit"),
        "{note}"
    );

    let export = build(&inventory(), &with_rate_limits());
    assert!(
        export.notes.iter().all(|n| !n.contains("rate_limit")),
        "{:?}",
        export.notes
    );
    let policies = &export.files["policies.tf"];
    assert!(!policies.contains("# Not written"), "{policies}");
    assert!(
        policies.contains(
            "# Rate limit rl-gpt-4o of Web\nimport {\n  to = openai_project_rate_limit.web_rl_gpt_4o\n  \
             id = \"proj_web/rl-gpt-4o\"\n}\nresource \"openai_project_rate_limit\" \
             \"web_rl_gpt_4o\" {\n  project_id                = openai_project.web.id\n  \
             rate_limit_id             = \"rl-gpt-4o\"\n  max_requests_per_1_minute = 500\n  \
             max_tokens_per_1_minute   = 30000\n}\n"
        ),
        "a limit the model lacks (null) is left out: {policies}"
    );
    assert!(
        policies.contains("  max_images_per_1_minute   = 50\n"),
        "{policies}"
    );
    assert_eq!(
        export.imports[&ResourceType::Setting("openai_project_rate_limit")],
        2
    );
    assert!(
        with_rate_limits()
            .read_plan()
            .settings
            .contains("openai_project_rate_limit")
    );
}

#[test]
fn spend_alerts_and_certificates_are_written_with_numbers_lists_and_their_pem() {
    let export = exported(&inventory());
    let policies = &export.files["policies.tf"];
    assert!(
        policies.contains(
            "resource \"openai_organization_spend_alert\" \"spend_alert_2000\" {\n  \
             threshold_amount          = 2000\n"
        ),
        "{policies}"
    );
    // No subject prefix (null): left out, never "".
    let org_alert = policies
        .split("resource \"openai_organization_spend_alert\"")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap();
    assert!(!org_alert.contains("subject_prefix"), "{org_alert}");
    assert!(
        policies.contains("  notification_channel_subject_prefix = \"[web]\"\n"),
        "{policies}"
    );
    assert!(
        policies.contains("id = \"proj_web/alert_web\""),
        "{policies}"
    );
    let pem = crate::admin::test_support::certificate_pem();
    assert!(
        policies.contains(&format!(
            "resource \"openai_certificate\" \"mtls\" {{\n  name        = \"mTLS\"\n  \
             certificate = {}\n}}",
            crate::admin::hcl::quote(&pem)
        )),
        "{policies}"
    );
    // Activation is the import's to read: not written.
    assert!(!policies.contains("active"), "{policies}");
}

#[test]
fn a_certificate_without_its_pem_is_commented_out_with_the_reason() {
    let mut inventory = inventory();
    let certificates = inventory.declared.get_mut("openai_certificate").unwrap();
    certificates[0].0["certificate_details"]
        .as_object_mut()
        .unwrap()
        .remove("content");
    let export = exported(&inventory);
    assert!(
        export.skipped.iter().any(|s| s.starts_with(
            "openai_certificate.mtls: the API did not \
             return its PEM"
        )),
        "{:?}",
        export.skipped
    );
    let policies = &export.files["policies.tf"];
    assert!(
        !policies.contains("resource \"openai_certificate\""),
        "{policies}"
    );
    assert!(
        !export
            .imports
            .contains_key(&ResourceType::Declared("openai_certificate")),
        "{:?}",
        export.imports
    );
}
