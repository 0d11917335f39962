//! A recording HTTP server on 127.0.0.1 that stands in for the API: it
//! records every request (method, path, query, headers, body) and answers
//! with what its responder chooses (the documented example, a page of it, a
//! variant of it).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// As sent, percent-encoded, with the base path.
    pub path: String,
    /// Decoded `name=value` pairs in order (repeated names kept).
    pub query: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn line(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(n, v)| format!("{n}={v}")).collect();
        if query.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {}?{}", self.method, self.path, query.join("&"))
        }
    }
}

/// Chooses the answer (status, JSON body) to a request.
pub type Responder = Arc<dyn Fn(&Recorded) -> (u16, Value) + Send + Sync>;

struct Shared {
    log: Mutex<Vec<Recorded>>,
    responder: Responder,
}

pub struct Recorder {
    pub base_url: String,
    shared: Arc<Shared>,
    _stop: oneshot::Sender<()>,
}

impl Recorder {
    /// Serves on a random loopback port until dropped; `base_path` is the
    /// description's server path (e.g. `/v1`).
    pub async fn start(base_path: &str, responder: Responder) -> Recorder {
        let shared = Arc::new(Shared {
            log: Mutex::new(Vec::new()),
            responder,
        });
        let app = Router::new().fallback(record).with_state(shared.clone());
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Recorder {
            base_url: format!("http://{addr}{base_path}"),
            shared,
            _stop: stop,
        }
    }

    /// The requests recorded since the last call.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.log.lock().unwrap())
    }
}

async fn record(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let recorded = Recorded {
        method: method.as_str().to_string(),
        path: uri.path().to_string(),
        query: parse_query(uri.query().unwrap_or("")),
        authorization: text(header::AUTHORIZATION),
        content_type: text(header::CONTENT_TYPE),
        body: body.to_vec(),
    };
    let (status, answer) = (shared.responder)(&recorded);
    shared.log.lock().unwrap().push(recorded);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(answer)).into_response()
}

/// `a=1&b=x%20y&b=z` -> [(a, 1), (b, "x y"), (b, z)] (`+` is a space, as in forms).
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| super::spec::percent_decode(&s.replace('+', " "));
            (decode(name), decode(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_decoded_and_repeats_kept() {
        assert_eq!(
            parse_query("emails=a%40x.com&emails=b%40x.com&limit=100&q=a+b"),
            [
                ("emails".to_string(), "a@x.com".to_string()),
                ("emails".to_string(), "b@x.com".to_string()),
                ("limit".to_string(), "100".to_string()),
                ("q".to_string(), "a b".to_string()),
            ]
        );
    }
}
