//! The `timeouts` block every resource accepts, and Go-style durations
//! ("30s", "10m", "1h30m") as Terraform users write them.

use std::sync::Arc;
use std::time::Duration;

use crate::schema::{Attribute, Block};
use crate::value::{Type, Value};

pub const BLOCK_NAME: &str = "timeouts";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Read,
    Update,
    Delete,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }

    /// Generous defaults: a large apply against a rate-limited API spends
    /// most of its time waiting out 429s, which must not fail it.
    fn default_timeout(self) -> Duration {
        match self {
            Operation::Read => Duration::from_secs(10 * 60),
            _ => Duration::from_secs(20 * 60),
        }
    }
}

pub fn block() -> Block {
    let attr = |op: Operation, description: &'static str| {
        Attribute::optional(op.name(), Type::String, description).validate_with(Arc::new(
            |value: &Value| parse_duration(value.as_str().unwrap_or_default()).map(|_| ()),
        ))
    };
    Block {
        name: BLOCK_NAME,
        description: "How long each operation may take, retries and rate-limit waits \
                      included, as a duration such as `30s`, `10m` or `1h`.",
        attributes: vec![
            attr(Operation::Create, "Limit for create (default `20m`)."),
            attr(
                Operation::Read,
                "Limit for refresh and import (default `10m`).",
            ),
            attr(Operation::Update, "Limit for update (default `20m`)."),
            attr(Operation::Delete, "Limit for delete (default `20m`)."),
        ],
    }
}

/// The limit for `op` from a state or plan's `timeouts` block.
pub fn for_operation(value: &Value, op: Operation) -> Duration {
    value
        .get(BLOCK_NAME)
        .get_str(op.name())
        .and_then(|s| parse_duration(s).ok())
        .unwrap_or_else(|| op.default_timeout())
}

/// Parses durations like `90s`, `1h30m`, `250ms`, `1.5h`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || {
        format!(
            "{text:?} is not a duration: use a number with a unit (ms, s, m, h), \
             e.g. \"30s\", \"10m\" or \"1h30m\""
        )
    };
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total = 0.0_f64;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(invalid)?;
        let number: f64 = rest[..number_len].parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(invalid()),
        };
        rest = &rest[unit_len..];
        total += number * seconds;
    }
    if total <= 0.0 || total > 7.0 * 24.0 * 3600.0 {
        return Err(format!("{text:?} must be more than 0 and at most a week"));
    }
    Ok(Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn parses_go_style_durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        for bad in ["", "10", "m", "10x", "-1s", "0s", "1d", "10 m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_the_block_or_falls_back_to_defaults() {
        let timeouts = Value::Object(BTreeMap::from([
            ("create".to_string(), Value::string("2m")),
            ("read".to_string(), Value::Null),
        ]));
        let state = Value::Object(BTreeMap::from([(BLOCK_NAME.to_string(), timeouts)]));
        assert_eq!(
            for_operation(&state, Operation::Create),
            Duration::from_secs(120)
        );
        assert_eq!(
            for_operation(&state, Operation::Read),
            Duration::from_secs(600)
        );
        assert_eq!(
            for_operation(&Value::Null, Operation::Delete),
            Duration::from_secs(1200)
        );
    }
}
