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
