//! Dotted paths into JSON objects (`notification_channel.type`,
//! `file_search.enabled`): how nested answer fields are read and nested
//! request bodies built, for API objects, declared types and settings alike.

use serde_json::{Map, Value as Json};

/// The JSON at `path` below `object`; null when any step is absent.
pub fn get<'a>(object: &'a Map<String, Json>, path: &str) -> &'a Json {
    let mut steps = path.split('.');
    let first = steps.next().unwrap_or_default();
    steps.fold(object.get(first).unwrap_or(&Json::Null), |json, step| {
        json.get(step).unwrap_or(&Json::Null)
    })
}

/// [`get`] below any JSON: null below anything but an object.
pub fn get_in<'a>(json: &'a Json, path: &str) -> &'a Json {
    match json {
        Json::Object(object) => get(object, path),
        _ => &Json::Null,
    }
}

/// Whether `object` has a field (null included) at `path`.
pub fn has(object: &Map<String, Json>, path: &str) -> bool {
    match path.rsplit_once('.') {
        None => object.contains_key(path),
        Some((parent, last)) => get(object, parent).get(last).is_some(),
    }
}

/// Puts `value` at `path`, making (or replacing non-object values with)
/// the objects on the way.
pub fn insert(object: &mut Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_owned(), value);
        }
        Some((first, rest)) => {
            let inner = object
                .entry(first.to_owned())
                .or_insert_with(|| Json::Object(Map::new()));
            if !inner.is_object() {
                *inner = Json::Object(Map::new());
            }
            if let Json::Object(map) = inner {
                insert(map, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(json: Json) -> Map<String, Json> {
        let Json::Object(map) = json else {
            panic!("an object")
        };
        map
    }

    #[test]
    fn reads_and_writes_meet_at_the_same_paths() {
        let answer = object(json!({"a": {"b": 1, "n": null}, "c": 2, "s": "x"}));
        assert_eq!(get(&answer, "a.b"), &json!(1));
        assert_eq!(get(&answer, "c"), &json!(2));
        assert_eq!(get(&answer, "a.missing"), &Json::Null);
        assert_eq!(get(&answer, "s.deeper"), &Json::Null);
        assert_eq!(get_in(&Json::Object(answer.clone()), "a.b"), &json!(1));
        assert_eq!(get_in(&json!([1]), "a"), &Json::Null);
        assert!(has(&answer, "a.n") && has(&answer, "c"));
        assert!(!has(&answer, "a.missing") && !has(&answer, "x.b"));
        let mut body = Map::new();
        insert(&mut body, "a.b", json!(1));
        insert(&mut body, "a.n", Json::Null);
        insert(&mut body, "c", json!(2));
        assert_eq!(
            Json::Object(body.clone()),
            json!({"a": {"b": 1, "n": null}, "c": 2})
        );
        insert(&mut body, "c.d", json!(3));
        assert_eq!(body["c"], json!({"d": 3}));
    }
}
