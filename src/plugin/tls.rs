//! AutoMTLS as go-plugin does it: Terraform passes its client certificate
//! (ECDSA P-521) in `PLUGIN_CLIENT_CERT`; the plugin answers with a fresh
//! self-signed server certificate in the handshake line and accepts exactly
//! the client certificate it was given.
//!
//! rustls' `ring` backend cannot verify P-521 signatures, so this uses
//! `aws-lc-rs`.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SerialNumber,
};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName as TlsName, SignatureScheme};

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("PLUGIN_CLIENT_CERT holds no PEM certificate")]
    NoClientCertificate,
    #[error("cannot generate the server certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("cannot generate the server key")]
    Key,
    #[error("cannot build the TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

/// The server side of AutoMTLS.
pub struct AutoMtls {
    pub server_config: Arc<rustls::ServerConfig>,
    /// DER of the server certificate, sent to Terraform in the handshake.
    pub server_cert_der: Vec<u8>,
}

impl AutoMtls {
    pub fn from_client_cert_pem(pem: &str) -> Result<AutoMtls, TlsError> {
        let client_cert = rustls_pemfile::certs(&mut pem.as_bytes())
            .next()
            .and_then(Result::ok)
            .ok_or(TlsError::NoClientCertificate)?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let (server_cert, server_key) = generate_server_certificate()?;
        let verifier = ExactClientCert {
            expected: client_cert,
            algorithms: provider.signature_verification_algorithms,
        };
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_client_cert_verifier(Arc::new(verifier))
            .with_single_cert(vec![server_cert.clone()], server_key)?;
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(AutoMtls {
            server_config: Arc::new(config),
            server_cert_der: server_cert.to_vec(),
        })
    }
}

/// A certificate shaped like go-plugin's own: self-signed CA for
/// "localhost", usable for server and client auth.
///
/// The key is Ed25519, made from an OS-random seed, and Ed25519 signing is
/// deterministic: neither needs aws-lc's random generator, whose one-time
/// seeding (about 20 ms) would otherwise hold up the handshake line.
/// [`warm_up_random_generator`] does that seeding in parallel instead.
fn generate_server_certificate()
-> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), TlsError> {
    let seed: [u8; 32] = rand::random();
    let pair = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(&seed)
        .map_err(|_| TlsError::Key)?;
    let pkcs8 = pair.to_pkcs8().map_err(|_| TlsError::Key)?;
    let pkcs8 = PrivatePkcs8KeyDer::from(pkcs8.as_ref().to_vec());
    let key = KeyPair::from_pkcs8_der_and_sign_algo(&pkcs8, &rcgen::PKCS_ED25519)?;
    let mut params = CertificateParams::new(vec!["localhost".to_owned()])?;
    let serial: [u8; 16] = rand::random();
    params.serial_number = Some(SerialNumber::from_slice(&serial));
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
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::seconds(30);
    params.not_after = now + time::Duration::days(365 * 30);
    let cert = params.self_signed(&key)?;
    Ok((cert.der().clone(), PrivateKeyDer::Pkcs8(pkcs8)))
}

/// Seeds aws-lc's random generator on a background thread, so the first
/// TLS handshake does not wait for it.
pub fn warm_up_random_generator() {
    std::thread::spawn(|| {
        let mut byte = [0u8; 1];
        let _ = aws_lc_rs::rand::fill(&mut byte);
    });
}

/// Accepts one client certificate, byte for byte, and checks that the peer
/// holds its private key (the handshake signature).
#[derive(Debug)]
struct ExactClientCert {
    expected: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for ExactClientCert {
    fn root_hint_subjects(&self) -> &[TlsName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
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

/// Makes sure one process-wide crypto provider exists for code paths that
/// ask rustls for the default (reqwest does).
pub fn install_default_crypto_provider() {
    let _ = CryptoProvider::install_default(rustls::crypto::aws_lc_rs::default_provider());
}
