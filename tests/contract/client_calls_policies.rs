//! The client calls of the declared types (the policy types: settings,
//! spend alerts, certificates; and invites, service accounts, organization
//! users). Their requests are built by the declared resources
//! (`resources/declared`) on the generic object client, so each call here
//! drives the provider's own resource (create, refresh, update, delete,
//! import) with plan and state values, as Terraform would: the requests
//! checked are the ones the provider sends.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use tfopenai::api::{AdminClient, Route};
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::value::Value;

use super::ClientCall;

// Ids as in the description's examples.
const PROJECT: &str = "proj_abc123";
const ALERT: &str = "alert_abc123";
const CERTIFICATE: &str = "cert_abc";
const RATE_LIMIT: &str = "rl-ada";
/// Committed key material must read as a test value: the PEM is never
/// parsed by these calls (that is plan time), only sent.
const PEM: &str = "-----BEGIN CERTIFICATE-----\nTEST-NOT-A-REAL-KEY\n-----END CERTIFICATE-----\n";

/// The provider's resource of `type_name`.
pub fn resource(type_name: &str) -> &'static Arc<dyn Resource> {
    static ALL: OnceLock<Vec<Arc<dyn Resource>>> = OnceLock::new();
    ALL.get_or_init(tfopenai::resources::all)
        .iter()
        .find(|r| r.type_name() == type_name)
        .unwrap_or_else(|| panic!("no resource type {type_name}"))
}

/// The lists these resources read through the run's cache, forgotten
/// before each call so that every call (and every variant of an answer)
/// is asked for again rather than served from the cache.
pub fn forget_lists(client: &AdminClient) {
    let routes: [&[&str]; 8] = [
        &["organization", "invites"],
        &["organization", "users"],
        &["organization", "projects", PROJECT, "service_accounts"],
        &["organization", "spend_alerts"],
        &["organization", "projects", PROJECT, "spend_alerts"],
        &["organization", "projects", PROJECT, "rate_limits"],
        &["organization", "certificates"],
        &["organization", "projects", PROJECT, "certificates"],
    ];
    for route in routes {
        client.lists().forget(&Route::new(route.iter().copied()));
    }
}

/// `drive!(operation, also, label, |client| future)`: `also` are the other
/// operations the call makes on the way (a named create lists first, an
/// activation follows the rename it comes with).
macro_rules! drive {
    ($operation:literal, $also:expr, $label:literal, |$client:ident| $body:expr) => {
        ClientCall {
            operation: $operation,
            also: $also,
            label: $label,
            run: |$client| {
                Box::pin(async move {
                    forget_lists($client);
                    let outcome = $body.await;
                    outcome
                        .map(|value| format!("{value:?}"))
                        .map_err(|error| format!("{error:?}"))
                })
            },
        }
    };
}

fn object(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn n(number: f64) -> Value {
    Value::Number(number)
}

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|i| Value::string(*i)).collect())
}

// Settings: the state keys, then the fields.

fn organization(fields: &[(&str, Value)], restored: &str) -> Value {
    let mut all = vec![
        ("id", s("organization")),
        ("singleton_id", s("organization")),
        ("restored_on_destroy", s(restored)),
    ];
    all.extend_from_slice(fields);
    object(&all)
}

fn project(fields: &[(&str, Value)], restored: &str) -> Value {
    let mut all = vec![
        ("project_id", s(PROJECT)),
        ("id", s(PROJECT)),
        ("restored_on_destroy", s(restored)),
    ];
    all.extend_from_slice(fields);
    object(&all)
}

fn org_retention() -> Value {
    organization(
        &[("type", s("zero_data_retention"))],
        r#"{"retention_type":"modified_abuse_monitoring"}"#,
    )
}

fn project_retention() -> Value {
    project(
        &[("type", s("zero_data_retention"))],
        r#"{"retention_type":"organization_default"}"#,
    )
}

fn model_permissions() -> Value {
    let mut state = project(
        &[
            ("mode", s("allow_list")),
            ("model_ids", strings(&["gpt-4.1", "o3"])),
        ],
        "",
    );
    state.set("restored_on_destroy", Value::Null);
    state
}

