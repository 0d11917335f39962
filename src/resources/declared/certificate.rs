//! `openai_certificate`: a client certificate uploaded to the organization
//! for mutual TLS, activated at the organization and in the projects the
//! configuration names (`certificate_activation.rs`), and deactivated
//! before it is deleted (the API refuses to delete an active one). The PEM
//! is read at plan time: what is not one certificate is an error at the
//! attribute; one that expires soon, a warning.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

use super::certificate_activation as activation;
use super::route::Part::{Fixed, Param};
use super::{Create, DataSources, Declaration, Field, Hooks, Recover, Routes, Sent, Update};
use crate::api::{AdminClient, ApiObject, Cursor, ListSpec};
use crate::certificates;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::validators;
use crate::schema::{Attribute, Validator};
use crate::value::{Type, Value};

/// How long before it expires a certificate gets a warning.
const WARN_DAYS: i64 = 30;

const DESCRIPTION: &str = "A client certificate of the organization, for mutual TLS: uploaded \
    with its `name`, activated at the organization (`active`) and in the projects of \
    `active_project_ids`. Renamed in place; another certificate replaces it (the old one is \
    deactivated and deleted). Destroying it deactivates it where this resource activated it, \
    then deletes it.\n\n\
    The PEM is checked at plan time: anything but one X.509 certificate is an error at \
    `certificate`, a certificate that expires within 30 days gets a warning, and an expired one \
    cannot be uploaded (an error; one already uploaded that expires gets a warning, so that it \
    can still be replaced or destroyed). The certificate is public, not a secret: its PEM is \
    kept in the state as configured (imported, as the API has it), and never a private key, \
    which the check refuses. Import with `<certificate_id>`.";

/// `GET /organization/certificates`: `limit` 1 to 100, `after` an ID.
pub(super) const CERTIFICATES: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// The certificate's attributes as every view of it has them.
fn described(fields: &mut Vec<Field>) {
    let computed = |name, ty, description, json| {
        Field::json(
            Attribute::computed(name, ty, description).use_state_for_unknown(),
            json,
        )
    };
    fields.extend([
        computed(
            "id",
            Type::String,
            "ID of the certificate (`cert_...`).",
            "id",
        ),
        computed(
            "created_at",
            Type::Number,
            "When the certificate was uploaded (Unix seconds).",
            "created_at",
        ),
        computed(
            "valid_at",
            Type::Number,
            "When the certificate becomes valid (Unix seconds, its `notBefore`).",
            "certificate_details.valid_at",
        ),
        computed(
            "expires_at",
            Type::Number,
            "When the certificate expires (Unix seconds, its `notAfter`).",
            "certificate_details.expires_at",
        ),
    ]);
}

