//! Why a connection could not be made, told apart so that the error can
//! say what to fix: nothing listening (wrong port or host), a host name that
//! does not resolve, `https://` to a server that does not speak TLS, an
//! untrusted certificate, or a proxy that refused.

use std::fmt;
#[cfg(feature = "provider")]
use std::{error::Error, io};

#[cfg(feature = "provider")]
use super::proxy::ProxyChoice;

/// What stopped the connection. In every case nothing of the request was
/// sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreachableCause {
    /// The TCP connection was refused: nothing listens at that host and port.
    Refused,
    /// The host name does not resolve.
    UnknownHost,
    /// The server answered, but not with TLS: typically a plain-HTTP server
    /// behind an `https://` URL.
    NotTls,
    /// The TLS handshake failed, e.g. on a certificate that is not trusted.
    Tls,
    /// Anything else, e.g. a proxy that would not open a tunnel, or no route
    /// to the host.
    Other,
}

/// The proxy variable that applied to the request's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyNote {
    /// E.g. `HTTPS_PROXY`.
    pub variable: &'static str,
    /// Scheme, host and port of the proxy; never its credentials.
    pub url: String,
    /// False when the variable is set but this host bypasses it (loopback,
    /// or listed in `NO_PROXY`): the connection was direct.
    pub used: bool,
}

/// A connection that could not be made, with what is needed to say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    pub cause: UnreachableCause,
    /// The lowest-level explanation, e.g. `invalid peer certificate: UnknownIssuer`.
    pub detail: String,
    /// The URL requested, without query string or credentials.
    pub url: String,
    /// `host:port` the client tried to connect to: the API's, or the proxy's
    /// when one was used.
    pub address: String,
    /// The host name looked up: the API's, or the proxy's.
    pub host: String,
    pub proxy: Option<ProxyNote>,
    /// True when the server had not answered any request of this client
    /// before: the failure is then most likely a configuration mistake,
    /// not an outage.
    pub never_answered: bool,
}

impl Unreachable {
    /// The proxy the connection went through, if it went through one.
    pub fn proxy_used(&self) -> Option<&ProxyNote> {
        self.proxy.as_ref().filter(|proxy| proxy.used)
    }
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Unreachable {
            url,
            address,
            host,
            detail,
            ..
        } = self;
        if let Some(ProxyNote {
            variable,
            url: proxy,
            ..
        }) = self.proxy_used()
        {
            return match self.cause {
                UnreachableCause::Refused => write!(
                    f,
                    "cannot connect to the proxy {proxy} (from {variable}) to reach {url}: \
                     the proxy refused the connection"
                ),
                UnreachableCause::UnknownHost => write!(
                    f,
                    "cannot connect to the proxy {proxy} (from {variable}) to reach {url}: \
                     its host name {host} does not resolve ({detail})"
                ),
                UnreachableCause::NotTls | UnreachableCause::Tls => write!(
                    f,
                    "cannot connect to {url} through the proxy {proxy} (from {variable}): \
                     TLS handshake failed: {detail}"
                ),
                UnreachableCause::Other => write!(
                    f,
                    "the proxy {proxy} (from {variable}) did not connect to {url}: {detail}"
                ),
            };
        }
        match self.cause {
            UnreachableCause::Refused => write!(
                f,
                "cannot connect to {url}: connection refused (nothing is listening at {address})"
            ),
            UnreachableCause::UnknownHost => write!(
                f,
                "cannot connect to {url}: the host name {host} does not resolve ({detail})"
            ),
            UnreachableCause::NotTls => write!(
                f,
                "cannot connect to {url}: the server at {address} does not speak TLS ({detail})"
            ),
            UnreachableCause::Tls => write!(
                f,
                "cannot connect to {url}: TLS handshake with {address} failed: {detail}"
            ),
            UnreachableCause::Other => write!(f, "cannot connect to {url}: {detail}"),
        }
    }
}

#[cfg(feature = "provider")]
/// Where a failed connection was headed, as the client knows it.
pub(crate) struct Destination<'a> {
    /// The URL requested, without query string or credentials.
    pub url: String,
    /// The API's host and port.
    pub host: &'a str,
    pub port: u16,
    pub proxy: Option<&'a ProxyChoice>,
    pub never_answered: bool,
}

#[cfg(feature = "provider")]
/// Describes a connect failure. `error` is reqwest's error (its URL
/// removed), `is_dns` reqwest's own verdict on it, `chain` its text.
pub(crate) fn describe(
    error: &(dyn Error + 'static),
    is_dns: bool,
    chain: &str,
    to: Destination<'_>,
) -> Unreachable {
    let (cause, detail) = if is_dns {
        (UnreachableCause::UnknownHost, innermost(error))
    } else {
        classify(error).unwrap_or_else(|| (UnreachableCause::Other, chain.to_owned()))
    };
    let proxy = to.proxy.map(|choice| ProxyNote {
        variable: choice.variable,
        url: choice.display_url(),
        used: choice.used,
    });
    let (host, port) = match to.proxy.filter(|choice| choice.used) {
        Some(choice) => (
            choice.url.host_str().unwrap_or_default().to_owned(),
            choice.url.port_or_known_default().unwrap_or_default(),
        ),
        None => (to.host.to_owned(), to.port),
    };
    Unreachable {
        cause,
        detail,
        url: to.url,
        address: format!("{host}:{port}"),
        host,
        proxy,
        never_answered: to.never_answered,
    }
}

#[cfg(feature = "provider")]
/// Finds a refused connection or a TLS failure anywhere in the chain.
fn classify(error: &(dyn Error + 'static)) -> Option<(UnreachableCause, String)> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            let cause = match tls {
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => {
                    UnreachableCause::NotTls
                }
                _ => UnreachableCause::Tls,
            };
            return Some((cause, tls.to_string()));
        }
        if let Some(io) = error.downcast_ref::<io::Error>()
            && io.kind() == io::ErrorKind::ConnectionRefused
        {
            return Some((UnreachableCause::Refused, io.to_string()));
        }
        current = next_in_chain(error);
    }
    None
}

