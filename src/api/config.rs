//! Settings of an [`AdminClient`](super::AdminClient).

use std::fmt;
use std::time::Duration;

/// Connection, retry and paging settings. `Debug` redacts the API key.
#[derive(Clone)]
pub struct ClientConfig {
    /// Admin API key (`sk-admin-...`), sent as a bearer token.
    pub api_key: String,
    /// E.g. `https://api.openai.com/v1`; a trailing slash is optional.
    pub base_url: String,
    /// Sent as `OpenAI-Organization` when set.
    pub organization_id: Option<String>,
    pub user_agent: String,
    /// Retries after the first attempt; the last error is returned after them.
    pub max_retries: u32,
    /// Backoff before retry `n` is random in `[0, retry_base_delay * 2^n]`.
    pub retry_base_delay: Duration,
    /// Caps both the backoff and a server's `Retry-After`.
    pub max_retry_delay: Duration,
    /// Whole-request timeout, per attempt.
    pub request_timeout: Duration,
    /// Lower cap on the `limit` of list requests. `None` (the default)
    /// asks each list for its documented maximum page size (1000 or 100);
    /// values below 1 count as 1.
    pub page_limit: Option<u32>,
    /// Client-side pacing of all requests of this client and its clones
    /// (every attempt, retries included); `None` = unlimited. Bursts of up
    /// to 10 seconds' worth of requests (1..=10) are let through at once.
    pub max_requests_per_minute: Option<u32>,
}

impl ClientConfig {
    pub fn new(api_key: impl Into<String>, base_url: impl Into<String>) -> Self {
        ClientConfig {
            api_key: api_key.into(),
            base_url: base_url.into(),
            organization_id: None,
            user_agent: format!("terraform-provider-openai/{}", env!("CARGO_PKG_VERSION")),
            max_retries: 8,
            retry_base_delay: Duration::from_millis(500),
            max_retry_delay: Duration::from_secs(60),
            request_timeout: Duration::from_secs(60),
            page_limit: None,
            max_requests_per_minute: None,
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("organization_id", &self.organization_id)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("request_timeout", &self.request_timeout)
            .field("page_limit", &self.page_limit)
            .field("max_requests_per_minute", &self.max_requests_per_minute)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = ClientConfig::new("k", "https://api.openai.com/v1");
        assert_eq!(config.max_retries, 8);
        assert_eq!(config.retry_base_delay, Duration::from_millis(500));
        assert_eq!(config.max_retry_delay, Duration::from_secs(60));
        assert_eq!(config.request_timeout, Duration::from_secs(60));
        assert_eq!(config.page_limit, None);
        assert_eq!(config.max_requests_per_minute, None);
        assert!(config.user_agent.starts_with("terraform-provider-openai/"));
    }

    #[test]
    fn debug_redacts_the_api_key() {
        let config = ClientConfig::new("sk-admin-SECRET123", "https://api.openai.com/v1");
        let debug = format!("{config:?} {config:#?}");
        assert!(!debug.contains("SECRET123"), "{debug}");
        assert!(debug.contains("<redacted>"));
        assert!(debug.contains("https://api.openai.com/v1"));
    }
}