pub(super) fn declaration() -> Declaration {
    let mut fields = Vec::new();
    described(&mut fields);
    fields.extend([
        Field::json(
            Attribute::computed(
                "certificate_id",
                Type::String,
                "ID of the certificate, the same as `id` (the official provider's name).",
            )
            .use_state_for_unknown(),
            "id",
        ),
        Field::json(
            Attribute::optional(
                "name",
                Type::String,
                "Name of the certificate. Updated in place; left out, the API's (none).",
            )
            .also_computed()
            .use_state_for_unknown(),
            "name",
        )
        .sent(Sent::Always),
        Field::json(
            Attribute::required(
                "certificate",
                Type::String,
                "The certificate, PEM-encoded (`-----BEGIN CERTIFICATE-----`): exactly one \
                 X.509 certificate, no private key. Checked at plan time. Kept in the state as \
                 configured (it is public). Changing it replaces the certificate.",
            )
            .requires_replace()
            .validate_with(pem()),
            "certificate_details.content",
        )
        .sent(Sent::OnCreate)
        .sent_as("certificate"),
        Field::managed(
            Attribute::optional(
                "active",
                Type::Bool,
                "Whether the certificate is active at the organization: `true` activates it, \
                 `false` deactivates it; left out, it stays as it is (an upload is inactive) \
                 and this shows where it is. Destroying an active certificate deactivates it \
                 first.",
            )
            .also_computed()
            .use_state_for_unknown(),
        ),
        Field::managed(
            Attribute::optional(
                "active_project_ids",
                Type::set_of(Type::String),
                "Projects (`proj_...`) in which the certificate is active: added ones are \
                 activated, removed ones deactivated, and a project that deactivated it shows \
                 as a change. Other projects are left alone. Left out: no project's activation \
                 is managed. Destroying the certificate deactivates it in these projects \
                 first.",
            )
            .validate_with(project_ids()),
        ),
    ]);
    Declaration {
        type_name: "openai_certificate",
        noun: "certificate",
        description: DESCRIPTION,
        fields,
        routes: Routes {
            collection: &[Fixed("organization"), Fixed("certificates")],
            id_param: "certificate_id",
            list: CERTIFICATES,
            list_action: "list the organization's certificates",
            import_query: &[("include[]", "content")],
        },
        create: Create::Post {
            fixed: Default::default,
            // Names need not be unique (nor set): looked for, never posted
            // again.
            recover: Recover::Named { attribute: "name" },
        },
        update: Update::Post,
        gone: "The openai_certificates data source lists the organization's certificates.",
        hooks: Arc::new(CertificateHooks),
        data_sources: DataSources {
            one: Some(("openai_certificate", None)),
            list: None,
        },
        official: Some("openai_certificate"),
        // Where it is active is left out: `active` is computed when not
        // set (the import reads it), and `active_project_ids` manages no
        // project's activation when left out, so the plan stays empty.
        export: Some(super::export::Exported {
            file: "policies.tf",
            name_from: "name",
            writes: &["name", "certificate"],
            skip: |certificate| match certificate.at("certificate_details.content") {
                serde_json::Value::String(pem) if !pem.is_empty() => None,
                _ => Some(
                    "the API did not return its PEM (certificate_details.content), which \
                     openai_certificate needs as `certificate`; import it by hand with the PEM \
                     you uploaded"
                        .to_owned(),
                ),
            },
            fixture_collection: "certificates",
            // The list has no PEM: each certificate is retrieved with
            // `include[]=content`, as the import reads it.
            retrieve: true,
            project_view: Some(PROJECT_VIEW),
        }),
    }
}

/// The certificates as a list shows them, with `active` at its scope.
fn listed(
    type_name: &'static str,
    collection: &'static [super::route::Part],
    scope: &'static str,
    list_action: &'static str,
) -> Declaration {
    let mut fields = Vec::new();
    if collection.contains(&Param("project_id")) {
        fields.push(Field::param(Attribute::required(
            "project_id",
            Type::String,
            "Project whose view of the organization's certificates is listed.",
        )));
    }
    described(&mut fields);
    fields.push(Field::json(
        Attribute::optional("name", Type::String, "Name of the certificate."),
        "name",
    ));
    fields.push(Field::json(
        Attribute::computed("active", Type::Bool, scope),
        "active",
    ));
    Declaration {
        type_name: "openai_certificate",
        noun: "certificate",
        description: DESCRIPTION,
        fields,
        routes: Routes {
            collection,
            id_param: "certificate_id",
            list: CERTIFICATES,
            list_action,
            import_query: &[],
        },
        create: Create::ImportOnly { why: "" },
        update: Update::Replace,
        gone: "",
        hooks: Arc::new(super::NoHooks),
        data_sources: DataSources {
            one: None,
            list: Some((type_name, "certificates")),
        },
        official: None,
        export: None,
    }
}

/// `openai_certificates`: every certificate, active or not at the
/// organization.
pub(super) fn organization_certificates() -> Declaration {
    listed(
        "openai_certificates",
        &[Fixed("organization"), Fixed("certificates")],
        "Whether the certificate is active at the organization.",
        "list the organization's certificates",
    )
}

/// The organization's certificates as a project sees them.
const PROJECT_VIEW: &[super::route::Part] = &[
    Fixed("organization"),
    Fixed("projects"),
    Param("project_id"),
    Fixed("certificates"),
];

