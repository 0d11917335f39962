//! Tiny scripted HTTP servers on 127.0.0.1 for the client's tests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tokio::time::Instant;

use super::{AdminClient, ClientConfig};

/// A test key, long enough to be scrubbed from server messages.
pub(crate) const TEST_KEY: &str = "sk-admin-TEST-NOT-A-REAL-KEY-0123456789";

/// A request as the stub server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub method: String,
    /// Raw (still percent-encoded) path, including the `/v1` prefix.
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: String,
    pub at: Instant,
}

impl Recorded {
    pub fn query_param(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&format!("http://stub/?{}", self.query.as_deref()?)).ok()?;
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// Every value of a repeated query parameter, in order.
    pub fn query_params(&self, name: &str) -> Vec<String> {
        let Some(query) = self.query.as_deref() else {
            return Vec::new();
        };
        let url = reqwest::Url::parse(&format!("http://stub/?{query}")).unwrap();
        url.query_pairs()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .collect()
    }

    /// The body as JSON; `Null` when there is none.
    pub fn json_body(&self) -> serde_json::Value {
        if self.body.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&self.body).unwrap()
        }
    }

    /// `METHOD /path` (path without the `/v1` prefix), for comparing calls.
    pub fn call(&self) -> String {
        format!(
            "{} {}",
            self.method,
            self.path.strip_prefix("/v1").unwrap_or(&self.path)
        )
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// What the stub answers.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::text(status, body.to_string())
    }

    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

struct StubState {
    respond: Box<Responder>,
    requests: Mutex<Vec<Recorded>>,
}

/// A running stub; the server lives until the test's runtime ends.
pub(crate) struct Stub {
    /// E.g. `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
    state: Arc<StubState>,
}

impl Stub {
    /// Starts a server answering every request with `respond(request, n)`,
    /// where `n` counts requests from 0.
    pub async fn start(
        respond: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Stub {
        let state = Arc::new(StubState {
            respond: Box::new(respond),
            requests: Mutex::new(Vec::new()),
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Stub {
            base_url: format!("http://{address}/v1"),
            state,
        }
    }

    /// Answers with `replies` in order, repeating the last one.
    pub async fn sequence(replies: Vec<Reply>) -> Stub {
        Stub::start(move |_, n| replies[n.min(replies.len() - 1)].clone()).await
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// [`Recorded::call`] of every request so far.
    pub fn calls(&self) -> Vec<String> {
        self.requests().iter().map(Recorded::call).collect()
    }

    /// A client for this stub with fast retries.
    pub fn client(&self) -> AdminClient {
        AdminClient::new(fast_config(&self.base_url)).unwrap()
    }
}

/// Test settings: millisecond backoff, short timeouts.
pub(crate) fn fast_config(base_url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(TEST_KEY, base_url);
    config.max_retries = 3;
    config.retry_base_delay = Duration::from_millis(1);
    config.max_retry_delay = Duration::from_millis(20);
    config.request_timeout = Duration::from_secs(5);
    config
}

async fn handle(State(state): State<Arc<StubState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    };
    let reply = {
        let mut requests = state.requests.lock().unwrap();
        let reply = (state.respond)(&recorded, requests.len());
        requests.push(recorded);
        reply
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(reply.body)).unwrap()
}
