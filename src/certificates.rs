//! PEM-encoded X.509 certificates as the certificate upload takes them:
//! read once, by the provider at plan time (`openai_certificate`) and by
//! the fake when it accepts an upload, so both agree on what is one.

use x509_parser::pem::Pem;

/// What a PEM text holds that the provider and the fake need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// Not before (Unix seconds).
    pub valid_at: i64,
    /// Not after (Unix seconds).
    pub expires_at: i64,
    /// The subject, for messages (`CN=client.example.com`).
    pub subject: String,
}

/// The one certificate `pem` holds, or why it is not one (no PEM block,
/// another kind of block such as a private key, more than one block, DER
/// that is not an X.509 certificate).
pub fn parse(pem: &str) -> Result<Certificate, String> {
    let mut blocks = Pem::iter_from_buffer(pem.as_bytes());
    let block = match blocks.next() {
        None => return Err("holds no PEM block (-----BEGIN CERTIFICATE-----)".into()),
        Some(Err(e)) => return Err(format!("is not valid PEM: {e}")),
        Some(Ok(block)) => block,
    };
    if block.label != "CERTIFICATE" {
        // Never echo the block: a private key pasted here is a secret.
        return Err(format!(
            "holds a {:?} PEM block, not a CERTIFICATE",
            block.label
        ));
    }
    if blocks.next().is_some() {
        return Err("holds more than one PEM block; upload one certificate".into());
    }
    let cert = block
        .parse_x509()
        .map_err(|e| format!("is not an X.509 certificate: {e}"))?;
    let validity = cert.validity();
    Ok(Certificate {
        valid_at: validity.not_before.timestamp(),
        expires_at: validity.not_after.timestamp(),
        subject: cert.subject().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(not_before: i64, not_after: i64) -> String {
        let mut params =
            rcgen::CertificateParams::new(vec!["client.example.com".into()]).expect("params");
        let at = |secs| time::OffsetDateTime::from_unix_timestamp(secs).expect("a time");
        params.not_before = at(not_before);
        params.not_after = at(not_after);
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("key");
        params.self_signed(&key).expect("self-signed").pem()
    }

    #[test]
    fn a_certificate_gives_its_validity_window() {
        let pem = generated(1_700_000_000, 1_800_000_000);
        let cert = parse(&pem).unwrap();
        assert_eq!(cert.valid_at, 1_700_000_000);
        assert_eq!(cert.expires_at, 1_800_000_000);
    }

    #[test]
    fn what_is_not_one_certificate_is_refused_without_echoing_it() {
        assert!(parse("hello").unwrap_err().contains("no PEM block"));
        let key = "-----BEGIN PRIVATE KEY-----\nTUlJQg==\n-----END PRIVATE KEY-----\n";
        let err = parse(key).unwrap_err();
        assert!(err.contains("\"PRIVATE KEY\""), "{err}");
        assert!(!err.contains("TUlJQg"), "{err}");
        let junk = "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n";
        assert!(parse(junk).unwrap_err().contains("X.509"));
        let pem = generated(1_700_000_000, 1_800_000_000);
        let two = format!("{pem}{pem}");
        assert!(parse(&two).unwrap_err().contains("more than one"));
    }
}
