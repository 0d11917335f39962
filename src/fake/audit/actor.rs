//! Who made a change, in the documented `AuditLogActor` shapes: an
//! `api_key` (a user's or a service account's key, by tracking id) or a
//! `session` (a person in the dashboard).

use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A user's API key: `{"type": "api_key", "api_key": {"id", "type":
    /// "user", "user": {"id", "email"}}}`.
    UserKey {
        key_id: String,
        user_id: String,
        email: String,
    },
    /// A dashboard session: `{"type": "session", "session": {"user":
    /// {"id", "email"}, "ip_address"}}`.
    Session {
        user_id: String,
        email: String,
        ip_address: String,
    },
}

impl Actor {
    pub fn session(user_id: &str, email: &str) -> Actor {
        Actor::Session {
            user_id: user_id.to_string(),
            email: email.to_string(),
            ip_address: "127.0.0.1".to_string(),
        }
    }

    pub fn user_key(key_id: &str, user_id: &str, email: &str) -> Actor {
        Actor::UserKey {
            key_id: key_id.to_string(),
            user_id: user_id.to_string(),
            email: email.to_string(),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Actor::UserKey {
                key_id,
                user_id,
                email,
            } => json!({
                "type": "api_key",
                "api_key": {
                    "id": key_id,
                    "type": "user",
                    "user": {"id": user_id, "email": email},
                },
            }),
            Actor::Session {
                user_id,
                email,
                ip_address,
            } => json!({
                "type": "session",
                "session": {
                    "user": {"id": user_id, "email": email},
                    "ip_address": ip_address,
                },
            }),
        }
    }

    /// The ids an `actor_ids[]` filter matches (user id, key tracking id).
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Actor::UserKey {
                key_id, user_id, ..
            } => vec![key_id, user_id],
            Actor::Session { user_id, .. } => vec![user_id],
        }
    }

    pub fn email(&self) -> &str {
        match self {
            Actor::UserKey { email, .. } | Actor::Session { email, .. } => email,
        }
    }
}
