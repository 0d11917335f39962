//! Check (b): every answer of the bundled fake validates against the
//! documented response schema (2xx: the operation's schema; 4xx and 5xx:
//! `ErrorResponse`), pages included.
//!
//! A scripted tour over raw HTTP (so the check does not depend on the
//! client) calls every documented operation the provider uses, in success
//! and error cases, with a page size of 2 so that lists come in several
//! pages, and follows each list with its documented cursor.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};
use tfopenai::fake::{DEFAULT_API_KEY, FakeConfig, FakeServer};

#[path = "fake_tour_people.rs"]
mod people;
#[path = "fake_tour_policies.rs"]
mod policies;

use super::report::Finding;
use super::schema::Schemas;
use super::spec::{CursorKind, Spec};
use super::undocumented::{ALLOWED_UNDOCUMENTED, Allowed};

/// Operations of spec/operations.txt the fake does not serve, with the
/// reason. (None today: the fake serves every operation the provider uses.)
pub const NOT_SERVED_BY_FAKE: &[(&str, &str)] = &[];

const ERROR_SCHEMA: &str = "#/components/schemas/ErrorResponse";
/// Server-side page cap, so that every list takes several pages.
const PAGE_SIZE: usize = 2;
const MAX_PAGES: usize = 50;

#[derive(Default)]
pub struct FakeRun {
    /// Answers that do not validate against the documented schema.
    pub schema_findings: Vec<Finding>,
    /// Fields of answers that their documented schema does not declare.
    pub undocumented_findings: Vec<Finding>,
    /// Entries of ALLOWED_UNDOCUMENTED some answer carried.
    pub allowed_seen: BTreeSet<Allowed>,
    /// Answers other than the documented behaviour the tour expects
    /// (an operation not served, a limit refused, an error not raised).
    pub behaviour_findings: Vec<Finding>,
    /// Operations the fake answered with a 2xx.
    pub served: BTreeSet<String>,
    /// Operations all of whose answers (2xx and errors) validated.
    pub conforming: BTreeSet<String>,
    /// Operations the tour called (declared), served or not.
    pub called: BTreeSet<String>,
    pub responses: usize,
    pub error_responses: usize,
    /// The types of the audit events listed at the end of the tour.
    pub audit_event_types: BTreeSet<String>,
    /// Most pages read from one list, per operation.
    pub pages: BTreeMap<String, usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    Success,
    /// The status the documented behaviour calls for.
    Error(u16),
}

struct Tour<'a> {
    spec: &'a Spec,
    schemas: &'a Schemas,
    http: reqwest::Client,
    base_url: String,
    out: FakeRun,
    departed: BTreeSet<String>,
}

