use super::query::{Query, QueryError, Subject};
use super::render::{Format, render};
use super::*;
use crate::admin::test_support::inventory;

fn rows(access: &Access) -> Vec<(Option<&str>, &str, &str, &str)> {
    access
        .grants
        .iter()
        .map(|g| {
            (
                g.scope.project_id.as_deref(),
                g.holder.id.as_str(),
                g.role_id.as_str(),
                g.source.kind(),
            )
        })
        .collect()
}

const MEMBER: &str = "role-api-project-member";

#[test]
fn every_source_of_a_grant_is_told_apart() {
    let mut inv = inventory();
    // Give Web its owner role, so that ann's project user role `owner`
    // grants it.
    let web = inv.projects[0].contents.as_mut().unwrap();
    let mut owner = web.roles[0].clone();
    owner.id = "role-api-project-owner__api-project__proj_web".into();
    owner.name = "owner".into();
    owner.permissions = vec!["api.organization.projects.api_keys.write".into()];
    web.roles.push(owner);
    let access = Access::of(&inv);
    assert_eq!(
        rows(&access),
        [
            // Ann owns the organization.
            (
                None,
                "user_ann",
                "role-api-organization-owner",
                "organization_owner"
            ),
            // ops joined with member (the predefined role), Deployer is its
            // assignment; sso joined with Deployer; ann's own Deployer
            // is direct, her member is only inherited from ops.
            (
                Some("proj_web"),
                "user_ann",
                MEMBER,
                "project_group_join_role"
            ),
            (
                Some("proj_web"),
                "user_ann",
                "role-api-project-owner",
                "project_user_role"
            ),
            (Some("proj_web"), "user_ann", "role_deploy", "direct"),
            (Some("proj_web"), "user_ann", "role_deploy", "group"),
            (
                Some("proj_web"),
                "user_ann",
                "role_deploy",
                "project_group_join_role"
            ),
        ]
    );
    let sources: Vec<String> = access.grants.iter().map(|g| g.source.describe()).collect();
    assert!(sources.contains(&"group \"Ops\"'s assignment".to_string()));
    assert!(sources.contains(&"project group join role (group \"SSO\")".to_string()));
    assert!(sources.contains(&"project user role owner".to_string()));
    // The owner holds every catalogued permission, not only those its
    // listed role names.
    let owner = &access.grants[0];
    assert!(owner.holds("api.audit_logs.read") && owner.holds("api.groups.read"));
    // The archived project grants nothing and is not a scope.
    assert_eq!(access.projects.len(), 1);
    assert_eq!(access.memberships["user_ann"].len(), 2);
}

#[test]
fn a_group_whose_members_were_not_read_is_reported() {
    let mut inv = inventory();
    inv.groups[1].members = None;
    let access = Access::of(&inv);
    assert_eq!(access.unread_groups, ["group_sso"]);
    assert!(
        access
            .grants
            .iter()
            .all(|g| g.source.group().is_none_or(|(id, _)| id != "group_sso"))
    );
}

#[test]
fn a_non_owner_holds_the_predefined_organization_role_of_their_user_role() {
    let mut inv = inventory();
    inv.users[0].user.role = "reader".into();
    let access = Access::of(&inv);
    assert!(access.grants.iter().all(|g| g.scope.project_id.is_some()));
    inv.org_roles[0].id = "role-api-organization-reader".into();
    let access = Access::of(&inv);
    assert_eq!(
        access.grants[0].source,
        Source::OrganizationUserRole("reader".into())
    );
    assert_eq!(access.grants[0].permissions.len(), 1);
}

#[test]
fn queries_by_user_and_by_permission() {
    let access = Access::of(&inventory());
    let by = |subject: Subject, project: Option<&str>| {
        access.answer(&Query {
            subject,
            project_id: project.map(str::to_owned),
        })
    };
    let ann = by(Subject::Email("ANN@example.com".into()), None).unwrap();
    assert_eq!(ann.grants.len(), access.grants.len());
    assert_eq!(ann.holders.len(), 1);
    assert_eq!(
        ann.holders[0].groups,
        ["Ops", "SSO"].map(String::from).into()
    );
    assert_eq!(ann.scopes.len(), 2);
    assert!(ann.scopes[1].roles.contains("role_deploy"));
    // Who may request models in Web: the Deployer grants and the owner.
    let requesters = by(
        Subject::Permission("api.model.request".into()),
        Some("proj_web"),
    )
    .unwrap();
    assert!(
        requesters
            .grants
            .iter()
            .all(|g| g.holds("api.model.request"))
    );
    assert_eq!(requesters.grants.len(), 4);
    let nobody = by(
        Subject::Permission("api.evals.write".into()),
        Some("proj_web"),
    )
    .unwrap();
    assert_eq!(nobody.grants.len(), 1, "only the organization owner");
    assert_eq!(
        by(Subject::UserId("user_zed".into()), None),
        Err(QueryError::NoSuchUser("with ID \"user_zed\"".into()))
    );
    assert_eq!(
        by(
            Subject::Permission("api.files.read".into()),
            Some("proj_old")
        ),
        Err(QueryError::NoSuchProject("proj_old".into()))
    );
}

#[test]
fn the_summary_shows_owners_and_broadest_grants_first() {
    let summary = Access::of(&inventory()).summary();
    assert_eq!(summary.organization_owners[0].id, "user_ann");
    assert_eq!(summary.project_owners.len(), 1);
    let first = &summary.broadest[0];
    assert_eq!(first.through, "organization owner");
    assert!(first.permissions >= crate::permissions::PERMISSIONS.len());
    assert!(
        summary
            .broadest
            .windows(2)
            .all(|w| w[0].permissions >= w[1].permissions)
    );
}

#[test]
fn every_format_holds_every_grant() {
    let access = Access::of(&inventory());
    let markdown = render(&access, Format::Markdown);
    assert!(
        markdown.contains("## Project Web (`proj_web`)"),
        "{markdown}"
    );
    assert!(markdown.contains("| Ann <ann@example.com> | Deployer (`role_deploy`) | api.model.request | group \"Ops\"'s assignment |"), "{markdown}");
    let csv = render(&access, Format::Csv);
    assert_eq!(csv.lines().count(), access.grants.len() + 1);
    assert!(csv.contains(
        "project,proj_web,Web,user_ann,Ann,ann@example.com,role_deploy,Deployer,group,group_ops,Ops,\"group \"\"Ops\"\"'s assignment\",api.model.request"
    ), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&render(&access, Format::Json)).unwrap();
    let counted: usize = json["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["grants"].as_array().unwrap().len())
        .sum();
    assert_eq!(counted, access.grants.len());
    assert_eq!(
        json["summary"]["organization_owners"][0]["user_id"],
        "user_ann"
    );
    let html = render(&access, Format::Html);
    assert_eq!(
        html.matches("<tr data-user=").count()
            + html.matches("<tr class=\"owner-row\" data-user=").count(),
        access.grants.len()
    );
    assert!(html.contains("group &quot;Ops&quot;&#39;s assignment"));
    for remote in ["http://", "https://", "src=", "<link"] {
        assert!(!html.contains(remote), "the page loads {remote}");
    }
}
