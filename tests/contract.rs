//! Contract tests: the client and the bundled fake held to the published
//! description of the Admin API (spec/openapi-admin.json, the Admin API
//! subset of openai-openapi: organization configuration and access
//! control), for the operations the provider uses (spec/operations.txt).
//!
//! (a) every request the client builds matches a documented operation: path,
//!     method, query parameters within their bounds, body schema; lists ask
//!     for the documented maximum page and continue with the documented cursor;
//! (b) every answer of the fake, pages and errors included, validates against
//!     the documented response schema and carries no field it does not
//!     declare (but the few ALLOWED_UNDOCUMENTED, each with its evidence);
//! (c) every documented example answer decodes with the client's types;
//! (d) decoding tolerates what the description allows or leaves open;
//! (e) every used operation is covered by (a) to (d) (the fake may be excused
//!     with a reason), and everything the tests exercise is documented.
//!
//! Each failure names the operation, the instance path and the schema error.
//! The client and the fake are run once per test process and shared.

#[path = "contract/client_calls.rs"]
mod client_calls;
#[path = "contract/client_run.rs"]
mod client_run;
#[path = "contract/fake_tour.rs"]
mod fake_tour;
#[path = "contract/recorder.rs"]
mod recorder;
#[path = "contract/report.rs"]
mod report;
#[path = "contract/requests.rs"]
mod requests;
#[path = "contract/schema.rs"]
mod schema;
#[path = "contract/spec.rs"]
mod spec;
#[path = "contract/undocumented.rs"]
mod undocumented;
#[path = "contract/variants.rs"]
mod variants;

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};

use client_run::ClientRun;
use fake_tour::{FakeRun, NOT_SERVED_BY_FAKE};
use report::{Finding, assert_none};
use schema::Schemas;
use spec::Spec;
use undocumented::ALLOWED_UNDOCUMENTED;
use variants::VariantRun;

struct Contract {
    spec: Arc<Spec>,
    schemas: Schemas,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let spec = Spec::load();
        let schemas = Schemas::new(&spec.doc);
        Contract {
            spec: Arc::new(spec),
            schemas,
        }
    })
}

/// Runs `work` to completion on a runtime of its own (the shared runs
/// outlive any one test's runtime).
fn block_on<F: Future>(work: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(work)
}

fn client_run() -> &'static ClientRun {
    static RUN: OnceLock<ClientRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let c = contract();
        block_on(client_run::run(&c.spec, &c.schemas))
    })
}

fn fake_run() -> &'static FakeRun {
    static RUN: OnceLock<FakeRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let c = contract();
        block_on(fake_tour::run(&c.spec, &c.schemas))
    })
}

fn variant_run() -> &'static VariantRun {
    static RUN: OnceLock<VariantRun> = OnceLock::new();
    RUN.get_or_init(|| block_on(variants::run(&contract().spec)))
}

#[test]
fn a_requests_built_by_the_client_match_the_description() {
    let run = client_run();
    eprintln!(
        "(a) {} client calls, {} requests, {} operations exercised, {} with only conforming requests",
        run.calls,
        run.requests,
        run.exercised.len(),
        run.conforming.len()
    );
    assert_none(
        "(a) requests departing from the description",
        &run.request_findings,
    );
}

#[test]
fn a_lists_ask_for_the_documented_page_size_and_cursor() {
    assert_none(
        "(a) list paging departing from the description",
        &client_run().paging_findings,
    );
}

#[test]
fn c_documented_example_answers_decode_with_the_client_types() {
    let run = client_run();
    eprintln!(
        "(c) {} operations' documented examples decoded",
        run.decoded.len()
    );
    assert_none(
        "(c) documented examples the client cannot decode",
        &run.decode_findings,
    );
}

#[test]
fn the_description_compiles_and_lists_every_used_operation() {
    let c = contract();
    let mut findings = Vec::new();
    for id in spec::used_operations() {
        let Some(op) = c.spec.operation(&id) else {
            findings.push(Finding::about(
                &id,
                spec::OPERATIONS_FILE,
                format!("not an operationId of {}", spec::SPEC_FILE),
            ));
            continue;
        };
        for pointer in op
            .responses
            .values()
            .chain(op.body.iter().map(|b| &b.schema_pointer))
        {
            if let Err(error) = c.schemas.check(pointer, &serde_json::Value::Null) {
                findings.push(Finding::about(&id, pointer.as_str(), error));
            }
        }
        if op.success_schema().is_none() {
            findings.push(Finding::about(
                &id,
                "responses",
                "no documented JSON success answer",
            ));
        }
    }
    assert_none("the vendored description", &findings);
}

