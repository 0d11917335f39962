//! A scripted stand-in for the Admin API's key endpoints, until the bundled
//! fake serves them: service-account keys (created under a service account,
//! deleted as project keys), project key lists, admin keys. It hands out
//! realistic random secrets and records every one, with the order of
//! creations and deletions, so tests can check that each key opened was
//! closed and that no secret reached Terraform's files or logs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Value, json};

/// What the stub does besides answering faithfully.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Twist {
    #[default]
    None,
    /// Each new key is deleted right after it is handed out (as if by
    /// someone else during the run).
    DeleteKeysOutside,
    /// The service account is deleted (its keys with it) right after a key
    /// is handed out.
    DeleteServiceAccountOutside,
    /// Lists show the secret instead of the redacted form: a leaky API, for
    /// control runs of the leak search.
    LeakSecretsInLists,
}

#[derive(Debug, Clone)]
struct Key {
    id: String,
    name: String,
    secret: String,
    owner: String,
    admin: bool,
    created_at: i64,
}

#[derive(Default)]
struct Inner {
    keys: BTreeMap<String, Key>,
    deleted_accounts: BTreeSet<String>,
    handed_out: Vec<String>,
    events: Vec<String>,
    authorizations: Vec<String>,
    next: usize,
    twist: Twist,
}

#[derive(Clone)]
pub struct KeyApi {
    inner: Arc<Mutex<Inner>>,
    pub base_url: String,
}

fn secret(prefix: &str) -> String {
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(48)
        .map(char::from)
        .collect();
    format!("{prefix}{tail}")
}

fn redacted(secret: &str) -> String {
    format!("{}...{}", &secret[..8], &secret[secret.len() - 4..])
}

impl KeyApi {
    pub fn start(twist: Twist) -> KeyApi {
        let inner = Arc::new(Mutex::new(Inner {
            twist,
            ..Inner::default()
        }));
        let (tx, rx) = std::sync::mpsc::channel();
        let state = inner.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                let app = Router::new().fallback(answer).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        let address = rx.recv().unwrap();
        KeyApi {
            inner,
            base_url: format!("http://{address}/v1"),
        }
    }

    /// Every secret handed out so far.
    pub fn handed_out(&self) -> Vec<String> {
        self.inner.lock().unwrap().handed_out.clone()
    }

    /// `created <id>` / `deleted <id>` in order.
    pub fn events(&self) -> Vec<String> {
        self.inner.lock().unwrap().events.clone()
    }

    /// IDs of the keys that still exist.
    pub fn live_keys(&self) -> Vec<String> {
        self.inner.lock().unwrap().keys.keys().cloned().collect()
    }

    /// The Authorization header of every request.
    pub fn authorizations(&self) -> Vec<String> {
        self.inner.lock().unwrap().authorizations.clone()
    }

    /// A key that exists before Terraform runs (a user's, say).
    pub fn add_project_key(&self, owner: &str, name: &str) -> (String, String) {
        let mut inner = self.inner.lock().unwrap();
        let key = inner.new_key(owner, name, false, "sk-proj-");
        (key.id, key.secret)
    }

    pub fn add_admin_key(&self, name: &str) -> (String, String) {
        let mut inner = self.inner.lock().unwrap();
        let key = inner.new_key("user_owner", name, true, "sk-admin-");
        (key.id, key.secret)
    }
}

impl Inner {
    fn new_key(&mut self, owner: &str, name: &str, admin: bool, prefix: &str) -> Key {
        self.next += 1;
        let key = Key {
            id: format!("key_{:04}", self.next),
            name: name.to_owned(),
            secret: secret(prefix),
            owner: owner.to_owned(),
            admin,
            created_at: 1_700_000_000 + self.next as i64,
        };
        self.handed_out.push(key.secret.clone());
        self.keys.insert(key.id.clone(), key.clone());
        key
    }

    fn shown(&self, key: &Key) -> String {
        if self.twist == Twist::LeakSecretsInLists {
            key.secret.clone()
        } else {
            redacted(&key.secret)
        }
    }

    fn project_key_json(&self, key: &Key) -> Value {
        let (kind, owner) = if key.owner.starts_with("svc_acct_") {
            (
                "service_account",
                json!({"id": key.owner, "name": "ci", "role": "member",
                                        "created_at": 1_700_000_000}),
            )
        } else {
            (
                "user",
                json!({"id": key.owner, "name": "Ann", "email": "ann@example.com",
                             "role": "owner", "created_at": 1_700_000_000}),
            )
        };
        json!({"object": "organization.project.api_key", "redacted_value": self.shown(key),
               "name": key.name, "created_at": key.created_at, "last_used_at": null,
               "id": key.id, "owner_project_access": "active",
               "owner": {"type": kind, kind: owner}})
    }