impl<'a> Tour<'a> {
    /// Sends one request of operation `op` (path below the server URL) and
    /// checks the answer; returns the body of a 2xx.
    async fn call(
        &mut self,
        op: &str,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
        expect: Expect,
    ) -> Option<Value> {
        self.out.called.insert(op.to_string());
        let line = format!("{method} {path}{}", query_text(query));
        let Some((documented, _)) = self
            .spec
            .find(method.as_str(), &format!("{}{path}", self.spec.base_path))
        else {
            self.out.behaviour_findings.push(Finding::about(
                op,
                &line,
                "tour bug: not a documented path",
            ));
            return None;
        };
        if documented.id != op {
            self.out.behaviour_findings.push(Finding::about(
                op,
                &line,
                format!("tour bug: this request is {}, not {op}", documented.id),
            ));
        }
        let success_schema = documented.success_schema().map(str::to_string);
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(DEFAULT_API_KEY)
            .query(query);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    &line,
                    format!("no answer: {error}"),
                ));
                return None;
            }
        };
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        self.out.responses += 1;
        let context = format!("{line} -> {status}");
        let parsed: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(error) => {
                self.departed.insert(op.to_string());
                self.out.schema_findings.push(Finding::about(
                    op,
                    &context,
                    format!("the answer is not JSON ({error}): {text:.200}"),
                ));
                return None;
            }
        };
        let success = (200..300).contains(&status);
        let schema = if success {
            success_schema.unwrap_or_else(|| ERROR_SCHEMA.to_string())
        } else {
            self.out.error_responses += 1;
            ERROR_SCHEMA.to_string()
        };
        match self.schemas.check(&schema, &parsed) {
            Ok(violations) => {
                if !violations.is_empty() {
                    self.departed.insert(op.to_string());
                }
                for v in violations {
                    self.out.schema_findings.push(Finding::new(
                        op,
                        format!(
                            "{context} (schema {})",
                            schema.rsplit('/').next().unwrap_or("")
                        ),
                        v.at().to_string(),
                        v.error,
                    ));
                }
            }
            Err(error) => self
                .out
                .schema_findings
                .push(Finding::about(op, &context, error)),
        }
        let undocumented = undocumented_findings(
            self.schemas,
            op,
            &context,
            &schema,
            &parsed,
            &mut self.out.allowed_seen,
        );
        if !undocumented.is_empty() {
            self.departed.insert(op.to_string());
        }
        self.out.undocumented_findings.extend(undocumented);
        let message = parsed["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        match (expect, success) {
            (Expect::Success, true) => {
                self.out.served.insert(op.to_string());
                return Some(parsed);
            }
            (Expect::Success, false) => self.out.behaviour_findings.push(Finding::about(
                op,
                &context,
                format!("expected a documented success, got {status}: {message}"),
            )),
            (Expect::Error(wanted), true) => {
                self.out.served.insert(op.to_string());
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    &context,
                    format!("expected an error {wanted}, got a success"),
                ));
            }
            (Expect::Error(wanted), false) if wanted != status => {
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    &context,
                    format!("expected an error {wanted}, got {status}: {message}"),
                ))
            }
            (Expect::Error(_), false) => {}
        }
        None
    }

    async fn get(&mut self, op: &str, path: &str) -> Option<Value> {
        self.call(op, Method::GET, path, &[], None, Expect::Success)
            .await
    }

    async fn post(&mut self, op: &str, path: &str, body: Value) -> Option<Value> {
        self.call(op, Method::POST, path, &[], Some(body), Expect::Success)
            .await
    }

    async fn delete(&mut self, op: &str, path: &str) -> Option<Value> {
        self.call(op, Method::DELETE, path, &[], None, Expect::Success)
            .await
    }

    async fn fails(
        &mut self,
        op: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) {
        self.call(op, method, path, &[], body, Expect::Error(status))
            .await;
    }

    /// Posts to one of the fake's own control endpoints (`/__fake/...`, not
    /// the API, so its answer is not checked against the description).
    async fn control(&mut self, path: &str) {
        let url = format!(
            "{}{path}",
            self.base_url.trim_end_matches(&self.spec.base_path)
        );
        let outcome = self.http.post(&url).send().await;
        let failed = match outcome {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => format!("{}", response.status()),
            Err(error) => error.to_string(),
        };
        self.out.behaviour_findings.push(Finding::about(
            "(fake control)",
            format!("POST {path}"),
            format!("tour bug: the control request failed: {failed}"),
        ));
    }

    /// Reads every page of a list with the documented maximum `limit` and
    /// the documented cursor; returns all items.
    async fn list(&mut self, op: &str, path: &str, filters: &[(&str, &str)]) -> Vec<Value> {
        let Some(documented) = self.spec.operation(op).cloned() else {
            self.out.behaviour_findings.push(Finding::about(
                op,
                path,
                "tour bug: unknown operation",
            ));
            return Vec::new();
        };
        let limit = documented
            .limit_bounds()
            .and_then(|(_, max)| max)
            .map(|max| max.to_string());
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut seen = BTreeSet::new();
        for page in 1..=MAX_PAGES {
            let mut query: Vec<(&str, &str)> = filters.to_vec();
            if let Some(limit) = &limit {
                query.push(("limit", limit));
            }
            if let Some(after) = &cursor {
                query.push(("after", after));
            }
            let Some(body) = self
                .call(op, Method::GET, path, &query, None, Expect::Success)
                .await
            else {
                return items;
            };
            let entry = self.out.pages.entry(op.to_string()).or_default();
            *entry = (*entry).max(page);
            let data = body["data"].as_array().cloned().unwrap_or_default();
            items.extend(data.iter().cloned());
            if body["has_more"] != true {
                return items;
            }
            let last_id = data
                .last()
                .and_then(|item| item.get("id").or_else(|| item.get("group_id")))
                .and_then(Value::as_str)
                .map(str::to_string);
            let next = match self.spec.cursor_kind(&documented) {
                Some(CursorKind::Next) => body["next"].as_str().map(str::to_string),
                _ => last_id.clone(),
            };
            let line = format!("GET {path}{}", query_text(&query));
            let Some(next) = next.filter(|n| !n.is_empty()) else {
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    line,
                    format!(
                        "has_more is true but the documented cursor ({:?}) is missing",
                        self.spec.cursor_kind(&documented)
                    ),
                ));
                return items;
            };
            if let Some(last_id_field) = body["last_id"].as_str()
                && Some(last_id_field) != last_id.as_deref()
            {
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    line.clone(),
                    format!(
                        "last_id is {last_id_field:?} but the page's last object is {last_id:?}"
                    ),
                ));
            }
            if !seen.insert(next.clone()) {
                self.out.behaviour_findings.push(Finding::about(
                    op,
                    line,
                    format!("the cursor {next:?} came back twice"),
                ));
                return items;
            }
            cursor = Some(next);
        }
        items
    }

    /// A limit one past the documented maximum must be refused.
    async fn limit_too_large(&mut self, op: &str, path: &str) {
        let max = self
            .spec
            .operation(op)
            .and_then(|o| o.limit_bounds())
            .and_then(|(_, max)| max);
        if let Some(max) = max {
            let limit = (max + 1).to_string();
            self.call(
                op,
                Method::GET,
                path,
                &[("limit", &limit)],
                None,
                Expect::Error(400),
            )
            .await;
        }
    }
}

