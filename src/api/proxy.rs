//! Which proxy, if any, the client goes through, from the usual
//! environment variables.
//!
//! The client talks to one host (its base URL), so the choice is made once,
//! when the client is built, and handed to reqwest explicitly. Knowing it
//! lets a failed connection name the proxy that refused it.
//!
//! Rules (those of curl and reqwest's own environment proxies):
//! - an `https://` base URL uses `HTTPS_PROXY`, else `ALL_PROXY`; an
//!   `http://` one `HTTP_PROXY`, else `ALL_PROXY` (upper case first, then
//!   lower case; empty values count as unset);
//! - `NO_PROXY` (or `no_proxy`) lists hosts that connect directly:
//!   comma-separated host names (each also matching its subdomains, a
//!   leading dot optional), IP addresses, CIDR ranges, or `*` for all;
//! - loopback base URLs (a local fake) never use a proxy;
//! - only `http://` and `https://` proxies are supported; a value without a
//!   scheme means `http://`.

use std::net::IpAddr;

use reqwest::Url;

/// A proxy variable found in the environment for the base URL's scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProxyChoice {
    /// The variable it came from, e.g. `HTTPS_PROXY`.
    pub variable: &'static str,
    /// The proxy, credentials included (they are sent to the proxy).
    pub url: Url,
    /// False when the base URL bypasses it (loopback, or listed in `NO_PROXY`).
    pub used: bool,
}

impl ProxyChoice {
    /// The proxy as it may be shown: scheme, host and port, no credentials.
    pub fn display_url(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port_or_known_default() {
            Some(port) => format!("{}://{host}:{port}", self.url.scheme()),
            None => format!("{}://{host}", self.url.scheme()),
        }
    }
}

/// The proxy for `target` given the environment variables `env` returns.
pub(crate) fn select(
    target: &Url,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<ProxyChoice>, String> {
    let candidates: [&'static str; 4] = if target.scheme() == "https" {
        ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    };
    let Some((variable, value)) = candidates.into_iter().find_map(|name| {
        env(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
            .map(|value| (name, value))
    }) else {
        return Ok(None);
    };
    let url = parse_proxy_url(variable, &value)?;
    let no_proxy = ["NO_PROXY", "no_proxy"]
        .into_iter()
        .find_map(&env)
        .unwrap_or_default();
    let used = !is_loopback(target) && !bypasses(&no_proxy, target);
    Ok(Some(ProxyChoice {
        variable,
        url,
        used,
    }))
}

/// Parses a proxy variable. Errors name the variable but never quote its
/// value, which may carry credentials.
fn parse_proxy_url(variable: &str, value: &str) -> Result<Url, String> {
    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|error| format!("{variable} is not a valid proxy URL ({error})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{variable} names a {}:// proxy; only http:// and https:// proxies are supported",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{variable} is not a valid proxy URL (no host)"));
    }
    Ok(url)
}

/// True when `no_proxy` (a `NO_PROXY` value) lists the host of `target`.
fn bypasses(no_proxy: &str, target: &Url) -> bool {
    let Some(host) = host_of(target) else {
        return false;
    };
    no_proxy
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            entry == "*"
                || match host {
                    HostKind::Domain(domain) => domain_matches(entry, domain),
                    HostKind::Ip(ip) => ip_matches(entry, ip),
                }
        })
}

#[derive(Clone, Copy)]
enum HostKind<'a> {
    Domain(&'a str),
    Ip(IpAddr),
}

/// The URL's host as a name or an address (IPv6 without its brackets).
fn host_of(url: &Url) -> Option<HostKind<'_>> {
    let host = url.host_str().filter(|host| !host.is_empty())?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    Some(match bare.parse::<IpAddr>() {
        Ok(ip) => HostKind::Ip(ip),
        Err(_) => HostKind::Domain(host),
    })
}