fn hosted_tools(image_generation: bool) -> Value {
    project(
        &[
            ("file_search_enabled", Value::Bool(true)),
            ("web_search_enabled", Value::Bool(true)),
            ("image_generation_enabled", Value::Bool(image_generation)),
            ("mcp_enabled", Value::Bool(true)),
            ("code_interpreter_enabled", Value::Bool(true)),
        ],
        r#"{"file_search":{"enabled":true}}"#,
    )
}

fn spend_limit(owner: fn(&[(&str, Value)], &str) -> Value) -> Value {
    let mut state = owner(
        &[
            ("threshold_amount", n(10000.0)),
            ("currency", s("USD")),
            ("interval", s("month")),
        ],
        "",
    );
    state.set("restored_on_destroy", Value::Null);
    state
}

fn rate_limit(requests: f64) -> Value {
    let mut state = project(
        &[
            ("max_requests_per_1_minute", n(requests)),
            ("max_tokens_per_1_minute", n(150000.0)),
        ],
        r#"{"max_requests_per_1_minute":600}"#,
    );
    state.set("rate_limit_id", s(RATE_LIMIT));
    state.set("id", s(RATE_LIMIT));
    state
}

// Objects.

fn spend_alert(in_project: bool, threshold: f64) -> Value {
    let mut state = object(&[
        ("id", s(ALERT)),
        ("alert_id", s(ALERT)),
        ("threshold_amount", n(threshold)),
        ("currency", s("USD")),
        ("interval", s("month")),
        ("notification_channel_type", s("email")),
        (
            "notification_channel_recipients",
            strings(&["finance@example.com"]),
        ),
        (
            "notification_channel_subject_prefix",
            s("OpenAI spend alert"),
        ),
    ]);
    if in_project {
        state.set("project_id", s(PROJECT));
    }
    state
}

/// A spend alert's plan before the create: its ID unknown.
fn new_spend_alert(in_project: bool) -> Value {
    let mut planned = spend_alert(in_project, 100000.0);
    planned.set("id", Value::Unknown);
    planned.set("alert_id", Value::Unknown);
    planned
}

fn certificate(name: &str, active: bool, projects: Option<&[&str]>) -> Value {
    object(&[
        ("id", s(CERTIFICATE)),
        ("certificate_id", s(CERTIFICATE)),
        ("name", s(name)),
        ("certificate", s(PEM)),
        ("created_at", n(1234567.0)),
        ("valid_at", n(12345667.0)),
        ("expires_at", n(12345678.0)),
        ("active", Value::Bool(active)),
        (
            "active_project_ids",
            projects.map_or(Value::Null, |p| Value::string_set(p.iter().copied())),
        ),
    ])
}

fn new_certificate() -> Value {
    let mut planned = certificate("My Example Certificate", false, None);
    for computed in [
        "id",
        "certificate_id",
        "created_at",
        "valid_at",
        "expires_at",
        "active",
    ] {
        planned.set(computed, Value::Unknown);
    }
    planned
}

const RENAME: &[&str] = &["modifyCertificate"];

// People and machines (declared the same way).

fn invite(id: Value) -> Value {
    object(&[
        ("id", id.clone()),
        ("invite_id", id),
        ("email", s("anotheruser@example.com")),
        ("role", s("reader")),
        ("projects", Value::Null),
        ("status", s("pending")),
        ("created_at", n(1711471533.0)),
        ("expires_at", n(1711471533.0)),
        ("accepted_at", Value::Null),
    ])
}

fn service_account(id: Value, name: &str) -> Value {
    object(&[
        ("project_id", s(PROJECT)),
        ("id", id.clone()),
        ("service_account_id", id),
        ("name", s(name)),
        ("role", s("member")),
        ("created_at", n(1711471533.0)),
    ])
}

fn organization_user(role: &str) -> Value {
    object(&[
        ("id", s("user_abc")),
        ("user_id", s("user_abc")),
        ("role", s(role)),
    ])
}

// The resource operations, owning their values: the futures borrow
// nothing of the call's temporaries.