/// The fields of `answer` that the schema at `schema` does not declare and
/// ALLOWED_UNDOCUMENTED does not excuse; the entries that excused one are
/// added to `allowed_seen`.
pub fn undocumented_findings(
    schemas: &Schemas,
    op: &str,
    context: &str,
    schema: &str,
    answer: &Value,
    allowed_seen: &mut BTreeSet<Allowed>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for field in schemas.undocumented(schema, answer) {
        match field.allowed_by(ALLOWED_UNDOCUMENTED) {
            Some(entry) => {
                allowed_seen.insert(*entry);
            }
            None => findings.push(Finding::new(
                op,
                context,
                field.instance_path.clone(),
                field.message(),
            )),
        }
    }
    findings
}

fn query_text(query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> = query.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("?{}", pairs.join("&"))
    }
}

fn id_of(body: &Option<Value>) -> Option<String> {
    body.as_ref()?["id"].as_str().map(str::to_string)
}

pub async fn run(spec: &Arc<Spec>, schemas: &Schemas) -> FakeRun {
    let config = FakeConfig {
        page_size: PAGE_SIZE,
        ..FakeConfig::default()
    };
    let server = FakeServer::start(0, config)
        .await
        .expect("start the bundled fake");
    let mut tour = Tour {
        spec,
        schemas,
        http: reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("HTTP client"),
        base_url: server.base_url(),
        out: FakeRun::default(),
        departed: BTreeSet::new(),
    };
    roles(&mut tour).await;
    groups_and_members(&mut tour).await;
    projects(&mut tour).await;
    project_access(&mut tour).await;
    users(&mut tour).await;
    assignments(&mut tour).await;
    policies::settings(&mut tour).await;
    policies::rate_limits(&mut tour).await;
    policies::spend_alerts(&mut tour).await;
    policies::certificates(&mut tour).await;
    // After the writes above: their events are listed too.
    audit_logs(&mut tour).await;
    // Last: it deletes a user.
    people::invites(&mut tour).await;
    people::service_accounts_and_keys(&mut tour).await;
    people::admin_keys(&mut tour).await;
    people::users(&mut tour).await;
    // Again at the end, so the people operations' events are checked too.
    let events = tour
        .list("list-audit-logs", "/organization/audit_logs", &[])
        .await;
    tour.out.audit_event_types = events
        .iter()
        .filter_map(|e| e["type"].as_str().map(str::to_string))
        .collect();
    server.shutdown().await;
    let Tour {
        mut out, departed, ..
    } = tour;
    out.conforming = out.served.difference(&departed).cloned().collect();
    out
}

