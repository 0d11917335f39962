//! Raw JSON state (`UpgradeResourceState`): decoding must never panic, and a
//! decoded value must survive encode_json -> bytes -> decode_json.
//!
//! Input: one byte choosing the schema type (see `fuzz_support::types`),
//! then the JSON bytes.
#![no_main]

use fuzz_support::{any_number, conforms, equivalent, split_input, within_ulps};
use libfuzzer_sys::fuzz_target;
use tfopenai::value::{decode_json, encode_json};

fuzz_target!(|data: &[u8]| {
    let Some((name, ty, bytes)) = split_input(data) else {
        return;
    };
    let Ok(value) = decode_json(bytes, ty) else {
        return;
    };
    assert!(
        value.is_wholly_known(),
        "JSON state decoded to an unknown: {value:?}"
    );
    assert!(
        conforms(&value, ty),
        "decoded value does not fit {name}: {value:?}"
    );
    assert!(
        !any_number(&value, &|n| !n.is_finite()),
        "JSON decoded to a non-finite number: {value:?}"
    );

    let text = serde_json::to_vec(&encode_json(&value)).expect("a serde_json::Value serializes");
    let again = decode_json(&text, ty).unwrap_or_else(|e| {
        panic!(
            "re-encoded {name} does not decode: {e}\nvalue: {value:?}\nJSON: {}",
            String::from_utf8_lossy(&text)
        )
    });
    if any_number(&value, &|_| true) {
        // serde_json's default float parser (no `float_roundtrip` feature)
        // may land one ULP away from the shortest representation it printed.
        assert!(
            equivalent(&value, &again, &|x, y| within_ulps(x, y, 1)),
            "{name} round trip changed the value beyond 1 ULP\nbefore: {value:?}\nafter:  {again:?}"
        );
    } else {
        assert_eq!(value, again, "{name} round trip changed the value");
    }
});