/// `openai_project_certificates`: the organization's certificates, active
/// or not in the project.
pub(super) fn project_certificates() -> Declaration {
    listed(
        "openai_project_certificates",
        PROJECT_VIEW,
        "Whether the certificate is active in the project.",
        "list the project's certificates",
    )
}

/// One certificate, as [`certificates::parse`] reads it.
fn pem() -> Validator {
    Arc::new(|value: &Value| {
        let Some(text) = value.as_str() else {
            return Ok(());
        };
        certificates::parse(text).map(|_| ())
    })
}

fn project_ids() -> Validator {
    let id = validators::prefixed_identifier("proj_");
    Arc::new(move |value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        for item in items.iter().filter(|i| i.is_wholly_known()) {
            id(item)?;
        }
        Ok(())
    })
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The certificate of a configuration or plan, when it is known and one.
fn parsed(value: &Value) -> Option<certificates::Certificate> {
    certificates::parse(value.get_str("certificate")?).ok()
}

/// `at` (Unix seconds) as a date, for messages.
fn date(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| at.to_string())
}

struct CertificateHooks;

#[async_trait]
impl Hooks for CertificateHooks {
    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(cert) = parsed(config) else {
            return diags;
        };
        let path = AttributePath::attribute("certificate");
        let left = cert.expires_at - now();
        if left <= 0 {
            diags.warning_at(
                path,
                format!("Certificate {} has expired", cert.subject),
                format!(
                    "It expired on {}. Clients presenting it are refused; replace it with a \
                     new certificate. (A new upload of an expired certificate is refused at \
                     plan time.)",
                    date(cert.expires_at)
                ),
            );
        } else if left <= WARN_DAYS * 86_400 {
            diags.warning_at(
                path,
                format!(
                    "Certificate {} expires in {} days",
                    cert.subject,
                    left / 86_400
                ),
                format!(
                    "It expires on {}, within {WARN_DAYS} days; after that clients presenting \
                     it are refused. Plan its replacement: a new `certificate` replaces this one.",
                    date(cert.expires_at)
                ),
            );
        }
        diags
    }

    /// An expired certificate is refused before it is uploaded: it could
    /// never be used. One already uploaded only warns (see `validate`), so
    /// that its configuration can still be planned, replaced, destroyed.
    fn plan_checks(&self, prior: &Value, planned: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if planned.is_null() || prior.get("certificate") == planned.get("certificate") {
            return diags;
        }
        let Some(cert) = parsed(planned) else {
            return diags;
        };
        if cert.expires_at <= now() {
            diags.error_at(
                AttributePath::attribute("certificate"),
                "Expired certificate",
                format!(
                    "Certificate {} expired on {}: an upload could never be used. Use a \
                     certificate that is still valid.",
                    cert.subject,
                    date(cert.expires_at)
                ),
            );
        }
        diags
    }

    async fn apply_managed(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        activation::apply(client, prior, planned, state).await
    }

    async fn read_managed(
        &self,
        client: &AdminClient,
        object: &ApiObject,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        activation::read(client, object, state).await
    }

    async fn before_delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        activation::deactivate_all(client, state).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_upload_of_an_expired_certificate_is_refused() {
        let expired = {
            let mut params =
                rcgen::CertificateParams::new(vec!["old.example.com".into()]).expect("params");
            params.not_before = time::OffsetDateTime::from_unix_timestamp(1_000).unwrap();
            params.not_after = time::OffsetDateTime::from_unix_timestamp(2_000).unwrap();
            let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
            params.self_signed(&key).unwrap().pem()
        };
        let mut planned = Value::Object(Default::default());
        planned.set("certificate", Value::string(expired.as_str()));
        let refused = CertificateHooks.plan_checks(&Value::Null, &planned);
        assert!(refused.has_errors(), "{refused:?}");
        assert!(
            !CertificateHooks
                .plan_checks(&planned, &planned)
                .has_errors()
        );
        let warned = CertificateHooks.validate(&planned);
        assert!(warned.0[0].summary.contains("has expired"), "{warned:?}");
        assert!(!warned.has_errors());
    }
}
