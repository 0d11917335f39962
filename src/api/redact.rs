//! Keeps the admin key out of text that came from elsewhere: error bodies
//! (a proxy's error page may echo the request's `Authorization` header),
//! the API's messages, and log lines.
//!
//! Removed, wherever they appear: the key, any run of characters holding
//! [`PIECE_LEN`] consecutive characters of its secret part (a proxy may echo
//! the header cut short), the token after `Bearer `, and anything shaped
//! like an OpenAI key (`sk-...`). Text is always scrubbed before it is cut
//! short, and at the cut a trailing fragment that could be the start of the
//! key goes too ([`Redactor::excerpt`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// What stands in for a removed secret.
pub const REDACTED: &str = "<redacted>";

/// Runs of the key this long are removed wherever they appear; shorter
/// ones reveal too little to matter, and would match ordinary words.
const PIECE_LEN: usize = 8;

/// Keys shorter than this are not looked for: replacing every occurrence of
/// a tiny (test) key would garble the text, and no real key is that short.
const MIN_KEY_LEN: usize = PIECE_LEN;

/// Public prefixes of OpenAI keys, longest first: pieces that lie wholly
/// in them reveal nothing, and they are the possible starts of a key.
const KEY_PREFIXES: [&str; 4] = ["sk-svcacct-", "sk-admin-", "sk-proj-", "sk-"];

/// A `Bearer` token or an `sk-` token at least this long (after `Bearer `,
/// or including `sk-`) is taken for a credential. Shorter ones are words:
/// OpenAI's own 401 says "Authorization: Bearer YOUR_KEY".
const MIN_TOKEN_LEN: usize = 16;

/// Scrubs one secret (or none: then only `Bearer` and `sk-` tokens) from
/// text. Its `Debug` never shows the secret.
#[derive(Clone, Default)]
pub struct Redactor {
    key: Option<String>,
    /// Every `PIECE_LEN`-byte window of the key that is not wholly inside
    /// its public prefix.
    pieces: HashSet<[u8; PIECE_LEN]>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("has_key", &self.key.is_some())
            .finish()
    }
}

impl Redactor {
    /// The key it looks for, if it is long enough to be looked for.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// A redactor for `key`; too short a key is not looked for (see
    /// [`MIN_KEY_LEN`]), but `Bearer` and `sk-` tokens still are.
    pub fn new(key: &str) -> Self {
        let key = key.trim();
        if key.len() < MIN_KEY_LEN {
            return Redactor::default();
        }
        let public = KEY_PREFIXES
            .iter()
            .find(|prefix| key.starts_with(*prefix))
            .map_or(0, |prefix| prefix.len());
        let pieces = key
            .as_bytes()
            .windows(PIECE_LEN)
            .enumerate()
            .filter(|(start, _)| start + PIECE_LEN > public)
            .filter_map(|(_, window)| window.try_into().ok())
            .collect();
        Redactor {
            key: Some(key.to_owned()),
            pieces,
        }
    }

    /// True when this redactor looks for `key`.
    pub fn is_for(&self, key: &str) -> bool {
        self.key.as_deref() == Some(key.trim())
    }

    /// `text` with every secret replaced by [`REDACTED`]; borrowed when
    /// there was nothing to replace.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let text: Cow<'a, str> = match &self.key {
            Some(key) if text.contains(key.as_str()) => {
                Cow::Owned(text.replace(key.as_str(), REDACTED))
            }
            _ => Cow::Borrowed(text),
        };
        let spans = self.secret_spans(&text);
        if spans.is_empty() {
            return text;
        }
        let mut clean = String::with_capacity(text.len());
        let mut copied = 0;
        for (start, end) in spans {
            clean.push_str(&text[copied..start]);
            clean.push_str(REDACTED);
            copied = end;
        }
        clean.push_str(&text[copied..]);
        Cow::Owned(clean)
    }

    /// `text` scrubbed, then cut to at most `max_chars` characters (plus
    /// `…` when cut, and the rest of a marker the cut would split). At the cut, a trailing fragment that could be the
    /// start of the key (or of any OpenAI key) is dropped too: scrubbing
    /// first removes every whole secret, and this removes a half one.
    pub fn excerpt(&self, text: &str, max_chars: usize) -> String {
        let clean = self.scrub(text);
        let Some((cut, _)) = clean.char_indices().nth(max_chars) else {
            return clean.into_owned();
        };
        let (kept, rest) = clean.split_at(cut);
        let mut excerpt = kept.to_owned();
        // Never leave half a marker: it would read like mangled text.
        if let Some(split) = (1..REDACTED.len())
            .find(|&k| kept.ends_with(&REDACTED[..k]) && rest.starts_with(&REDACTED[k..]))
        {
            excerpt.push_str(&REDACTED[split..]);
        }
        let fragment_start = excerpt.len() - trailing_token_len(&excerpt);
        if self.could_start_a_key(&excerpt[fragment_start..]) {
            excerpt.truncate(fragment_start);
        }
        excerpt.push('…');
        excerpt
    }

    /// True for a fragment cut off at its end that may be the start of the
    /// key or of an OpenAI key.
    fn could_start_a_key(&self, fragment: &str) -> bool {
        if fragment.len() < 2 {
            return false;
        }
        fragment.starts_with("sk-")
            || KEY_PREFIXES
                .iter()
                .any(|prefix| prefix.starts_with(fragment))
            || self
                .key
                .as_deref()
                .is_some_and(|key| key.starts_with(fragment))
    }

    /// Byte ranges of `text` to replace, sorted and disjoint, each widened
    /// to the whole run of key characters it lies in.
    fn secret_spans(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut spans = Vec::new();
        if !self.pieces.is_empty() {
            for (start, window) in bytes.windows(PIECE_LEN).enumerate() {
                if let Ok(window) = <[u8; PIECE_LEN]>::try_from(window)
                    && self.pieces.contains(&window)
                {
                    spans.push((start, start + PIECE_LEN));
                }
            }
        }
        spans.extend(bearer_tokens(bytes));
        spans.extend(key_shaped_tokens(bytes));
        let mut spans: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|(start, end)| widen(text, start, end))
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
    }
}