async fn roles(t: &mut Tour<'_>) {
    let base = "/projects/proj_alpha/roles";
    t.list("list-project-roles", base, &[]).await;
    t.limit_too_large("list-project-roles", base).await;
    let permissions = json!(["api.organization.projects.api_keys.read"]);
    let created = t
        .post(
            "create-project-role",
            base,
            json!({"role_name": "Contract Key Reader", "permissions": permissions, "description": "Reads keys"}),
        )
        .await;
    t.post(
        "create-project-role",
        base,
        json!({"role_name": "Contract Key Reader Two", "permissions": permissions}),
    )
    .await;
    t.fails(
        "create-project-role",
        Method::POST,
        base,
        Some(json!({"role_name": "Contract Key Reader", "permissions": permissions})),
        400,
    )
    .await;
    t.fails(
        "create-project-role",
        Method::POST,
        base,
        Some(json!({"role_name": "Bad", "permissions": ["not a permission"]})),
        400,
    )
    .await;
    t.list("list-project-roles", base, &[]).await;
    t.fails(
        "retrieve-project-role",
        Method::GET,
        &format!("{base}/role_missing"),
        None,
        404,
    )
    .await;
    if let Some(role) = id_of(&created) {
        let one = format!("{base}/{role}");
        t.get("retrieve-project-role", &one).await;
        t.post(
            "update-project-role",
            &one,
            json!({"role_name": "Contract Key Reader", "permissions": permissions, "description": null}),
        )
        .await;
        t.delete("delete-project-role", &one).await;
        t.fails("delete-project-role", Method::DELETE, &one, None, 404)
            .await;
    }

    let base = "/organization/roles";
    t.list("list-roles", base, &[]).await;
    t.limit_too_large("list-roles", base).await;
    let created = t
        .post(
            "create-role",
            base,
            json!({"role_name": "Contract Group Reader", "permissions": ["api.groups.read"]}),
        )
        .await;
    t.fails(
        "retrieve-role",
        Method::GET,
        &format!("{base}/role_missing"),
        None,
        404,
    )
    .await;
    if let Some(role) = id_of(&created) {
        let one = format!("{base}/{role}");
        t.get("retrieve-role", &one).await;
        t.post(
            "update-role",
            &one,
            json!({"role_name": "Contract Group Reader", "permissions": ["api.groups.read", "api.groups.write"], "description": "Groups"}),
        )
        .await;
        t.delete("delete-role", &one).await;
    }
}

async fn groups_and_members(t: &mut Tour<'_>) {
    let base = "/organization/groups";
    t.list("list-groups", base, &[]).await;
    t.limit_too_large("list-groups", base).await;
    let created = t
        .post("create-group", base, json!({"name": "Contract Team"}))
        .await;
    t.fails(
        "create-group",
        Method::POST,
        base,
        Some(json!({"name": ""})),
        400,
    )
    .await;
    t.fails(
        "retrieve-group",
        Method::GET,
        &format!("{base}/group_missing"),
        None,
        404,
    )
    .await;
    t.get("retrieve-group", &format!("{base}/group_sales"))
        .await;
    t.fails(
        "update-group",
        Method::POST,
        &format!("{base}/group_sales"),
        Some(json!({"name": "Renamed"})),
        400,
    )
    .await;
    t.fails(
        "delete-group",
        Method::DELETE,
        &format!("{base}/group_sales"),
        None,
        400,
    )
    .await;

    let members = format!("{base}/group_engineering/users");
    t.list("list-group-users", &members, &[]).await;
    t.limit_too_large("list-group-users", &members).await;
    t.post("add-group-user", &members, json!({"user_id": "user_carol"}))
        .await;
    t.fails(
        "add-group-user",
        Method::POST,
        &members,
        Some(json!({"user_id": "user_carol"})),
        400,
    )
    .await;
    t.list("list-group-users", &members, &[]).await;
    t.get("retrieve-group-user", &format!("{members}/user_carol"))
        .await;
    t.fails(
        "retrieve-group-user",
        Method::GET,
        &format!("{members}/user_erin"),
        None,
        404,
    )
    .await;
    t.delete("remove-group-user", &format!("{members}/user_carol"))
        .await;
    t.fails(
        "remove-group-user",
        Method::DELETE,
        &format!("{members}/user_carol"),
        None,
        404,
    )
    .await;

    if let Some(group) = id_of(&created) {
        let one = format!("{base}/{group}");
        t.get("retrieve-group", &one).await;
        t.post(
            "update-group",
            &one,
            json!({"name": "Contract Team Renamed"}),
        )
        .await;
        t.post(
            "add-group-user",
            &format!("{one}/users"),
            json!({"user_id": "user_erin"}),
        )
        .await;
        t.list("list-groups", base, &[]).await;
        t.delete("delete-group", &one).await;
        t.fails("retrieve-group", Method::GET, &one, None, 404)
            .await;
    }
}