#[test]
fn b_answers_of_the_fake_match_the_documented_schemas() {
    let run = fake_run();
    let paged: Vec<String> = run
        .pages
        .iter()
        .filter(|(_, pages)| **pages > 1)
        .map(|(op, pages)| format!("{op}:{pages}"))
        .collect();
    eprintln!(
        "(b) {} answers ({} errors) from the fake; {} operations served, {} with only conforming answers; lists read in several pages: {}",
        run.responses,
        run.error_responses,
        run.served.len(),
        run.conforming.len(),
        paged.join(" ")
    );
    assert_none(
        "(b) answers of the fake departing from the documented schemas",
        &run.schema_findings,
    );
}

#[test]
fn b_the_fake_serves_the_documented_operations_limits_and_cursors() {
    assert_none(
        "(b) behaviour of the fake departing from the description",
        &fake_run().behaviour_findings,
    );
}

#[test]
fn d_decoding_tolerates_what_the_description_leaves_open() {
    let run = variant_run();
    let left_open: Vec<String> = variants::omitted_in_examples(&contract().spec)
        .into_iter()
        .map(|(schema, fields)| {
            let fields: Vec<String> = fields.into_iter().collect();
            format!(
                "{} {{{}}}",
                schema.trim_start_matches("#/components/schemas/"),
                fields.join(", ")
            )
        })
        .collect();
    eprintln!(
        "(d) {} variants of the documented examples; {} operations tolerate all of theirs; required but left out by a documented example: {}",
        run.variants,
        run.covered.len(),
        left_open.join("; ")
    );
    assert_none("(d) variants the client does not tolerate", &run.findings);
}

#[test]
fn e_every_used_operation_is_covered_and_everything_exercised_is_documented() {
    let c = contract();
    let used: BTreeSet<String> = spec::used_operations().into_iter().collect();
    let (client, fake, variants) = (client_run(), fake_run(), variant_run());
    let not_served: BTreeSet<String> = NOT_SERVED_BY_FAKE
        .iter()
        .map(|(op, _)| op.to_string())
        .collect();
    let client_pending: BTreeSet<String> = client_calls::CLIENT_PENDING
        .iter()
        .map(|(op, _)| op.to_string())
        .collect();
    let mut findings = Vec::new();
    let mut missing = |op: &str, check: &str, error: String| {
        findings.push(Finding::about(op, check, error));
    };
    for (op, reason) in client_calls::CLIENT_PENDING {
        if !used.contains(*op) {
            missing(
                op,
                "(a) client",
                format!("listed as client pending ({reason}) but not a used operation"),
            );
        }
        if client.exercised.contains(*op) {
            missing(
                op,
                "(a) client",
                format!(
                    "listed as client pending ({reason}) but a client call makes it: remove it from CLIENT_PENDING"
                ),
            );
        }
    }
    for op in used.iter().filter(|op| !client_pending.contains(*op)) {
        if c.spec.operation(op).is_none() {
            missing(
                op,
                "spec",
                format!(
                    "listed in {} but not in {}",
                    spec::OPERATIONS_FILE,
                    spec::SPEC_FILE
                ),
            );
        }
        if !client.exercised.contains(op) {
            missing(op, "(a) client", "no client call makes this request".into());
        }
        if !client.decoded.contains(op) {
            missing(
                op,
                "(c) examples",
                "the documented example was not decoded by a client call".into(),
            );
        }
        if !variants.covered.contains(op) {
            missing(
                op,
                "(d) variants",
                "its documented example's variants were not all tolerated".into(),
            );
        }
        if !fake.served.contains(op) && !not_served.contains(op) {
            missing(
                op,
                "(b) fake",
                "the tour got no successful answer from the fake (serve it, or list it in NOT_SERVED_BY_FAKE with the reason)".into(),
            );
        }
    }
    for op in &client_pending {
        if !fake.served.contains(op) {
            missing(
                op,
                "(b) fake",
                "client pending, so the fake must serve it: the tour got no successful answer"
                    .into(),
            );
        }
    }
    for (op, reason) in NOT_SERVED_BY_FAKE {
        if !used.contains(*op) {
            missing(
                op,
                "(b) fake",
                format!("listed as not served ({reason}) but not a used operation"),
            );
        }
        if fake.served.contains(*op) {
            missing(
                op,
                "(b) fake",
                format!("listed as not served ({reason}) but the fake serves it"),
            );
        }
    }
    for op in client.exercised.iter().chain(&fake.called) {
        if !used.contains(op) {
            missing(
                op,
                "exercised",
                format!(
                    "exercised by the tests but not listed in {}",
                    spec::OPERATIONS_FILE
                ),
            );
        }
        if c.spec.operation(op).is_none() {
            missing(
                op,
                "exercised",
                format!("exercised by the tests but not in {}", spec::SPEC_FILE),
            );
        }
    }
    eprintln!(
        "(e) {} used operations: (a) {} exercised by the client, {} with conforming requests; (b) {} served by the fake, {} with conforming answers, {} not served by design; (c) {} examples decoded; (d) {} tolerate their variants",
        used.len(),
        client.exercised.intersection(&used).count(),
        client.conforming.intersection(&used).count(),
        fake.served.intersection(&used).count(),
        fake.conforming.intersection(&used).count(),
        not_served.len(),
        client.decoded.intersection(&used).count(),
        variants.covered.intersection(&used).count(),
    );
    assert_none("(e) coverage of spec/operations.txt", &findings);
}

