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
        types: TypeFilter::new(&["openai_group_role_assignment".into()], &[]).unwrap(),
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
        )
        .unwrap(),
        project_ids: None,
        changed: None,
    };
    let all = ExportOptions::default().read_plan();
    assert_eq!(
        all.declared,
        ["openai_invite", "openai_project_service_account"].into()
    );
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
