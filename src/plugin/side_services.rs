//! go-plugin's side services: the controller Terraform calls to shut the
//! plugin down, and the stdio stream (unused: logs go to stderr as JSON).

use std::pin::Pin;

use tokio::sync::watch;
use tonic::{Request, Response, Status};

use super::proto::plugin::grpc_controller_server::GrpcController;
use super::proto::plugin::grpc_stdio_server::GrpcStdio;
use super::proto::plugin::{Empty, StdioData};

/// Answers `Shutdown` by signalling the server to stop gracefully, so
/// Terraform does not wait and kill the process.
pub struct Controller {
    pub shutdown: watch::Sender<bool>,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _request: Request<Empty>) -> Result<Response<Empty>, Status> {
        log::debug!("shutdown requested by Terraform");
        let _ = self.shutdown.send(true);
        Ok(Response::new(Empty {}))
    }
}

/// Streams nothing: the stream ends at once, which go-plugin treats as
/// "no stdio to mirror".
pub struct Stdio;

#[tonic::async_trait]
impl GrpcStdio for Stdio {
    type StreamStdioStream =
        Pin<Box<dyn tokio_stream::Stream<Item = Result<StdioData, Status>> + Send>>;

    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        Ok(Response::new(Box::pin(tokio_stream::empty())))
    }
}
