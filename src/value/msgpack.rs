//! MessagePack codec for `DynamicValue.msgpack`, guided by the schema type.
//!
//! Unknown values are MessagePack extension 0; Terraform 1.6+ also sends
//! *refined* unknowns as extension 12 (payload: a map of refinements such as
//! "not null"). Both decode to [`Value::Unknown`]; we always encode plain
//! extension 0, which Terraform accepts everywhere.

use std::collections::BTreeMap;

use super::{Type, Value};

/// Deep enough for any schema; bounds recursion on hostile input.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid msgpack value at {path}: {message}")]
pub struct DecodeError {
    pub path: String,
    pub message: String,
}

pub fn encode_msgpack(value: &Value, ty: &Type) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    encode(&mut out, value, ty);
    out
}

fn encode(out: &mut Vec<u8>, value: &Value, ty: &Type) {
    // Writes into a Vec cannot fail.
    match (value, ty) {
        (Value::Null, _) => out.push(0xc0),
        (Value::Unknown, _) => out.extend_from_slice(&[0xd4, 0x00, 0x00]),
        (Value::String(s), _) => {
            let _ = rmp::encode::write_str(out, s);
        }
        (Value::Bool(b), _) => {
            let _ = rmp::encode::write_bool(out, *b);
        }
        (Value::Number(n), _) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                let _ = rmp::encode::write_sint(out, *n as i64);
            } else {
                let _ = rmp::encode::write_f64(out, *n);
            }
        }
        (Value::List(items) | Value::Set(items), Type::List(el) | Type::Set(el)) => {
            let _ = rmp::encode::write_array_len(out, items.len() as u32);
            for item in items {
                encode(out, item, el);
            }
        }
        (Value::Map(entries), Type::Map(el)) => {
            let _ = rmp::encode::write_map_len(out, entries.len() as u32);
            for (k, v) in entries {
                let _ = rmp::encode::write_str(out, k);
                encode(out, v, el);
            }
        }
        (Value::Object(attrs), Type::Object(attr_types)) => {
            // Terraform requires every attribute of the type to be present.
            let _ = rmp::encode::write_map_len(out, attr_types.len() as u32);
            for (name, attr_ty) in attr_types {
                let _ = rmp::encode::write_str(out, name);
                encode(out, attrs.get(name).unwrap_or(&Value::Null), attr_ty);
            }
        }
        // A value that does not fit its type is a provider bug; null keeps
        // the wire well-formed and Terraform reports the mismatch.
        _ => out.push(0xc0),
    }
}

pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    let mut reader = Reader { bytes, pos: 0 };
    let raw = reader.read(0)?;
    if reader.pos != bytes.len() {
        return Err(err("", "trailing bytes after value"));
    }
    from_raw(raw, ty, &mut String::new())
}

fn err(path: &str, message: impl Into<String>) -> DecodeError {
    DecodeError {
        path: if path.is_empty() {
            "(root)".into()
        } else {
            path.into()
        },
        message: message.into(),
    }
}