/// Characters OpenAI keys are made of.
fn is_key_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// Characters of an RFC 6750 bearer token (`b64token`).
fn is_token_char(byte: u8) -> bool {
    is_key_char(byte) || matches!(byte, b'.' | b'~' | b'+' | b'/' | b'=')
}

/// Length in bytes of the run of key characters that ends `text`.
fn trailing_token_len(text: &str) -> usize {
    text.bytes().rev().take_while(|&b| is_key_char(b)).count()
}

/// `start..end` widened over the key characters around it, and to char
/// boundaries (a key with non-ASCII bytes could match inside a character).
fn widen(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while start > 0 && (is_key_char(bytes[start - 1]) || !text.is_char_boundary(start)) {
        start -= 1;
    }
    while end < bytes.len() && (is_key_char(bytes[end]) || !text.is_char_boundary(end)) {
        end += 1;
    }
    (start, end)
}

/// The tokens after `Bearer ` (any case), when long enough to be one.
fn bearer_tokens(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    const BEARER: &[u8] = b"bearer";
    bytes
        .windows(BEARER.len())
        .enumerate()
        .filter(|(_, window)| window.eq_ignore_ascii_case(BEARER))
        .filter_map(move |(at, _)| {
            let spaces = bytes[at + BEARER.len()..]
                .iter()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
            let start = at + BEARER.len() + spaces;
            let len = bytes[start..]
                .iter()
                .take_while(|&&b| is_token_char(b))
                .count();
            (spaces > 0 && len >= MIN_TOKEN_LEN).then_some((start, start + len))
        })
}

