//! The bundled fake Admin API in process, with a client pointed at it: for
//! resource tests that count the requests an operation makes.

use std::time::Duration;

use crate::api::{AdminClient, ClientConfig};
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

    /// GET requests to `route` (a template without `/v1`, e.g.
    /// `/projects/{project_id}/roles`) since the last reset.
    pub fn gets(&self, route: &str) -> usize {
        let counts = self.handle().request_counts();
        counts.get(&format!("GET {route}")).copied().unwrap_or(0)
    }
}