/// An untyped MessagePack item.
enum Raw {
    Nil,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Bin,
    Array(Vec<Raw>),
    Map(Vec<(Raw, Raw)>),
    Ext(i8),
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| err("", "unexpected end of input"))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn uint(&mut self, width: usize) -> Result<u64, DecodeError> {
        Ok(self
            .take(width)?
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn int(&mut self, width: usize) -> Result<i64, DecodeError> {
        let v = self.uint(width)?;
        let shift = 64 - 8 * width as u32;
        Ok(((v << shift) as i64) >> shift)
    }

    fn str(&mut self, len: usize) -> Result<Raw, DecodeError> {
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec())
            .map(Raw::Str)
            .map_err(|_| err("", "string is not valid UTF-8"))
    }

    fn array(&mut self, len: usize, depth: usize) -> Result<Raw, DecodeError> {
        // Never trust a length for allocation: each item needs >= 1 byte.
        let mut items = Vec::with_capacity(len.min(self.bytes.len() - self.pos));
        for _ in 0..len {
            items.push(self.read(depth + 1)?);
        }
        Ok(Raw::Array(items))
    }

    fn map(&mut self, len: usize, depth: usize) -> Result<Raw, DecodeError> {
        let mut entries = Vec::with_capacity(len.min(self.bytes.len() - self.pos));
        for _ in 0..len {
            let k = self.read(depth + 1)?;
            let v = self.read(depth + 1)?;
            entries.push((k, v));
        }
        Ok(Raw::Map(entries))
    }

    fn ext(&mut self, len: usize) -> Result<Raw, DecodeError> {
        let kind = self.u8()? as i8;
        self.take(len)?;
        Ok(Raw::Ext(kind))
    }

    fn read(&mut self, depth: usize) -> Result<Raw, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(err("", "value nested too deeply"));
        }
        let marker = self.u8()?;
        Ok(match marker {
            0x00..=0x7f => Raw::Int(i128::from(marker)),
            0x80..=0x8f => self.map(usize::from(marker & 0x0f), depth)?,
            0x90..=0x9f => self.array(usize::from(marker & 0x0f), depth)?,
            0xa0..=0xbf => self.str(usize::from(marker & 0x1f))?,
            0xc0 => Raw::Nil,
            0xc2 => Raw::Bool(false),
            0xc3 => Raw::Bool(true),
            0xc4..=0xc6 => {
                let len = self.uint(1 << (marker - 0xc4))? as usize;
                self.take(len)?;
                Raw::Bin
            }
            0xc7..=0xc9 => {
                let len = self.uint(1 << (marker - 0xc7))? as usize;
                self.ext(len)?
            }
            0xca => Raw::Float(f64::from(f32::from_bits(self.uint(4)? as u32))),
            0xcb => Raw::Float(f64::from_bits(self.uint(8)?)),
            0xcc..=0xcf => Raw::Int(i128::from(self.uint(1 << (marker - 0xcc))?)),
            0xd0..=0xd3 => Raw::Int(i128::from(self.int(1 << (marker - 0xd0))?)),
            0xd4..=0xd8 => self.ext(1 << (marker - 0xd4))?,
            0xd9..=0xdb => {
                let len = self.uint(1 << (marker - 0xd9))? as usize;
                self.str(len)?
            }
            0xdc | 0xdd => {
                let len = self.uint(if marker == 0xdc { 2 } else { 4 })? as usize;
                self.array(len, depth)?
            }
            0xde | 0xdf => {
                let len = self.uint(if marker == 0xde { 2 } else { 4 })? as usize;
                self.map(len, depth)?
            }
            0xe0..=0xff => Raw::Int(i128::from(marker as i8)),
            0xc1 => return Err(err("", "reserved marker 0xc1")),
        })
    }
}

fn from_raw(raw: Raw, ty: &Type, path: &mut String) -> Result<Value, DecodeError> {
    match raw {
        Raw::Nil => return Ok(Value::Null),
        // Extension 0 is unknown; 12 is a refined unknown. Others are invalid.
        Raw::Ext(0) | Raw::Ext(12) => return Ok(Value::Unknown),
        Raw::Ext(kind) => return Err(err(path, format!("unexpected extension type {kind}"))),
        _ => {}
    }
    match (ty, raw) {
        (Type::String, Raw::Str(s)) => Ok(Value::String(s)),
        (Type::Bool, Raw::Bool(b)) => Ok(Value::Bool(b)),
        (Type::Number, Raw::Int(i)) => Ok(Value::Number(i as f64)),
        // NaN is not a Terraform number (and is unequal to itself).
        (Type::Number, Raw::Float(f)) if f.is_nan() => Err(err(path, "number is NaN")),
        (Type::Number, Raw::Float(f)) => Ok(Value::Number(f)),
        // Terraform sends numbers too large for msgpack as strings.
        (Type::Number, Raw::Str(s)) => match s.parse::<f64>() {
            Ok(n) if !n.is_nan() => Ok(Value::Number(n)),
            _ => Err(err(path, format!("invalid number {s:?}"))),
        },
        (Type::List(el) | Type::Set(el), Raw::Array(items)) => {
            let mut values = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                values.push(from_raw(item, el, path)?);
                path.truncate(len);
            }
            Ok(if matches!(ty, Type::Set(_)) {
                Value::Set(values)
            } else {
                Value::List(values)
            })
        }
        (Type::Map(el), Raw::Map(entries)) => {
            let mut map = BTreeMap::new();
            for (k, v) in entries {
                let Raw::Str(key) = k else {
                    return Err(err(path, "map key is not a string"));
                };
                let len = path.len();
                path.push_str(&format!("[{key:?}]"));
                let value = from_raw(v, el, path)?;
                path.truncate(len);
                map.insert(key, value);
            }
            Ok(Value::Map(map))
        }
        (Type::Object(attr_types), Raw::Map(entries)) => {
            let mut attrs = BTreeMap::new();
            for (k, v) in entries {
                let Raw::Str(name) = k else {
                    return Err(err(path, "object attribute name is not a string"));
                };
                let Some(attr_ty) = attr_types.get(&name) else {
                    return Err(err(path, format!("unsupported attribute {name:?}")));
                };
                let len = path.len();
                path.push('.');
                path.push_str(&name);
                let value = from_raw(v, attr_ty, path)?;
                path.truncate(len);
                attrs.insert(name, value);
            }
            // Absent attributes are null, as Terraform treats them.
            for name in attr_types.keys() {
                attrs.entry(name.clone()).or_insert(Value::Null);
            }
            Ok(Value::Object(attrs))
        }
        (ty, raw) => Err(err(
            path,
            format!("expected {}, found {}", type_name(ty), raw_name(&raw)),
        )),
    }
}

