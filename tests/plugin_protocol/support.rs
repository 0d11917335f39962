//! Harness for the plugin-protocol tests: launches the provider binary the
//! way Terraform (go-plugin) does, parses what it prints, and connects to
//! it over its unix socket with AutoMTLS (or in plain text, in debug mode).

use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine;
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::UnixStream;
use tonic::codegen::Service;
use tonic::transport::{Channel, Endpoint, Uri};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

pub const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-openai");
pub const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
pub const PROVIDER_ADDRESS: &str = "registry.terraform.io/tfopenai/openai";
/// Upper bound for anything that should be instant (an RPC, a handshake).
pub const QUICK: Duration = Duration::from_secs(5);

/// Awaits `future`, failing the test if it takes longer than [`QUICK`].
pub async fn within<F: Future>(what: &str, future: F) -> F::Output {
    match tokio::time::timeout(QUICK, future).await {
        Ok(output) => output,
        Err(_) => panic!("{what} did not complete within {QUICK:?}"),
    }
}

// ---------------------------------------------------------------------------
// Client identity (what Terraform puts in PLUGIN_CLIENT_CERT)

/// A client certificate shaped like go-plugin's: ECDSA P-521, self-signed
/// CA, CN and SAN "localhost", usable for client and server auth.
pub struct ClientIdentity {
    pub cert_pem: String,
    pub cert_der: CertificateDer<'static>,
    key_der: Vec<u8>,
}

impl ClientIdentity {
    pub fn generate() -> ClientIdentity {
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).expect("P-521 key");
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned()]).expect("certificate params");
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, "localhost");
        name.push(DnType::OrganizationName, "HashiCorp");
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
            KeyUsagePurpose::KeyAgreement,
            KeyUsagePurpose::KeyCertSign,
        ];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ClientAuth,
            ExtendedKeyUsagePurpose::ServerAuth,
        ];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::seconds(30);
        params.not_after = now + time::Duration::hours(262_980);
        let cert = params.self_signed(&key).expect("self-signed certificate");
        assert_eq!(
            key.algorithm(),
            &rcgen::PKCS_ECDSA_P521_SHA512,
            "the test client key must be P-521, like Terraform's"
        );
        ClientIdentity {
            cert_pem: cert.pem(),
            cert_der: cert.der().clone(),
            key_der: key.serialize_der(),
        }
    }

    fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone()))
    }
}

// ---------------------------------------------------------------------------
// The provider process

/// A running provider binary. Dropping it kills and reaps the process.
pub struct Plugin {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_thread: Option<JoinHandle<()>>,
    pub started: Instant,
}