    fn admin_key_json(&self, key: &Key) -> Value {
        json!({"object": "organization.admin_api_key", "id": key.id, "name": key.name,
               "redacted_value": self.shown(key), "created_at": key.created_at,
               "expires_at": key.created_at + 3600, "last_used_at": null,
               "owner": {"type": "user", "object": "organization.user", "id": key.owner,
                         "name": "Ann", "created_at": 1_700_000_000, "role": "owner"}})
    }
}

fn reply(status: StatusCode, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn not_found(what: &str) -> Response {
    reply(
        StatusCode::NOT_FOUND,
        json!({"error": {"message": format!("No such {what}"), "type": "invalid_request_error",
                         "param": null, "code": null}}),
    )
}

fn list(data: Vec<Value>) -> Response {
    let first = data.first().map(|k| k["id"].clone()).unwrap_or(Value::Null);
    let last = data.last().map(|k| k["id"].clone()).unwrap_or(Value::Null);
    reply(
        StatusCode::OK,
        json!({"object": "list", "data": data, "first_id": first, "last_id": last,
               "has_more": false}),
    )
}

async fn answer(State(state): State<Arc<Mutex<Inner>>>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let auth = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut inner = state.lock().unwrap();
    inner.authorizations.push(auth);
    let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    let name = body["name"].as_str().unwrap_or("unnamed").to_owned();
    match (&method, segments.as_slice()) {
        (
            &Method::POST,
            [
                "organization",
                "projects",
                _,
                "service_accounts",
                account,
                "api_keys",
            ],
        ) => {
            if inner.deleted_accounts.contains(*account) {
                return not_found("service account");
            }
            let key = inner.new_key(account, &name, false, "sk-svcacct-");
            inner.events.push(format!("created {}", key.id));
            match inner.twist {
                Twist::DeleteKeysOutside => {
                    inner.keys.remove(&key.id);
                }
                Twist::DeleteServiceAccountOutside => {
                    inner.deleted_accounts.insert((*account).to_owned());
                    inner.keys.retain(|_, k| k.owner != *account);
                }
                _ => {}
            }
            reply(
                StatusCode::OK,
                json!({"object": "organization.project.service_account.api_key",
                       "value": key.secret, "name": key.name, "created_at": key.created_at,
                       "id": key.id}),
            )
        }
        (&Method::GET, ["organization", "projects", _, "service_accounts", account]) => {
            if inner.deleted_accounts.contains(*account) {
                not_found("service account")
            } else {
                reply(
                    StatusCode::OK,
                    json!({"object": "organization.project.service_account", "id": account,
                           "name": "ci", "role": "member", "created_at": 1_700_000_000}),
                )
            }
        }
        (&Method::GET, ["organization", "projects", _, "api_keys"]) => {
            let data = inner
                .keys
                .values()
                .filter(|k| !k.admin)
                .map(|k| inner.project_key_json(k))
                .collect();
            list(data)
        }
        (&Method::GET, ["organization", "projects", _, "api_keys", id]) => {
            match inner.keys.get(*id).filter(|k| !k.admin) {
                Some(key) => reply(StatusCode::OK, inner.project_key_json(key)),
                None => not_found("API key"),
            }
        }
        (&Method::DELETE, ["organization", "projects", _, "api_keys", id]) => {
            match inner.keys.remove(*id) {
                Some(_) => {
                    inner.events.push(format!("deleted {id}"));
                    reply(
                        StatusCode::OK,
                        json!({"object": "organization.project.api_key.deleted", "id": id,
                               "deleted": true}),
                    )
                }
                None => not_found("API key"),
            }
        }
        (&Method::POST, ["organization", "admin_api_keys"]) => {
            let key = inner.new_key("user_owner", &name, true, "sk-admin-");
            inner.events.push(format!("created {}", key.id));
            let mut created = inner.admin_key_json(&key);
            created["redacted_value"] = json!(redacted(&key.secret));
            created["value"] = json!(key.secret);
            reply(StatusCode::OK, created)
        }
        (&Method::GET, ["organization", "admin_api_keys"]) => {
            let data = inner
                .keys
                .values()
                .filter(|k| k.admin)
                .map(|k| inner.admin_key_json(k))
                .collect();
            list(data)
        }
        (&Method::GET, ["organization", "admin_api_keys", id]) => {
            match inner.keys.get(*id).filter(|k| k.admin) {
                Some(key) => reply(StatusCode::OK, inner.admin_key_json(key)),
                None => not_found("admin API key"),
            }
        }
        (&Method::DELETE, ["organization", "admin_api_keys", id]) => match inner.keys.remove(*id) {
            Some(_) => {
                inner.events.push(format!("deleted {id}"));
                reply(
                    StatusCode::OK,
                    json!({"id": id, "object": "organization.admin_api_key.deleted",
                               "deleted": true}),
                )
            }
            None => not_found("admin API key"),
        },
        _ => reply(
            StatusCode::NOT_FOUND,
            json!({"error": {"message": format!("Invalid URL ({method} {path})"),
                             "type": "invalid_request_error"}}),
        ),
    }
}
