//! Serving the provider as a go-plugin gRPC plugin: listen, handshake,
//! optional mutual TLS, the services Terraform expects, graceful stop.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::Server;
use tonic_health::ServingStatus;

use super::conn::Conn;
use super::handshake::{self, Listener};
use super::proto::plugin::grpc_controller_server::GrpcControllerServer;
use super::proto::plugin::grpc_stdio_server::GrpcStdioServer;
use super::proto::tfplugin6::provider_server::ProviderServer;
use super::service::ProviderService;
use super::side_services::{Controller, Stdio};
use super::tls::AutoMtls;
use crate::provider::{PROVIDER_ADDRESS, Provider};

/// Terraform state for hundreds of resources can exceed tonic's 4 MiB
/// default; this matches terraform-plugin-go.
const MAX_MESSAGE_SIZE: usize = 256 << 20;
/// How long a graceful stop may wait for open calls before we exit anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

pub struct ServeOptions {
    /// Debug mode: no cookie, no TLS; print TF_REATTACH_PROVIDERS and serve
    /// until interrupted.
    pub debug: bool,
}

pub async fn serve(provider: Arc<Provider>, options: ServeOptions) -> Result<(), String> {
    let listener = Listener::bind()
        .await
        .map_err(|e| format!("cannot listen for Terraform: {e}"))?;
    let tls = match std::env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !options.debug && !pem.trim().is_empty() => {
            Some(AutoMtls::from_client_cert_pem(&pem).map_err(|e| e.to_string())?)
        }
        _ => None,
    };

    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    watch_signals(shutdown_tx.clone(), options.debug)
        .map_err(|e| format!("cannot install signal handlers: {e}"))?;
    announce(&listener, tls.as_ref(), options.debug)?;

    let summary = provider.clone();
    let incoming = accept_connections(listener, tls.map(|t| TlsAcceptor::from(t.server_config)));
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", ServingStatus::Serving)
        .await;

    let server = Server::builder()
        .add_service(health_service)
        .add_service(
            ProviderServer::new(ProviderService::new(provider))
                .max_decoding_message_size(MAX_MESSAGE_SIZE)
                .max_encoding_message_size(MAX_MESSAGE_SIZE),
        )
        .add_service(GrpcControllerServer::new(Controller {
            shutdown: shutdown_tx,
        }))
        .add_service(GrpcStdioServer::new(Stdio))
        .serve_with_incoming_shutdown(incoming, wait_for(shutdown_rx.clone()));

    let result = tokio::select! {
        result = server => result.map_err(|e| format!("plugin server failed: {e}")),
        // Open streams must not keep the process alive after a stop.
        () = async {
            wait_for(shutdown_rx).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    };
    summary.log_summary();
    result
}

/// Prints the handshake line (or, in debug mode, the reattach settings).
fn announce(listener: &Listener, tls: Option<&AutoMtls>, debug: bool) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    let text = if debug {
        let reattach = handshake::reattach_config(PROVIDER_ADDRESS, listener);
        format!(
            "Provider started in debug mode. To attach Terraform, set in another shell:\n\n\
             \tTF_REATTACH_PROVIDERS='{reattach}'\n"
        )
    } else {
        handshake::handshake_line(listener, tls.map(|t| t.server_cert_der.as_slice()))
    };
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write the handshake: {e}"))
}

/// Ctrl-C reaches the whole process group. Like go-plugin, a plugin under
/// Terraform ignores it: Terraform calls StopProvider and then Shutdown.
/// In debug mode it ends the server. SIGTERM always stops gracefully.
///
/// The handlers are installed here, synchronously, before the handshake is
/// printed: a Ctrl-C during start-up must not find the default action.
#[cfg(unix)]
fn watch_signals(shutdown: watch::Sender<bool>, debug: bool) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let on_interrupt = shutdown.clone();
    tokio::spawn(async move {
        while interrupt.recv().await.is_some() {
            if debug {
                let _ = on_interrupt.send(true);
                return;
            }
            log::debug!("received interrupt; waiting for Terraform to stop the provider");
        }
    });
    tokio::spawn(async move {
        terminate.recv().await;
        let _ = shutdown.send(true);
    });
    Ok(())
}

#[cfg(not(unix))]
fn watch_signals(shutdown: watch::Sender<bool>, debug: bool) -> std::io::Result<()> {
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            if debug {
                let _ = shutdown.send(true);
                return;
            }
        }
    });
    Ok(())
}

/// Accepts connections and completes TLS handshakes off the accept loop,
/// so one slow client cannot block others.
fn accept_connections(
    listener: Listener,
    tls: Option<TlsAcceptor>,
) -> ReceiverStream<std::io::Result<Conn>> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let conn = match listener.accept().await {
                Ok(conn) => conn,
                Err(e) => {
                    log::warn!("accept failed: {e}");
                    continue;
                }
            };
            let tx = tx.clone();
            match tls.clone() {
                None => {
                    if tx.send(Ok(conn)).await.is_err() {
                        return;
                    }
                }
                Some(acceptor) => {
                    tokio::spawn(async move {
                        match acceptor.accept(conn).await {
                            Ok(stream) => {
                                let _ = tx.send(Ok(Conn::new(stream))).await;
                            }
                            Err(e) => log::warn!("rejected a plugin connection: {e}"),
                        }
                    });
                }
            }
        }
    });
    ReceiverStream::new(rx)
}

async fn wait_for(mut shutdown: watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}