async fn read(c: &AdminClient, t: &str, state: Value) -> Result<Option<Value>, Diagnostics> {
    resource(t).read(c, &state).await
}

async fn create(c: &AdminClient, t: &str, planned: Value) -> Result<Applied, Failure> {
    resource(t).create(c, &planned).await
}

async fn update(
    c: &AdminClient,
    t: &str,
    prior: Value,
    planned: Value,
) -> Result<Applied, Failure> {
    resource(t).update(c, &prior, &planned).await
}

async fn delete(c: &AdminClient, t: &str, state: Value) -> Result<(), Diagnostics> {
    resource(t).delete(c, &state).await
}

async fn import(c: &AdminClient, t: &str, id: &str) -> Result<Value, Diagnostics> {
    resource(t).import(c, id).await
}

pub fn all() -> Vec<ClientCall> {
    vec![
        // Invites: a create is posted once (the API refuses a second
        // invite to the same email, see Recover::Keyed).
        // A read of an invite past its expiry looks for the person among the
        // users (did they join?).
        drive!(
            "list-invites",
            &["retrieve-invite", "list-users"],
            "invite read",
            |c| { read(c, "openai_invite", invite(s("invite-def"))) }
        ),
        drive!("inviteUser", &[], "invite create", |c| {
            create(c, "openai_invite", invite(Value::Unknown))
        }),
        drive!("retrieve-invite", &[], "invite import", |c| {
            import(c, "openai_invite", "invite-abc")
        }),
        drive!("delete-invite", &[], "invite destroy", |c| {
            delete(c, "openai_invite", invite(s("invite-abc")))
        }),
        // Project service accounts.
        drive!(
            "list-project-service-accounts",
            &["retrieve-project-service-account"],
            "service account read",
            |c| read(
                c,
                "openai_project_service_account",
                service_account(s("svc_acct_abc"), "Production App")
            )
        ),
        drive!(
            "create-project-service-account",
            &["list-project-service-accounts"],
            "service account create",
            |c| create(
                c,
                "openai_project_service_account",
                service_account(Value::Unknown, "Production App")
            )
        ),
        drive!(
            "update-project-service-account",
            &[],
            "service account rename",
            |c| update(
                c,
                "openai_project_service_account",
                service_account(s("svc_acct_abc"), "Production App"),
                service_account(s("svc_acct_abc"), "Renamed App")
            )
        ),
        drive!(
            "delete-project-service-account",
            &[],
            "service account destroy",
            |c| delete(
                c,
                "openai_project_service_account",
                service_account(s("svc_acct_abc"), "Production App")
            )
        ),
        // Organization users: import-only, updated and removed.
        drive!("modify-user", &[], "organization user role change", |c| {
            update(
                c,
                "openai_organization_user",
                organization_user("reader"),
                organization_user("owner"),
            )
        }),
        drive!("delete-user", &[], "organization user destroy", |c| {
            delete(c, "openai_organization_user", organization_user("owner"))
        }),
        // Data retention: refresh reads, update and create set (create
        // reads first, to remember what destroy puts back).
        drive!(
            "retrieve-organization-data-retention",
            &[],
            "organization data retention read",
            |c| read(c, "openai_organization_data_retention", org_retention())
        ),
        drive!(
            "update-organization-data-retention",
            &[],
            "organization data retention update",
            |c| update(
                c,
                "openai_organization_data_retention",
                org_retention(),
                org_retention()
            )
        ),
        drive!(
            "update-organization-data-retention",
            &["retrieve-organization-data-retention"],
            "organization data retention create",
            |c| create(c, "openai_organization_data_retention", org_retention())
        ),
        drive!(
            "retrieve-project-data-retention",
            &[],
            "project data retention read",
            |c| read(c, "openai_project_data_retention", project_retention())
        ),
        drive!(
            "update-project-data-retention",
            &[],
            "project data retention update",
            |c| update(
                c,
                "openai_project_data_retention",
                project_retention(),
                project_retention()
            )
        ),
        drive!(
            "update-project-data-retention",
            &[],
            "project data retention destroy (puts back the remembered type)",
            |c| delete(c, "openai_project_data_retention", project_retention())
        ),
        // Model permissions: deleted on destroy.
        drive!(
            "retrieve-project-model-permissions",
            &[],
            "model permissions read",
            |c| read(c, "openai_project_model_permissions", model_permissions())
        ),
        drive!(
            "update-project-model-permissions",
            &[],
            "model permissions update",
            |c| update(
                c,
                "openai_project_model_permissions",
                model_permissions(),
                model_permissions()
            )
        ),
        drive!(
            "delete-project-model-permissions",
            &[],
            "model permissions destroy",
            |c| delete(c, "openai_project_model_permissions", model_permissions())
        ),
        // Hosted tool permissions.
        drive!(
            "retrieve-project-hosted-tool-permissions",
            &[],
            "hosted tool permissions read",
            |c| read(
                c,
                "openai_project_hosted_tool_permissions",
                hosted_tools(true)
            )
        ),
        drive!(
            "update-project-hosted-tool-permissions",
            &[],
            "hosted tool permissions update",
            |c| update(
                c,
                "openai_project_hosted_tool_permissions",
                hosted_tools(true),
                hosted_tools(false)
            )
        ),
        // Spend limits: deleted on destroy.
        drive!(
            "Getorganizationspendlimit",
            &[],
            "organization spend limit read",
            |c| read(
                c,
                "openai_organization_spend_limit",
                spend_limit(organization)
            )
        ),
        drive!(
            "Updateorganizationspendlimit",
            &[],
            "organization spend limit update",
            |c| update(
                c,
                "openai_organization_spend_limit",
                spend_limit(organization),
                spend_limit(organization)
            )
        ),
        drive!(
            "Deleteorganizationspendlimit",
            &[],
            "organization spend limit destroy",
            |c| delete(
                c,
                "openai_organization_spend_limit",
                spend_limit(organization)
            )
        ),
        drive!(
            "Getprojectspendlimit",
            &[],
            "project spend limit read",
            |c| read(c, "openai_project_spend_limit", spend_limit(project))
        ),
        drive!(
            "Updateprojectspendlimit",
            &[],
            "project spend limit update",
            |c| update(
                c,
                "openai_project_spend_limit",
                spend_limit(project),
                spend_limit(project)
            )
        ),
        drive!(
            "Deleteprojectspendlimit",
            &[],
            "project spend limit destroy",
            |c| delete(c, "openai_project_spend_limit", spend_limit(project))
        ),
        // Rate limits: one of the project's list, updated at its item.
        drive!("list-project-rate-limits", &[], "rate limit read", |c| {
            read(c, "openai_project_rate_limit", rate_limit(600.0))
        }),
        drive!(
            "update-project-rate-limits",
            &[],
            "rate limit update",
            |c| update(
                c,
                "openai_project_rate_limit",
                rate_limit(600.0),
                rate_limit(500.0)
            )
        ),
        drive!(
            "update-project-rate-limits",
            &[],
            "rate limit destroy (puts back the remembered limits)",
            |c| delete(c, "openai_project_rate_limit", rate_limit(500.0))
        ),
        // Spend alerts of the organization. A refresh finds the alert in
        // the list (else retrieves it); a create lists first (names need
        // not be unique, see unclear_create).
        drive!(
            "list-organization-spend-alerts",
            &["retrieve-organization-spend-alert"],
            "organization spend alert read",
            |c| read(
                c,
                "openai_organization_spend_alert",
                spend_alert(false, 100000.0)
            )
        ),
        drive!(
            "create-organization-spend-alert",
            &["list-organization-spend-alerts"],
            "organization spend alert create",
            |c| create(c, "openai_organization_spend_alert", new_spend_alert(false))
        ),
        drive!(
            "retrieve-organization-spend-alert",
            &[],
            "organization spend alert import",
            |c| import(c, "openai_organization_spend_alert", ALERT)
        ),
        drive!(
            "update-organization-spend-alert",
            &[],
            "organization spend alert update",
            |c| update(
                c,
                "openai_organization_spend_alert",
                spend_alert(false, 100000.0),
                spend_alert(false, 150000.0)
            )
        ),
        drive!(
            "delete-organization-spend-alert",
            &[],
            "organization spend alert destroy",
            |c| delete(
                c,
                "openai_organization_spend_alert",
                spend_alert(false, 150000.0)
            )
        ),
        // Spend alerts of a project.
        drive!(
            "list-project-spend-alerts",
            &["retrieve-project-spend-alert"],
            "project spend alert read",
            |c| read(c, "openai_project_spend_alert", spend_alert(true, 100000.0))
        ),
        drive!(
            "create-project-spend-alert",
            &["list-project-spend-alerts"],
            "project spend alert create",
            |c| create(c, "openai_project_spend_alert", new_spend_alert(true))
        ),
        drive!(
            "retrieve-project-spend-alert",
            &[],
            "project spend alert import",
            |c| import(c, "openai_project_spend_alert", "proj_abc123/alert_abc123")
        ),
        drive!(
            "update-project-spend-alert",
            &[],
            "project spend alert update",
            |c| update(
                c,
                "openai_project_spend_alert",
                spend_alert(true, 100000.0),
                spend_alert(true, 150000.0)
            )
        ),
        drive!(
            "delete-project-spend-alert",
            &[],
            "project spend alert destroy",
            |c| delete(c, "openai_project_spend_alert", spend_alert(true, 150000.0))
        ),
        // Certificates: upload, rename, activation at the organization and
        // in a project, deactivation and delete on destroy.
        drive!(
            "listOrganizationCertificates",
            &["getCertificate"],
            "certificate read",
            |c| read(
                c,
                "openai_certificate",
                certificate("My Example Certificate", true, None)
            )
        ),
        drive!(
            "uploadCertificate",
            &["listOrganizationCertificates"],
            "certificate create",
            |c| create(c, "openai_certificate", new_certificate())
        ),
        drive!(
            "getCertificate",
            &["listOrganizationCertificates"],
            "certificate import (with its content)",
            |c| import(c, "openai_certificate", CERTIFICATE)
        ),
        drive!("modifyCertificate", &[], "certificate rename", |c| {
            update(
                c,
                "openai_certificate",
                certificate("My Example Certificate", false, None),
                certificate("Renamed Certificate", false, None),
            )
        }),
        drive!(
            "activateOrganizationCertificates",
            RENAME,
            "certificate activated at the organization",
            |c| update(
                c,
                "openai_certificate",
                certificate("My Example Certificate", false, None),
                certificate("My Example Certificate", true, None)
            )
        ),
        drive!(
            "deactivateOrganizationCertificates",
            RENAME,
            "certificate deactivated at the organization",
            |c| update(
                c,
                "openai_certificate",
                certificate("My Example Certificate", true, None),
                certificate("My Example Certificate", false, None)
            )
        ),
        drive!(
            "activateProjectCertificates",
            RENAME,
            "certificate activated in a project",
            |c| update(
                c,
                "openai_certificate",
                certificate("My Example Certificate", false, Some(&[])),
                certificate("My Example Certificate", false, Some(&[PROJECT]))
            )
        ),
        drive!(
            "deactivateProjectCertificates",
            RENAME,
            "certificate deactivated in a project",
            |c| update(
                c,
                "openai_certificate",
                certificate("My Example Certificate", false, Some(&[PROJECT])),
                certificate("My Example Certificate", false, Some(&[]))
            )
        ),
        drive!(
            "listProjectCertificates",
            &["listOrganizationCertificates", "getCertificate"],
            "certificate refresh with its projects",
            |c| read(
                c,
                "openai_certificate",
                certificate("My Example Certificate", true, Some(&[PROJECT]))
            )
        ),
        drive!(
            "deleteCertificate",
            &[
                "deactivateOrganizationCertificates",
                "deactivateProjectCertificates"
            ],
            "certificate destroy (deactivated first)",
            |c| delete(
                c,
                "openai_certificate",
                certificate("My Example Certificate", true, Some(&[PROJECT]))
            )
        ),
        drive!(
            "deleteCertificate",
            &[],
            "certificate destroy (inactive)",
            |c| delete(
                c,
                "openai_certificate",
                certificate("My Example Certificate", false, None)
            )
        ),
    ]
}