/// The binary with an environment free of anything Terraform-related that
/// the calling shell may have set; debug logs on stderr for diagnosis.
pub fn provider_command() -> Command {
    let mut cmd = Command::new(BINARY);
    for var in [
        "TF_PLUGIN_MAGIC_COOKIE",
        "PLUGIN_PROTOCOL_VERSIONS",
        "PLUGIN_CLIENT_CERT",
        "PLUGIN_UNIX_SOCKET_DIR",
        "TF_REATTACH_PROVIDERS",
        "TF_LOG",
        "TF_LOG_PATH",
        "OPENAI_ADMIN_KEY",
        "OPENAI_ADMIN_BASE_URL",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("TF_LOG_PROVIDER", "debug");
    cmd
}

/// [`provider_command`] with the environment Terraform 1.11 sets.
pub fn terraform_launch(identity: &ClientIdentity) -> Command {
    let mut cmd = provider_command();
    cmd.env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("PLUGIN_CLIENT_CERT", &identity.cert_pem);
    cmd
}

impl Plugin {
    pub fn spawn(mut cmd: Command) -> Plugin {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start the provider binary");
        let started = Instant::now();

        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep draining even when nobody listens any more.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });

        let mut stderr = child.stderr.take().expect("piped stderr");
        let sink = Arc::new(Mutex::new(Vec::new()));
        let writer = sink.clone();
        let stderr_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                writer.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });

        Plugin {
            child,
            stdout: rx,
            stderr: sink,
            stderr_thread: Some(stderr_thread),
            started,
        }
    }

    /// Starts the binary as Terraform does and checks its handshake line.
    pub fn start(identity: &ClientIdentity) -> (Plugin, Handshake) {
        let mut plugin = Plugin::spawn(terraform_launch(identity));
        let line = plugin.next_line();
        let handshake = Handshake::parse(&line);
        (plugin, handshake)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next line on stdout; panics (with stderr) if none comes.
    pub fn next_line(&mut self) -> String {
        match self.stdout.recv_timeout(QUICK) {
            Ok(line) => line,
            Err(e) => panic!(
                "no line on the provider's stdout ({e}); exit status: {:?}; stderr:\n{}",
                self.child.try_wait(),
                self.stderr_text()
            ),
        }
    }

    /// Whatever the process wrote on stderr so far (all of it once it has
    /// exited and [`Plugin::wait_exit`] returned).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Sends a signal (`INT`, `TERM`) with the `kill` command.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Sends signal number `signal` at once, without spawning `kill`: some
    /// checks race the provider's start-up.
    pub fn signal_now(&self, signal: i32) {
        unsafe extern "C" {
            fn kill(pid: i32, sig: i32) -> i32;
        }
        let pid = i32::try_from(self.pid()).expect("pid fits in pid_t");
        // SAFETY: kill(2) takes plain integers and touches no memory of ours.
        let rc = unsafe { kill(pid, signal) };
        assert_eq!(rc, 0, "kill({pid}, {signal}) failed");
    }

    /// Waits (without blocking the async runtime) for the process to exit;
    /// `None` if it is still running after `timeout`.
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                if let Some(thread) = self.stderr_thread.take() {
                    let _ = thread.join();
                }
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// The handshake line

/// `1|6|unix|<socket>|grpc|<base64 DER>`, every field checked.
pub struct Handshake {
    pub socket: PathBuf,
    pub server_cert_der: Vec<u8>,
}

impl Handshake {
    pub fn parse(line: &str) -> Handshake {
        assert_eq!(
            line.trim(),
            line,
            "the handshake line has stray whitespace: {line:?}"
        );
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(
            fields.len(),
            6,
            "handshake line must have 6 fields (AutoMTLS adds the certificate): {line:?}"
        );
        assert_eq!(fields[0], "1", "core protocol version in {line:?}");
        assert_eq!(fields[1], "6", "app protocol version in {line:?}");
        assert_eq!(fields[2], "unix", "network in {line:?}");
        assert_eq!(fields[4], "grpc", "protocol in {line:?}");

        let socket = PathBuf::from(fields[3]);
        assert!(socket.is_absolute(), "socket path not absolute: {line:?}");
        let meta = std::fs::metadata(&socket)
            .unwrap_or_else(|e| panic!("socket {} does not exist: {e}", socket.display()));
        assert!(
            meta.file_type().is_socket(),
            "{} is not a unix socket",
            socket.display()
        );

        let cert = fields[5];
        assert!(
            !cert.is_empty() && !cert.ends_with('='),
            "certificate must be base64 without padding: {cert:?}"
        );
        let der = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(cert)
            .unwrap_or_else(|e| panic!("certificate is not std base64 without padding: {e}"));
        assert_eq!(
            der.first(),
            Some(&0x30),
            "certificate is not DER (SEQUENCE)"
        );
        assert!(
            der.windows(9).any(|w| w == b"localhost"),
            "go-plugin verifies the server certificate for \"localhost\"; it is not in it"
        );
        Handshake {
            socket,
            server_cert_der: der,
        }
    }
}

// ---------------------------------------------------------------------------
// Connecting

/// A TLS client configuration as go-plugin builds it: trust exactly the
/// server certificate from the handshake, present `identity` (or nothing),
/// ALPN h2. aws-lc-rs, since the client key is P-521.
pub fn tls_client_config(
    server_cert_der: &[u8],
    identity: Option<&ClientIdentity>,
) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = ExactServerCert {
        expected: server_cert_der.to_vec(),
        algorithms: provider.signature_verification_algorithms,
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match identity {
        Some(id) => builder
            .with_client_auth_cert(vec![id.cert_der.clone()], id.key())
            .expect("client certificate"),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    Arc::new(config)
}

/// Connects to the provider's unix socket, over TLS when `tls` is given.
/// Connection errors (TLS handshake included) are returned, not panics.
pub async fn connect(
    socket: &Path,
    tls: Option<Arc<rustls::ClientConfig>>,
) -> Result<Channel, tonic::transport::Error> {
    let connector = UnixConnector {
        socket: socket.to_path_buf(),
        tls,
    };
    Endpoint::from_static("http://[::]:50051")
        .connect_timeout(QUICK)
        .connect_with_connector(connector)
        .await
}

/// [`connect`] with the right client certificate; panics on failure.
pub async fn connect_mtls(handshake: &Handshake, identity: &ClientIdentity) -> Channel {
    let tls = tls_client_config(&handshake.server_cert_der, Some(identity));
    within(
        "connecting with AutoMTLS",
        connect(&handshake.socket, Some(tls)),
    )
    .await
    .expect("connect with the client certificate Terraform passed")
}

/// `grpc.health.v1.Health/Check` for service "plugin".
pub async fn health(channel: &Channel) -> Result<i32, tonic::Status> {
    let request = HealthCheckRequest {
        service: "plugin".to_owned(),
    };
    within(
        "Health/Check",
        HealthClient::new(channel.clone()).check(request),
    )
    .await
    .map(|r| r.into_inner().status)
}

pub async fn assert_serving(channel: &Channel) {
    let status = health(channel).await.expect("Health/Check answers");
    assert_eq!(
        status,
        ServingStatus::Serving as i32,
        "health status of service \"plugin\""
    );
}

trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

#[derive(Clone)]
struct UnixConnector {
    socket: PathBuf,
    tls: Option<Arc<rustls::ClientConfig>>,
}

type Connecting = Pin<Box<dyn Future<Output = std::io::Result<TokioIo<Box<dyn Io>>>> + Send>>;

impl Service<Uri> for UnixConnector {
    type Response = TokioIo<Box<dyn Io>>;
    type Error = std::io::Error;
    type Future = Connecting;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _uri: Uri) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let stream = UnixStream::connect(&this.socket).await?;
            let Some(config) = this.tls else {
                return Ok(TokioIo::new(Box::new(stream) as Box<dyn Io>));
            };
            let name = ServerName::try_from("localhost").expect("server name");
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(name, stream)
                .await?;
            let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
            if alpn.as_deref() != Some(b"h2") {
                return Err(std::io::Error::other(format!(
                    "server negotiated ALPN {alpn:?}, not h2"
                )));
            }
            Ok(TokioIo::new(Box::new(tls) as Box<dyn Io>))
        })
    }
}

/// Trusts one certificate, byte for byte, and checks the handshake
/// signature with its key (what go-plugin's root pool amounts to).
#[derive(Debug)]
struct ExactServerCert {
    expected: Vec<u8>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ExactServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.expected.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