#[test]
fn the_readme_states_the_vendored_version() {
    let c = contract();
    let version = c.spec.doc["info"]["version"].as_str().unwrap_or("?");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/README.md"))
        .expect("spec/README.md");
    assert!(
        readme.contains(&format!("openai-openapi {version}")),
        "spec/README.md must state the vendored version: add \"openai-openapi {version}\" (the refresh tool does not edit it)"
    );
}

#[test]
fn b_answers_of_the_fake_carry_only_documented_fields() {
    let run = fake_run();
    let mut findings = run.undocumented_findings.clone();
    for entry in ALLOWED_UNDOCUMENTED {
        if !run.allowed_seen.contains(entry) {
            findings.push(Finding::about(
                "ALLOWED_UNDOCUMENTED",
                format!("{}.{}", entry.schema, entry.field),
                "no answer of the fake carried this allowed field: remove the stale entry (or tour the answer that has it)",
            ));
        }
    }
    eprintln!(
        "(b) fields the description lacks, allowed with evidence and seen in answers: {}; audit event types checked: {}",
        run.allowed_seen
            .iter()
            .map(|a| format!("{}.{}", a.schema, a.field))
            .collect::<Vec<_>>()
            .join(", "),
        run.audit_event_types
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_none(
        "(b) fields in answers of the fake that the documented schemas do not declare",
        &findings,
    );
}

/// The field check on doctored documented answers: a field added at the top
/// and one nested in a list item are refused, naming operation and path,
/// although the schema validation of (b) accepts both answers.
#[test]
fn b_the_field_check_refuses_fields_added_to_a_documented_answer() {
    let c = contract();
    let doctored = [
        ("deleteCertificate", "/deleted", json!(true)),
        (
            "list-project-api-keys",
            "/data/0/owner/user/nickname",
            json!("k"),
        ),
    ];
    for (id, path, extra) in doctored {
        let op = c.spec.operation(id).expect("a documented operation");
        let schema = op.success_schema().expect("a success schema");
        let (_, example) = c.spec.example_response(op).expect("a documented example");
        let mut answer = example.expect("the example is JSON");
        let mut seen = BTreeSet::new();
        let clean = fake_tour::undocumented_findings(
            &c.schemas,
            id,
            "documented example",
            schema,
            &answer,
            &mut seen,
        );
        assert_eq!(
            clean,
            [],
            "{id}: the documented example itself names only documented fields"
        );
        let (parent, field) = path.rsplit_once('/').unwrap();
        answer
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{id}: the example has {parent}"))
            .insert(field.to_string(), extra);
        assert_eq!(
            c.schemas.check(schema, &answer).unwrap(),
            [],
            "{id}: schema validation alone accepts the doctored answer"
        );
        let found = fake_tour::undocumented_findings(
            &c.schemas,
            id,
            "doctored example",
            schema,
            &answer,
            &mut seen,
        );
        assert_eq!(found.len(), 1, "{id}: {found:?}");
        assert_eq!(found[0].operation, id);
        assert_eq!(found[0].instance_path, path);
        assert!(
            found[0]
                .error
                .contains(&format!("undocumented field `{field}`")),
            "{}",
            found[0]
        );
    }
}
