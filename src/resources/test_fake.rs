//! The bundled fake Admin API in process, with a client pointed at it: for
//! resource tests that count the requests an operation makes, and test
//! values of the API's types.

use std::time::Duration;

use crate::api::{AdminClient, AssignedRole, ClientConfig, Role};
use crate::fake::{DEFAULT_API_KEY, FakeConfig, FakeHandle, FakeServer};

pub(crate) struct TestFake {
    /// Kept so the server runs as long as the test holds this.
    server: FakeServer,
    pub client: AdminClient,
}

impl TestFake {
    pub async fn start(config: FakeConfig) -> TestFake {
        let server = FakeServer::start(0, config).await.expect("start the fake");
        let mut client_config = ClientConfig::new(DEFAULT_API_KEY, server.base_url());
        client_config.retry_base_delay = Duration::from_millis(1);
        let client = AdminClient::new(client_config).expect("client");
        TestFake { server, client }
    }

    pub fn handle(&self) -> FakeHandle {
        self.server.handle()
    }

    /// Another client of the same fake: a new provider run, with lists
    /// cached by none of the earlier ones.
    pub fn another_client(&self) -> AdminClient {
        let mut client_config = ClientConfig::new(DEFAULT_API_KEY, self.server.base_url());
        client_config.retry_base_delay = Duration::from_millis(1);
        AdminClient::new(client_config).expect("client")
    }

    /// GET requests to `route` (a template without `/v1`, e.g.
    /// `/projects/{project_id}/roles`) since the last reset.
    pub fn gets(&self, route: &str) -> usize {
        let counts = self.handle().request_counts();
        counts.get(&format!("GET {route}")).copied().unwrap_or(0)
    }
}

/// A project role as a role list answers it, named after its id: for unit
/// tests of code that reads a group's roles.
pub(crate) fn assigned(id: &str) -> AssignedRole {
    AssignedRole {
        role: Role {
            id: id.into(),
            name: id.into(),
            description: None,
            permissions: Vec::new(),
            resource_type: "api.project".into(),
            predefined_role: false,
        },
        created_at: None,
        updated_at: None,
        created_by: None,
        assignment_sources: None,
    }
}

/// A scripted stand-in for the API that counts the requests it is
/// answering at once: for tests of how many requests a resource fans out.
pub(crate) struct CountingStub {
    pub client: AdminClient,
    gauge: std::sync::Arc<Gauge>,
}

#[derive(Default)]
struct Gauge {
    now: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

type Answer = dyn Fn(&str, &str) -> (u16, serde_json::Value) + Send + Sync;

impl CountingStub {
    /// Answers `answer(method, path)` (path without `/v1`) to every
    /// request, each after `delay`, so that concurrent requests overlap.
    pub async fn start(
        delay: Duration,
        answer: impl Fn(&str, &str) -> (u16, serde_json::Value) + Send + Sync + 'static,
    ) -> CountingStub {
        use std::sync::Arc;
        use std::sync::atomic::Ordering;

        let gauge = Arc::new(Gauge::default());
        let answer: Arc<Answer> = Arc::new(answer);
        let state = (gauge.clone(), answer);
        let app = axum::Router::new().fallback(
            move |axum::extract::State((gauge, answer)): axum::extract::State<(
                Arc<Gauge>,
                Arc<Answer>,
            )>,
                  request: axum::extract::Request| async move {
                let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
                gauge.peak.fetch_max(now, Ordering::SeqCst);
                gauge.total.fetch_add(1, Ordering::SeqCst);
                let path = request.uri().path();
                let (status, body) = answer(
                    request.method().as_str(),
                    path.strip_prefix("/v1").unwrap_or(path),
                );
                tokio::time::sleep(delay).await;
                gauge.now.fetch_sub(1, Ordering::SeqCst);
                axum::response::Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap()
            },
        );
        let app = app.with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let mut config = ClientConfig::new(DEFAULT_API_KEY, format!("http://{address}/v1"));
        config.retry_base_delay = Duration::from_millis(1);
        CountingStub {
            client: AdminClient::new(config).expect("client"),
            gauge,
        }
    }

    /// The most requests answered at once so far.
    pub fn peak_in_flight(&self) -> usize {
        self.gauge.peak.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn requests(&self) -> usize {
        self.gauge.total.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A one-page list answer.
pub(crate) fn list_page(items: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({"object": "list", "data": items, "has_more": false})
}

/// The API's 404 answer.
pub(crate) fn not_found() -> (u16, serde_json::Value) {
    let body = serde_json::json!({"error": {"message": "Not found.", "type": "invalid_request_error", "param": null, "code": "not_found"}});
    (404, body)
}