fn type_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Number => "number",
        Type::Bool => "bool",
        Type::List(_) => "list",
        Type::Set(_) => "set",
        Type::Map(_) => "map",
        Type::Object(_) => "object",
    }
}

fn raw_name(raw: &Raw) -> &'static str {
    match raw {
        Raw::Nil => "nil",
        Raw::Bool(_) => "bool",
        Raw::Int(_) | Raw::Float(_) => "number",
        Raw::Str(_) => "string",
        Raw::Bin => "binary",
        Raw::Array(_) => "array",
        Raw::Map(_) => "map",
        Raw::Ext(_) => "extension",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::value::test_support::object;

    fn object_type() -> Type {
        crate::value::test_support::object_type(&[
            ("id", Type::String),
            ("flag", Type::Bool),
            ("count", Type::Number),
            ("perms", Type::set_of(Type::String)),
        ])
    }

    #[test]
    fn round_trips_an_object_with_unknown_and_null() {
        let value = object(&[
            ("id", Value::Unknown),
            ("flag", Value::Bool(true)),
            ("count", Value::Number(-42.0)),
            ("perms", Value::string_set(["b", "a"])),
        ]);
        let bytes = encode_msgpack(&value, &object_type());
        assert_eq!(decode_msgpack(&bytes, &object_type()).unwrap(), value);
    }

    #[test]
    fn unknown_is_extension_zero() {
        assert_eq!(encode_msgpack(&Value::Unknown, &Type::String), [0xd4, 0, 0]);
    }

    #[test]
    fn refined_unknown_decodes_as_unknown() {
        // ext 12 with a one-entry map payload {1: true} ("definitely not null").
        let bytes = [0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3];
        assert_eq!(
            decode_msgpack(&bytes, &Type::String).unwrap(),
            Value::Unknown
        );
    }

    #[test]
    fn missing_attributes_decode_as_null_and_encode_present() {
        let bytes = [0x81, 0xa2, b'i', b'd', 0xa1, b'x'];
        let value = decode_msgpack(&bytes, &object_type()).unwrap();
        assert_eq!(value.get("flag"), &Value::Null);
        let encoded = encode_msgpack(&value, &object_type());
        assert_eq!(encoded[0], 0x84, "all four attributes are written");
    }

    #[test]
    fn rejects_wrong_types_with_a_path() {
        let bytes = [0x81, 0xa2, b'i', b'd', 0xc3];
        let e = decode_msgpack(&bytes, &object_type()).unwrap_err();
        assert_eq!(e.path, ".id");
        assert!(e.message.contains("expected string"));
    }

    #[test]
    fn hostile_input_errors_instead_of_panicking() {
        let cases: &[&[u8]] = &[
            &[],
            &[0xdd, 0xff, 0xff, 0xff, 0xff],
            &[0xdb, 0xff, 0xff, 0xff, 0xff],
            &[0xc1],
            &[0xa1],
            &[0xc0, 0xc0],
            &[0x91; 200],
        ];
        for case in cases {
            assert!(decode_msgpack(case, &Type::list_of(Type::String)).is_err());
        }
    }

    #[test]
    fn nan_is_rejected() {
        // Found by the value_msgpack fuzz target.
        for bytes in [
            &[0xa3, b'N', b'a', b'N'][..],
            &[0xcb, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0],
        ] {
            let e = decode_msgpack(bytes, &Type::Number).unwrap_err();
            assert!(
                e.message.contains("NaN") || e.message.contains("invalid number"),
                "{e}"
            );
        }
    }

    #[test]
    fn numbers_decode_from_all_encodings() {
        for (bytes, n) in [
            (&[0xcc, 0xff][..], 255.0),
            (&[0xd0, 0x80][..], -128.0),
            (&[0xe0][..], -32.0),
            (&[0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0][..], 1.5),
            (&[0xa2, b'1', b'0'][..], 10.0),
        ] {
            assert_eq!(
                decode_msgpack(bytes, &Type::Number).unwrap(),
                Value::Number(n)
            );
        }
    }
}