/// Runs of key characters that start with `sk-` and are long enough to be
/// a key: any OpenAI key, not only the configured one.
fn key_shaped_tokens(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    bytes
        .windows(3)
        .enumerate()
        .filter(move |&(at, window)| window == b"sk-" && (at == 0 || !is_key_char(bytes[at - 1])))
        .filter_map(move |(at, _)| {
            let len = bytes[at..].iter().take_while(|&&b| is_key_char(b)).count();
            (len >= MIN_TOKEN_LEN).then_some((at, at + len))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An admin key of a real key's shape (a long secret part after
    /// `sk-admin-`) that reads as the fake it is.
    const KEY: &str = "sk-admin-TEST-NOT-A-REAL-KEY-0123456789abcdefghijklmnopq";
    const MAX: usize = 200;

    fn secret() -> &'static str {
        KEY.strip_prefix("sk-admin-").unwrap()
    }

    /// The first `PIECE_LEN`-character piece of the secret part found in
    /// `text`, if any.
    fn leaked_piece(text: &str) -> Option<&'static str> {
        let secret = secret();
        (0..=secret.len() - PIECE_LEN)
            .map(|i| &secret[i..i + PIECE_LEN])
            .find(|piece| text.contains(piece))
    }

    /// Asserts that an excerpt shows no piece of the secret, and ends in
    /// no fragment of the key's start (two characters or more).
    fn assert_safe(excerpt: &str, context: &str) {
        assert_eq!(leaked_piece(excerpt), None, "{context}: {excerpt}");
        let body = excerpt.trim_end_matches('…');
        let tail = &body[body.len() - trailing_token_len(body)..];
        assert!(
            tail.len() < 2 || !KEY.starts_with(tail),
            "{context}: ends in {tail:?}: {excerpt}"
        );
    }

    #[test]
    fn the_whole_key_and_its_pieces_are_replaced() {
        let redactor = Redactor::new(KEY);
        assert_eq!(
            redactor.scrub(&format!("key {KEY}, again:{KEY}.")),
            "key <redacted>, again:<redacted>."
        );
        // A proxy that echoes the header cut short, or a piece of it.
        let cut_short = &KEY[..20];
        assert_eq!(
            redactor.scrub(&format!("auth={cut_short} end")),
            "auth=<redacted> end"
        );
        let piece = &secret()[10..10 + PIECE_LEN];
        assert_eq!(
            redactor.scrub(&format!("x{piece}y z")),
            "<redacted> z",
            "the whole run holding the piece goes"
        );
        let short = &secret()[10..10 + PIECE_LEN - 1];
        assert_eq!(
            redactor.scrub(&format!("x {short} z")),
            format!("x {short} z")
        );
        // Pieces wholly inside the public prefix are not secret.
        assert_eq!(
            redactor.scrub("use an sk-admin- key"),
            "use an sk-admin- key"
        );
        assert!(matches!(redactor.scrub("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn bearer_and_key_shaped_tokens_are_replaced_without_knowing_the_key() {
        let redactor = Redactor::default();
        assert_eq!(
            redactor.scrub("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc= ok"),
            "Authorization: Bearer <redacted> ok"
        );
        assert_eq!(
            redactor.scrub("authorization: bearer\tsk-proj-abcdefghijklmnop!"),
            "authorization: bearer\t<redacted>!"
        );
        assert_eq!(
            redactor.scrub("other key sk-proj-abcdefghijklmnopq here"),
            "other key <redacted> here"
        );
        // OpenAI's own 401 text stays readable.
        let help = "provide your API key in an Authorization header using Bearer auth \
                    (i.e. Authorization: Bearer YOUR_KEY)";
        assert_eq!(redactor.scrub(help), help);
        assert_eq!(
            redactor.scrub("task-sk-abcdefghijklmnopqrs"),
            "task-sk-abcdefghijklmnopqrs"
        );
    }

    #[test]
    fn a_cut_never_shows_part_of_the_key_at_any_offset() {
        let redactor = Redactor::new(KEY);
        for separator in [" ", "x", "Bearer ", "Authorization: Bearer "] {
            for offset in 0..=KEY.len() + 2 {
                let padding = ".".repeat(MAX.saturating_sub(offset));
                let text = format!("{padding}{separator}{KEY} and more text after the key");
                let excerpt = redactor.excerpt(&text, MAX);
                assert_safe(&excerpt, &format!("offset {offset}, {separator:?}"));
                assert!(excerpt.chars().count() <= MAX + REDACTED.len(), "{excerpt}");
            }
        }
    }

    #[test]
    fn a_cut_drops_a_trailing_start_of_the_key() {
        let redactor = Redactor::new(KEY);
        // The body itself holds the key cut short, at every length, with
        // the excerpt's cut anywhere across it.
        for shown in 1..KEY.len() {
            for offset in 0..=shown + 1 {
                let padding = " ".repeat(MAX - offset);
                let text = format!("{padding}{} tail", &KEY[..shown]);
                let excerpt = redactor.excerpt(&text, MAX);
                assert_safe(&excerpt, &format!("{shown} shown, offset {offset}"));
            }
        }
        // Any key's start, without knowing the key.
        let keyless = Redactor::default();
        let padding = "a ".repeat(MAX / 2);
        for fragment in ["sk", "sk-", "sk-ad", "sk-admin-", "sk-proj-ab"] {
            let text = format!("{padding}{fragment}XYZ more");
            let excerpt = keyless.excerpt(&text, MAX + fragment.len());
            assert_eq!(excerpt, format!("{padding}…"), "{fragment}");
        }
        // Ordinary words at the cut stay.
        let text = format!("{padding}skip this");
        assert_eq!(redactor.excerpt(&text, MAX + 3), format!("{padding}ski…"));
    }

    #[test]
    fn a_cut_keeps_markers_whole_and_short_text_unchanged() {
        let redactor = Redactor::new(KEY);
        for offset in 0..REDACTED.len() + 2 {
            let text = format!("{}{KEY} after", ".".repeat(MAX - offset));
            let excerpt = redactor.excerpt(&text, MAX);
            assert!(
                !excerpt.contains("<red") || excerpt.contains(REDACTED),
                "{excerpt}"
            );
        }
        assert_eq!(redactor.excerpt("short text", MAX), "short text");
        assert_eq!(
            redactor.excerpt(&format!("a {KEY} b"), MAX),
            "a <redacted> b"
        );
    }

    #[test]
    fn short_keys_are_not_looked_for_and_debug_hides_the_key() {
        let tiny = Redactor::new("sk-1");
        assert_eq!(tiny.scrub("a sk-1 b"), "a sk-1 b");
        let redactor = Redactor::new(KEY);
        assert!(redactor.is_for(KEY));
        assert!(!format!("{redactor:?}").contains(secret()));
    }

    #[test]
    fn non_ascii_text_and_keys_do_not_break_scrubbing() {
        let redactor = Redactor::new("sk-admin-ключ-очень-секретный");
        let text = "é ключ-очень-секретный ü";
        let clean = redactor.scrub(text);
        assert!(!clean.contains("очень"), "{clean}");
        let excerpt = Redactor::new(KEY).excerpt(&"é".repeat(300), MAX);
        assert_eq!(excerpt.chars().count(), MAX + 1);
    }
}