async fn projects(t: &mut Tour<'_>) {
    let base = "/organization/projects";
    t.list("list-projects", base, &[]).await;
    t.list("list-projects", base, &[("include_archived", "true")])
        .await;
    t.limit_too_large("list-projects", base).await;
    t.get("retrieve-project", &format!("{base}/proj_legacy"))
        .await;
    t.fails(
        "retrieve-project",
        Method::GET,
        &format!("{base}/proj_missing"),
        None,
        404,
    )
    .await;
    let created = t
        .post("create-project", base, json!({"name": "Contract Project"}))
        .await;
    if let Some(project) = id_of(&created) {
        let one = format!("{base}/{project}");
        t.get("retrieve-project", &one).await;
        t.post(
            "modify-project",
            &one,
            json!({"name": "Contract Project Renamed"}),
        )
        .await;
        t.call(
            "archive-project",
            Method::POST,
            &format!("{one}/archive"),
            &[],
            None,
            Expect::Success,
        )
        .await;
        t.fails(
            "modify-project",
            Method::POST,
            &one,
            Some(json!({"name": "Again"})),
            400,
        )
        .await;
        t.list("list-projects", base, &[("include_archived", "true")])
            .await;
    }
}

async fn project_access(t: &mut Tour<'_>) {
    let groups = "/organization/projects/proj_alpha/groups";
    t.list("list-project-groups", groups, &[]).await;
    t.limit_too_large("list-project-groups", groups).await;
    let beta = "/organization/projects/proj_beta/groups";
    t.post(
        "add-project-group",
        beta,
        json!({"group_id": "group_support", "role": "role-api-project-member"}),
    )
    .await;
    t.fails(
        "add-project-group",
        Method::POST,
        beta,
        Some(json!({"group_id": "group_support", "role": "role-api-project-member"})),
        400,
    )
    .await;
    t.fails(
        "add-project-group",
        Method::POST,
        beta,
        Some(json!({"group_id": "group_missing", "role": "role-api-project-member"})),
        404,
    )
    .await;
    t.get("retrieve-project-group", &format!("{beta}/group_support"))
        .await;
    t.list("list-project-groups", beta, &[]).await;
    t.list(
        "list-project-group-role-assignments",
        "/projects/proj_beta/groups/group_support/roles",
        &[],
    )
    .await;
    t.delete("remove-project-group", &format!("{beta}/group_support"))
        .await;
    t.fails(
        "retrieve-project-group",
        Method::GET,
        &format!("{beta}/group_support"),
        None,
        404,
    )
    .await;
    t.fails(
        "remove-project-group",
        Method::DELETE,
        &format!("{beta}/group_support"),
        None,
        404,
    )
    .await;

    let users = "/organization/projects/proj_alpha/users";
    t.list("list-project-users", users, &[]).await;
    t.limit_too_large("list-project-users", users).await;
    t.post(
        "create-project-user",
        users,
        json!({"user_id": "user_carol", "role": "member"}),
    )
    .await;
    t.post(
        "create-project-user",
        users,
        json!({"email": "dee@example.com", "role": "owner"}),
    )
    .await;
    t.fails(
        "create-project-user",
        Method::POST,
        users,
        Some(json!({"user_id": "user_erin", "role": "admin"})),
        400,
    )
    .await;
    t.fails(
        "create-project-user",
        Method::POST,
        users,
        Some(json!({"user_id": "user_carol", "role": "member"})),
        400,
    )
    .await;
    t.list("list-project-users", users, &[]).await;
    t.get("retrieve-project-user", &format!("{users}/user_carol"))
        .await;
    t.post(
        "modify-project-user",
        &format!("{users}/user_carol"),
        json!({"role": "owner"}),
    )
    .await;
    t.delete("delete-project-user", &format!("{users}/user_carol"))
        .await;
    t.fails(
        "retrieve-project-user",
        Method::GET,
        &format!("{users}/user_carol"),
        None,
        404,
    )
    .await;
}

/// After the writes above, so there are events (and pages) to list.
async fn audit_logs(t: &mut Tour<'_>) {
    let base = "/organization/audit_logs";
    let all = t.list("list-audit-logs", base, &[]).await;
    if all.is_empty() {
        t.out.behaviour_findings.push(Finding::about(
            "list-audit-logs",
            base,
            "no events after the tour's writes".to_string(),
        ));
    }
    t.list(
        "list-audit-logs",
        base,
        &[
            ("event_types[]", "group.created"),
            ("resource_ids[]", "group_engineering"),
            ("effective_at[gte]", "0"),
        ],
    )
    .await;
    t.limit_too_large("list-audit-logs", base).await;
}

