//! The private data of an opened ephemeral resource: a small JSON object
//! naming what close must delete. Terraform hands it back byte for byte;
//! anything else (a provider upgraded mid-run, a Terraform bug) is a
//! diagnostic, never a guess at what to delete.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostics;

pub fn encode<T: Serialize>(handle: &T) -> Vec<u8> {
    // Serializing plain strings cannot fail.
    serde_json::to_vec(handle).unwrap_or_default()
}

pub fn decode<T: DeserializeOwned>(type_name: &str, private: &[u8]) -> Result<T, Diagnostics> {
    serde_json::from_slice(private).map_err(|e| {
        Diagnostics::from_error(
            format!("Cannot tell which {type_name} to close"),
            format!(
                "Terraform handed back private data this provider did not write ({e}). The \
                 object opened earlier may still exist: look for it in the OpenAI dashboard \
                 and delete it there."
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Handle {
        key_id: String,
    }

    #[test]
    fn a_handle_round_trips() {
        let handle = Handle {
            key_id: "key_1".into(),
        };
        let bytes = encode(&handle);
        assert_eq!(bytes, br#"{"key_id":"key_1"}"#);
        assert_eq!(decode::<Handle>("x", &bytes).unwrap(), handle);
    }

    #[test]
    fn foreign_private_data_is_a_diagnostic() {
        let diags = decode::<Handle>("openai_admin_api_key", b"").unwrap_err();
        assert!(diags.has_errors());
        assert!(format!("{diags:?}").contains("Cannot tell which openai_admin_api_key"));
    }
}
