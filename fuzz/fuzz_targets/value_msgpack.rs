//! `DynamicValue.msgpack` from Terraform: decoding must never panic, and a
//! decoded value must survive encode -> decode unchanged.
//!
//! Input: one byte choosing the schema type (see `fuzz_support::types`),
//! then the msgpack bytes.
#![no_main]

use fuzz_support::{any_number, conforms, equivalent, same_or_both_nan, split_input, strict};
use libfuzzer_sys::fuzz_target;
use tfopenai::value::{decode_msgpack, encode_msgpack};

fuzz_target!(|data: &[u8]| {
    let Some((name, ty, bytes)) = split_input(data) else {
        return;
    };
    let Ok(value) = decode_msgpack(bytes, ty) else {
        return;
    };
    assert!(
        conforms(&value, ty),
        "decoded value does not fit {name}: {value:?}"
    );

    let encoded = encode_msgpack(&value, ty);
    let again = decode_msgpack(&encoded, ty).unwrap_or_else(|e| {
        panic!("re-encoded {name} does not decode: {e}\nvalue: {value:?}\nencoded: {encoded:02x?}")
    });
    // KNOWN (reported, not fixed in src/): the decoder accepts NaN (float
    // NaN, or the strings "NaN"/"nan"), which Terraform never sends, and
    // NaN != NaN makes such a value unequal to itself. Tolerated unless
    // FUZZ_STRICT=1, so that CI catches every other round-trip bug.
    if !strict() && any_number(&value, &f64::is_nan) {
        assert!(
            equivalent(&value, &again, &same_or_both_nan),
            "{name} round trip changed the value\nbefore: {value:?}\nafter:  {again:?}"
        );
    } else {
        assert_eq!(value, again, "{name} round trip changed the value");
    }
    // Our encoding is canonical: encoding the round-tripped value again
    // gives the same bytes.
    assert_eq!(
        encode_msgpack(&again, ty),
        encoded,
        "{name}: encoding is not stable"
    );
});