async fn users(t: &mut Tour<'_>) {
    let base = "/organization/users";
    t.list("list-users", base, &[]).await;
    let repeated = t
        .list(
            "list-users",
            base,
            &[
                ("emails", "alice@example.com"),
                ("emails", "BOB@example.com"),
            ],
        )
        .await;
    // The form OpenAI's SDKs send (and so the client): `emails[]=...`.
    let brackets = t
        .list(
            "list-users",
            base,
            &[
                ("emails[]", "alice@example.com"),
                ("emails[]", "BOB@example.com"),
            ],
        )
        .await;
    let ids = |users: &[Value]| -> Vec<Value> { users.iter().map(|u| u["id"].clone()).collect() };
    if ids(&repeated).len() != 2 || ids(&repeated) != ids(&brackets) {
        t.out.behaviour_findings.push(Finding::about(
            "list-users",
            base,
            format!(
                "the email filter found {:?} as emails= and {:?} as emails[]=; expected the same two users",
                ids(&repeated),
                ids(&brackets)
            ),
        ));
    }
    t.limit_too_large("list-users", base).await;
    t.get("retrieve-user", &format!("{base}/user_alice")).await;
    t.fails(
        "retrieve-user",
        Method::GET,
        &format!("{base}/user_missing"),
        None,
        404,
    )
    .await;
}

/// Role assignments of a group and a user, in a project and in the organization.
async fn assignments(t: &mut Tour<'_>) {
    let project_role = t
        .post(
            "create-project-role",
            "/projects/proj_alpha/roles",
            json!({"role_name": "Contract Assigned", "permissions": ["api.model.read"]}),
        )
        .await;
    let org_role = t
        .post(
            "create-role",
            "/organization/roles",
            json!({"role_name": "Contract Org Assigned", "permissions": ["api.groups.read"]}),
        )
        .await;
    let (Some(project_role), Some(org_role)) = (id_of(&project_role), id_of(&org_role)) else {
        return;
    };
    let scopes = [
        (
            "project-group",
            "/projects/proj_alpha/groups/group_engineering/roles",
            project_role.as_str(),
        ),
        (
            "group",
            "/organization/groups/group_engineering/roles",
            org_role.as_str(),
        ),
        (
            "project-user",
            "/projects/proj_alpha/users/user_alice/roles",
            project_role.as_str(),
        ),
        (
            "user",
            "/organization/users/user_bob/roles",
            org_role.as_str(),
        ),
    ];
    for (kind, base, role) in scopes {
        let list = format!("list-{kind}-role-assignments");
        // Three assignments: two pages of two.
        let predefined = if kind.starts_with("project") {
            ["role-api-project-viewer", "role-api-project-member"]
        } else {
            [
                "role-api-organization-member",
                "role-api-organization-viewer",
            ]
        };
        t.post(
            &format!("assign-{kind}-role"),
            base,
            json!({"role_id": role}),
        )
        .await;
        for other in predefined {
            t.post(
                &format!("assign-{kind}-role"),
                base,
                json!({"role_id": other}),
            )
            .await;
        }
        t.fails(
            &format!("assign-{kind}-role"),
            Method::POST,
            base,
            Some(json!({"role_id": role})),
            400,
        )
        .await;
        t.fails(
            &format!("assign-{kind}-role"),
            Method::POST,
            base,
            Some(json!({"role_id": "role_missing"})),
            404,
        )
        .await;
        t.list(&list, base, &[]).await;
        t.limit_too_large(&list, base).await;
        let one = format!("{base}/{role}");
        t.get(&format!("retrieve-{kind}-role"), &one).await;
        t.delete(&format!("unassign-{kind}-role"), &one).await;
        t.fails(
            &format!("retrieve-{kind}-role"),
            Method::GET,
            &one,
            None,
            404,
        )
        .await;
        t.fails(
            &format!("unassign-{kind}-role"),
            Method::DELETE,
            &one,
            None,
            404,
        )
        .await;
    }
    t.delete(
        "delete-project-role",
        &format!("/projects/proj_alpha/roles/{project_role}"),
    )
    .await;
    t.delete("delete-role", &format!("/organization/roles/{org_role}"))
        .await;
}
