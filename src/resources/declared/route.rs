//! The declared routes as request paths (ids percent-encoded by
//! `build_path`) and as the run's list-cache keys.

use reqwest::Method;

use crate::api::Route;
use crate::api::path::{Segment, build_path};
use crate::diagnostics::Diagnostics;
use crate::resources::errors::api_error;
use crate::resources::required_str;
use crate::value::Value;

/// One segment of a declared route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Fixed(&'static str),
    /// A path parameter, held by the attribute of that name.
    Param(&'static str),
}

/// The parameter names of `parts`, in order.
pub(super) fn params(parts: &[Part]) -> Vec<&'static str> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Param(name) => Some(*name),
            Part::Fixed(_) => None,
        })
        .collect()
}

/// A route with its parameters' values (from a state, a plan or an
/// import ID), and optionally one object of it.
pub(super) struct Located<'a> {
    pub parts: &'a [Part],
    pub values: Vec<(&'static str, String)>,
}

impl<'a> Located<'a> {
    /// The collection of `parts`, its parameters read from `from`.
    pub fn from_value(parts: &'a [Part], from: &Value) -> Result<Self, Diagnostics> {
        let values = params(parts)
            .into_iter()
            .map(|name| Ok((name, required_str(from, name)?.to_owned())))
            .collect::<Result<_, Diagnostics>>()?;
        Ok(Located { parts, values })
    }

    fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    fn segments(&self) -> Vec<Segment<'_>> {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Fixed(text) => Segment::Fixed(text),
                Part::Param(name) => Segment::Id(name, self.value(name)),
            })
            .collect()
    }

    /// The collection's path.
    pub fn collection(&self, method: &Method) -> Result<String, Diagnostics> {
        build_path(method, &self.segments()).map_err(|e| api_error("build the request", &e))
    }

    /// The path of the object `id`, held by the parameter `id_param`.
    pub fn item(
        &self,
        method: &Method,
        id_param: &'static str,
        id: &str,
    ) -> Result<String, Diagnostics> {
        let mut segments = self.segments();
        segments.push(Segment::Id(id_param, id));
        build_path(method, &segments).map_err(|e| api_error("build the request", &e))
    }

    /// The collection's key in the run's list cache.
    pub fn route(&self) -> Route {
        let segments: Vec<&str> = self
            .parts
            .iter()
            .map(|part| match part {
                Part::Fixed(text) => *text,
                Part::Param(name) => self.value(name),
            })
            .collect();
        Route::new(segments)
    }

    /// Where, in words: ` in project proj_1`, or empty.
    pub fn scope(&self) -> String {
        self.values
            .iter()
            .map(|(name, value)| format!(" in {} {value}", name.trim_end_matches("_id")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const ACCOUNTS: &[Part] = &[
        Part::Fixed("organization"),
        Part::Fixed("projects"),
        Part::Param("project_id"),
        Part::Fixed("service_accounts"),
    ];

    fn state(project: &str) -> Value {
        Value::Object(BTreeMap::from([(
            "project_id".to_owned(),
            Value::string(project),
        )]))
    }

    #[test]
    fn paths_encode_parameters_and_ids() {
        let located = Located::from_value(ACCOUNTS, &state("proj_1")).unwrap();
        assert_eq!(
            located.collection(&Method::GET).unwrap(),
            "/organization/projects/proj_1/service_accounts"
        );
        assert_eq!(
            located
                .item(&Method::GET, "service_account_id", "svc acct/1")
                .unwrap(),
            "/organization/projects/proj_1/service_accounts/svc%20acct%2F1"
        );
        assert_eq!(
            located.route(),
            Route::new(["organization", "projects", "proj_1", "service_accounts"])
        );
        assert_eq!(located.scope(), " in project proj_1");
        assert_eq!(params(ACCOUNTS), ["project_id"]);
    }

    #[test]
    fn a_missing_parameter_or_dot_id_is_an_error_before_any_request() {
        assert!(Located::from_value(ACCOUNTS, &Value::Null).is_err());
        let located = Located::from_value(ACCOUNTS, &state("proj_1")).unwrap();
        assert!(
            located
                .item(&Method::GET, "service_account_id", "..")
                .is_err()
        );
    }
}