/// `example.com` and `.example.com` both match `example.com` and every
/// subdomain, never `notexample.com`.
fn domain_matches(entry: &str, domain: &str) -> bool {
    let entry = entry.trim_start_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    domain == entry
        || domain
            .strip_suffix(&entry)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

/// An address (`10.1.2.3`, `::1`, `[::1]`) or a CIDR range (`10.0.0.0/8`).
fn ip_matches(entry: &str, ip: IpAddr) -> bool {
    let (network, prefix) = match entry.split_once('/') {
        Some((network, prefix)) => match prefix.parse::<u8>() {
            Ok(prefix) => (network, Some(prefix)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let network = network.trim_start_matches('[').trim_end_matches(']');
    let Ok(network) = network.parse::<IpAddr>() else {
        return false;
    };
    match (network, ip) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => {
            same_prefix(&net.octets(), &ip.octets(), prefix.unwrap_or(32))
        }
        (IpAddr::V6(net), IpAddr::V6(ip)) => {
            same_prefix(&net.octets(), &ip.octets(), prefix.unwrap_or(128))
        }
        _ => false,
    }
}

/// True when the first `bits` bits of `a` and `b` agree (`bits` beyond
/// the length is no match: a malformed range matches nothing).
fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    if bits > a.len() * 8 {
        return false;
    }
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[whole] & mask == b[whole] & mask
}

/// True for `localhost` and loopback addresses (`127.0.0.0/8`, `::1`).
pub fn is_loopback(url: &Url) -> bool {
    match host_of(url) {
        Some(HostKind::Domain(domain)) => domain
            .trim_end_matches('.')
            .eq_ignore_ascii_case("localhost"),
        Some(HostKind::Ip(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn choose(target: &str, vars: &[(&str, &str)]) -> Result<Option<ProxyChoice>, String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        select(&Url::parse(target).unwrap(), |name| vars.get(name).cloned())
    }

    fn used(target: &str, vars: &[(&str, &str)]) -> Option<(&'static str, String, bool)> {
        choose(target, vars)
            .unwrap()
            .map(|c| (c.variable, c.display_url(), c.used))
    }

    #[test]
    fn the_variable_follows_the_scheme_with_all_proxy_as_fallback() {
        let vars = [
            ("HTTPS_PROXY", "http://secure-proxy:3128"),
            ("HTTP_PROXY", "http://plain-proxy:8080"),
            ("ALL_PROXY", "http://any-proxy:1080"),
        ];
        assert_eq!(
            used("https://api.openai.com/v1", &vars),
            Some(("HTTPS_PROXY", "http://secure-proxy:3128".into(), true))
        );
        assert_eq!(
            used("http://gateway.internal/v1", &vars),
            Some(("HTTP_PROXY", "http://plain-proxy:8080".into(), true))
        );
        assert_eq!(
            used("https://api.openai.com/v1", &[("ALL_PROXY", "any:1080")]),
            Some(("ALL_PROXY", "http://any:1080".into(), true)),
            "no scheme means http"
        );
        assert_eq!(
            used(
                "https://api.openai.com/v1",
                &[("HTTPS_PROXY", " "), ("https_proxy", "http://lower:3128")]
            ),
            Some(("https_proxy", "http://lower:3128".into(), true)),
            "an empty upper-case variable counts as unset"
        );
        assert_eq!(used("https://api.openai.com/v1", &[]), None);
        assert_eq!(
            used(
                "https://api.openai.com/v1",
                &[("HTTP_PROXY", "http://plain:8080")]
            ),
            None,
            "HTTP_PROXY does not apply to https"
        );
    }

    #[test]
    fn no_proxy_and_loopback_bypass_the_proxy() {
        let proxy = ("HTTPS_PROXY", "http://proxy:3128");
        let bypassed = |target: &str, no_proxy: &str| {
            !choose(target, &[proxy, ("NO_PROXY", no_proxy)])
                .unwrap()
                .unwrap()
                .used
        };
        assert!(bypassed("https://api.openai.com/v1", "openai.com"));
        assert!(bypassed("https://api.openai.com/v1", ".openai.com"));
        assert!(bypassed("https://API.OpenAI.com/v1", "api.openai.com"));
        assert!(bypassed(
            "https://api.openai.com/v1",
            "example.org, openai.com"
        ));
        assert!(bypassed("https://api.openai.com/v1", "*"));
        assert!(!bypassed("https://api.openai.com/v1", "notopenai.com"));
        assert!(!bypassed(
            "https://api.openai.com/v1",
            "api.openai.com.evil"
        ));
        assert!(!bypassed("https://api.openai.com/v1", ""));
        assert!(bypassed("https://10.1.2.3/v1", "10.1.2.3"));
        assert!(bypassed("https://10.1.2.3/v1", "10.0.0.0/8"));
        assert!(!bypassed("https://11.1.2.3/v1", "10.0.0.0/8"));
        assert!(bypassed("https://10.1.2.3/v1", "10.1.2.0/23"));
        assert!(!bypassed("https://10.1.4.3/v1", "10.1.2.0/23"));
        assert!(!bypassed("https://10.1.2.3/v1", "10.0.0.0/33"));
        assert!(bypassed("https://[fd00::5]/v1", "fd00::/8"));
        assert!(bypassed("https://[fd00::5]/v1", "[fd00::5]"));
        assert!(!bypassed("https://[fe00::5]/v1", "fd00::/8"));
        assert!(
            choose(
                "https://api.openai.com/v1",
                &[proxy, ("no_proxy", "openai.com")]
            )
            .unwrap()
            .is_some_and(|c| !c.used),
            "lower-case no_proxy"
        );
        for local in [
            "https://localhost:8443/v1",
            "http://127.0.0.1:8080/v1",
            "https://[::1]:8443/v1",
        ] {
            let choice = choose(local, &[proxy, ("HTTP_PROXY", "http://plain:8080")]);
            assert!(!choice.unwrap().unwrap().used, "{local}");
        }
    }

    #[test]
    fn bad_proxy_variables_are_named_without_their_value() {
        let error = choose(
            "https://api.openai.com/v1",
            &[("HTTPS_PROXY", "socks5://user:hunter2@proxy:1080")],
        )
        .unwrap_err();
        assert!(error.contains("HTTPS_PROXY"), "{error}");
        assert!(error.contains("socks5"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");

        let error = choose(
            "https://api.openai.com/v1",
            &[("ALL_PROXY", "http://user:hunter2@[bad")],
        )
        .unwrap_err();
        assert!(
            error.starts_with("ALL_PROXY is not a valid proxy URL"),
            "{error}"
        );
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn the_display_url_has_no_credentials() {
        let choice = choose(
            "https://api.openai.com/v1",
            &[("HTTPS_PROXY", "https://user:hunter2@proxy.corp/some/path")],
        )
        .unwrap()
        .unwrap();
        assert_eq!(choice.display_url(), "https://proxy.corp:443");
        assert_eq!(
            choice.url.password(),
            Some("hunter2"),
            "still sent to the proxy"
        );
    }

    #[test]
    fn loopback_hosts() {
        for url in [
            "http://localhost:1/v1",
            "http://LOCALHOST./v1",
            "http://127.0.0.1/v1",
            "http://127.8.9.10/v1",
            "http://[::1]:80/v1",
        ] {
            assert!(is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
        for url in [
            "http://api.openai.com/v1",
            "http://localhost.example.com/v1",
            "http://10.0.0.1/v1",
            "http://[fd00::1]/v1",
        ] {
            assert!(!is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
    }
}
