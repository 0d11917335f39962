//! The go-plugin handshake: the magic cookie check, the listener, and the
//! line on stdout that tells Terraform where and how to connect.

use std::io;
use std::path::PathBuf;

use base64::Engine;
use tokio::net::{TcpListener, UnixListener};

use super::conn::Conn;

pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// go-plugin's own protocol version.
pub const CORE_PROTOCOL_VERSION: u32 = 1;
/// The Terraform plugin protocol major version (tfplugin6).
pub const APP_PROTOCOL_VERSION: u32 = 6;

pub const NOT_A_PLUGIN_MESSAGE: &str =
    "This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically.

To try it by hand, run it with --debug and set TF_REATTACH_PROVIDERS
as it prints.";

/// Whether Terraform launched us: the cookie matches and, when Terraform
/// lists the protocol versions it speaks, 6 is among them.
pub fn check_launched_by_terraform() -> Result<(), String> {
    if std::env::var(MAGIC_COOKIE_KEY).ok().as_deref() != Some(MAGIC_COOKIE_VALUE) {
        return Err(NOT_A_PLUGIN_MESSAGE.to_owned());
    }
    if let Ok(versions) = std::env::var("PLUGIN_PROTOCOL_VERSIONS")
        && !versions
            .split(',')
            .any(|v| v.trim() == APP_PROTOCOL_VERSION.to_string())
    {
        return Err(format!(
            "this provider speaks plugin protocol {APP_PROTOCOL_VERSION}, \
             but Terraform offered only {versions}: use Terraform 1.0 or later"
        ));
    }
    Ok(())
}

/// Where the plugin listens: a unix socket in a private temp dir, or a
/// loopback TCP port where unix sockets are unavailable.
pub enum Listener {
    Unix {
        listener: UnixListener,
        path: PathBuf,
        // Removes the directory (and socket) when the server is dropped.
        _dir: tempfile::TempDir,
    },
    Tcp(TcpListener),
}

impl Listener {
    pub async fn bind() -> io::Result<Listener> {
        match Self::bind_unix() {
            Ok(listener) => Ok(listener),
            Err(e) => {
                log::debug!("unix socket unavailable ({e}); falling back to TCP");
                Ok(Listener::Tcp(TcpListener::bind("127.0.0.1:0").await?))
            }
        }
    }

    fn bind_unix() -> io::Result<Listener> {
        let dir = match std::env::var_os("PLUGIN_UNIX_SOCKET_DIR") {
            Some(parent) => tempfile::Builder::new()
                .prefix("plugin")
                .tempdir_in(parent)?,
            None => tempfile::Builder::new().prefix("plugin").tempdir()?,
        };
        let path = dir.path().join("provider.sock");
        let listener = UnixListener::bind(&path)?;
        Ok(Listener::Unix {
            listener,
            path,
            _dir: dir,
        })
    }

    pub fn network(&self) -> &'static str {
        match self {
            Listener::Unix { .. } => "unix",
            Listener::Tcp(_) => "tcp",
        }
    }

    pub fn address(&self) -> String {
        match self {
            Listener::Unix { path, .. } => path.display().to_string(),
            Listener::Tcp(l) => l.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        }
    }

    pub async fn accept(&self) -> io::Result<Conn> {
        match self {
            Listener::Unix { listener, .. } => Ok(Conn::new(listener.accept().await?.0)),
            Listener::Tcp(listener) => {
                let (stream, _) = listener.accept().await?;
                stream.set_nodelay(true)?;
                Ok(Conn::new(stream))
            }
        }
    }
}

/// `1|6|unix|/tmp/plugin123/provider.sock|grpc|<base64 DER, no padding>`
pub fn handshake_line(listener: &Listener, server_cert_der: Option<&[u8]>) -> String {
    let mut line = format!(
        "{CORE_PROTOCOL_VERSION}|{APP_PROTOCOL_VERSION}|{}|{}|grpc",
        listener.network(),
        listener.address()
    );
    if let Some(der) = server_cert_der {
        line.push('|');
        line.push_str(&base64::engine::general_purpose::STANDARD_NO_PAD.encode(der));
    }
    line
}

/// The `TF_REATTACH_PROVIDERS` value for debug mode.
pub fn reattach_config(provider_address: &str, listener: &Listener) -> String {
    serde_json::json!({
        provider_address: {
            "Protocol": "grpc",
            "ProtocolVersion": APP_PROTOCOL_VERSION,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": { "Network": listener.network(), "String": listener.address() },
        }
    })
    .to_string()
}