#[cfg(feature = "provider")]
/// The error beneath `error`. An `io::Error` wrapping another error hides
/// it from `source()` (which skips to the wrapped error's own source), and
/// TLS failures arrive as a rustls error inside two such layers.
fn next_in_chain<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    match error
        .downcast_ref::<io::Error>()
        .and_then(io::Error::get_ref)
    {
        Some(wrapped) => Some(wrapped),
        None => error.source(),
    }
}

#[cfg(feature = "provider")]
/// The text of the last error in the chain: the system's own words.
fn innermost(error: &(dyn Error + 'static)) -> String {
    let mut last = error;
    while let Some(next) = next_in_chain(last) {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error wrapping another, like hyper's and reqwest's layers.
    #[derive(Debug)]
    struct Layer(&'static str, Box<dyn Error + Send + Sync>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&*self.1)
        }
    }

    fn direct(error: &(dyn Error + 'static), is_dns: bool) -> Unreachable {
        describe(
            error,
            is_dns,
            "client error (Connect): whatever",
            Destination {
                url: "https://api.example.com/v1/organization/roles".into(),
                host: "api.example.com",
                port: 443,
                proxy: None,
                never_answered: true,
            },
        )
    }

    #[test]
    fn a_refused_connection_deep_in_the_chain() {
        let error = Layer(
            "client error (Connect)",
            Box::new(Layer(
                "tcp connect error",
                Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)),
            )),
        );
        let unreachable = direct(&error, false);
        assert_eq!(unreachable.cause, UnreachableCause::Refused);
        assert_eq!(
            unreachable.to_string(),
            "cannot connect to https://api.example.com/v1/organization/roles: connection \
             refused (nothing is listening at api.example.com:443)"
        );
    }

    #[test]
    fn tls_errors_wrapped_in_io_errors() {
        // As reqwest reports it: two io::Error layers around rustls's error.
        let not_tls = Layer(
            "client error (Connect)",
            Box::new(io::Error::other(io::Error::new(
                io::ErrorKind::InvalidData,
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
            ))),
        );
        let unreachable = direct(&not_tls, false);
        assert_eq!(unreachable.cause, UnreachableCause::NotTls);
        assert!(
            unreachable
                .to_string()
                .contains("the server at api.example.com:443 does not speak TLS"),
            "{unreachable}"
        );

        let untrusted = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let unreachable = direct(&untrusted, false);
        assert_eq!(unreachable.cause, UnreachableCause::Tls);
        assert!(
            unreachable
                .to_string()
                .starts_with("cannot connect to https://api.example.com/v1/organization/roles: TLS handshake with api.example.com:443 failed: invalid peer certificate"),
            "{unreachable}"
        );
    }

    #[test]
    fn dns_failures_quote_the_system() {
        let error = Layer(
            "dns error",
            Box::new(io::Error::other("failed to lookup address information")),
        );
        let unreachable = direct(&error, true);
        assert_eq!(unreachable.cause, UnreachableCause::UnknownHost);
        assert_eq!(unreachable.host, "api.example.com");
        assert!(
            unreachable.to_string().ends_with(
                "the host name api.example.com does not resolve (failed to lookup address information)"
            ),
            "{unreachable}"
        );
    }

    #[test]
    fn other_failures_keep_the_whole_chain() {
        let error = io::Error::other("no route to host");
        let unreachable = direct(&error, false);
        assert_eq!(unreachable.cause, UnreachableCause::Other);
        assert_eq!(unreachable.detail, "client error (Connect): whatever");
    }

    #[test]
    fn through_a_proxy_the_proxy_is_named_without_credentials() {
        let choice = ProxyChoice {
            variable: "HTTPS_PROXY",
            url: reqwest::Url::parse("http://user:hunter2@proxy.corp:3128").unwrap(),
            used: true,
        };
        let to = |proxy| Destination {
            url: "https://api.openai.com/v1/organization/roles".into(),
            host: "api.openai.com",
            port: 443,
            proxy,
            never_answered: true,
        };
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        let unreachable = describe(&refused, false, "", to(Some(&choice)));
        assert_eq!(unreachable.address, "proxy.corp:3128");
        assert_eq!(
            unreachable.to_string(),
            "cannot connect to the proxy http://proxy.corp:3128 (from HTTPS_PROXY) to reach \
             https://api.openai.com/v1/organization/roles: the proxy refused the connection"
        );
        let tunnel = describe(
            &io::Error::other("x"),
            false,
            "tunnel error: unsuccessful",
            to(Some(&choice)),
        );
        assert_eq!(
            tunnel.to_string(),
            "the proxy http://proxy.corp:3128 (from HTTPS_PROXY) did not connect to \
             https://api.openai.com/v1/organization/roles: tunnel error: unsuccessful"
        );
        assert!(!format!("{unreachable:?}{tunnel:?}").contains("hunter2"));

        let bypassed = ProxyChoice {
            used: false,
            ..choice.clone()
        };
        let direct = describe(&refused, false, "", to(Some(&bypassed)));
        assert_eq!(direct.address, "api.openai.com:443");
        assert!(direct.proxy_used().is_none());
        assert_eq!(
            direct.proxy.as_ref().map(|p| p.variable),
            Some("HTTPS_PROXY")
        );
        assert!(
            direct
                .to_string()
                .contains("nothing is listening at api.openai.com:443")
        );
    }
}
