//! Predefined roles: their IDs (`predefined_role_id`,
//! `predefined_organization_role_id`), which role an ID names
//! (`parse_predefined_role_id`), and what a predefined role grants
//! (`predefined_role_permissions`). Built on the IDs and catalogue of
//! `api::predefined`, the ones the provider and the bundled fake use.

use std::collections::BTreeMap;

use super::{Function, FunctionError, Param};
use crate::api::predefined::{
    self, PREDEFINED_ROLE_NAMES, PredefinedScope, org_role_id, project_role_id,
};
use crate::value::{Type, Value};

pub(super) fn functions() -> Vec<Function> {
    vec![
        predefined_role_id(),
        predefined_organization_role_id(),
        parse_predefined_role_id(),
        predefined_role_permissions(),
    ]
}

/// "owner, member or viewer".
fn role_names() -> String {
    match PREDEFINED_ROLE_NAMES {
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// `role` when it names a predefined role; else the error at `index`.
fn role_name(role: &str, index: usize) -> Result<&str, FunctionError> {
    if PREDEFINED_ROLE_NAMES.contains(&role) {
        Ok(role)
    } else {
        Err(FunctionError::at(
            index,
            format!(
                "{role:?} is not a predefined role: expected {}",
                role_names()
            ),
        ))
    }
}

fn predefined_role_id() -> Function {
    Function::new(
        "predefined_role_id",
        "The ID of a predefined role of a project",
        format!(
            "The ID a project lists its predefined role under: \
             `role-api-project-<role>__api-project__<project_id>`, e.g. for the `role_id` of an \
             `openai_group_role_assignment` or `openai_user_role_assignment` in that project. \
             The provider also accepts the role's short ID, `role-api-project-<role>`, which \
             names it in whichever project the assignment is in. The roles are {}.",
            role_names()
        ),
        vec![
            Param::string("role", format!("The role's name: {}.", role_names())),
            Param::string(
                "project_id",
                "The project's ID, e.g. `openai_project.x.id`.",
            ),
        ],
        Type::String,
        |args| {
            let role = role_name(args.str(0)?, 0)?;
            let project_id = args.str(1)?;
            if project_id.is_empty() || project_id.contains('/') || project_id.contains("__") {
                return Err(FunctionError::at(
                    1,
                    format!("{project_id:?} is not a project ID (e.g. proj_abc)"),
                ));
            }
            Ok(Value::string(project_role_id(role, project_id)))
        },
    )
}

fn predefined_organization_role_id() -> Function {
    Function::new(
        "predefined_organization_role_id",
        "The ID of a predefined role of the organization",
        format!(
            "The ID of a predefined organization role, `role-api-organization-<role>`, e.g. for \
             the `role_id` of an organization-wide `openai_group_role_assignment` or \
             `openai_user_role_assignment`. The roles are {}.",
            role_names()
        ),
        vec![Param::string(
            "role",
            format!("The role's name: {}.", role_names()),
        )],
        Type::String,
        |args| Ok(Value::string(org_role_id(role_name(args.str(0)?, 0)?))),
    )
}

/// The predefined role `role_id` names, or the error at argument 0.
fn recognised(role_id: &str) -> Result<(&str, PredefinedScope<'_>), FunctionError> {
    predefined::parse_predefined_role_id(role_id).ok_or_else(|| {
        FunctionError::at(
            0,
            format!(
                "{role_id:?} is not the ID of a predefined role: expected \
                 role-api-organization-<role>, role-api-project-<role> or \
                 role-api-project-<role>__api-project__<project_id>, with <role> {}",
                role_names()
            ),
        )
    })
}

fn parse_predefined_role_id() -> Function {
    let object = Type::Object(BTreeMap::from([
        ("role".to_owned(), Type::String),
        ("scope".to_owned(), Type::String),
        ("project_id".to_owned(), Type::String),
    ]));
    Function::new(
        "parse_predefined_role_id",
        "Which predefined role an ID names",
        "Reads a predefined role's ID in any of its forms (`role-api-organization-<role>`, \
         `role-api-project-<role>`, `role-api-project-<role>__api-project__<project_id>`) into \
         an object: `role` (its name), `scope` (`organization` or `project`) and `project_id` \
         (null unless the ID names its project). Any other ID, a custom role's included, is an \
         error; to test an ID instead, use `can(provider::openai::parse_predefined_role_id(id))`.",
        vec![Param::string("role_id", "A role ID.")],
        object,
        |args| {
            let (role, scope) = recognised(args.str(0)?)?;
            let (scope, project) = match scope {
                PredefinedScope::Organization => ("organization", Value::Null),
                PredefinedScope::AnyProject => ("project", Value::Null),
                PredefinedScope::Project(p) => ("project", Value::string(p)),
            };
            Ok(Value::Object(BTreeMap::from([
                ("role".to_owned(), Value::string(role)),
                ("scope".to_owned(), Value::string(scope)),
                ("project_id".to_owned(), project),
            ])))
        },
    )
}

fn predefined_role_permissions() -> Function {
    Function::new(
        "predefined_role_permissions",
        "The permissions of a predefined role",
        "The permissions a predefined role grants, by its ID in any form (see \
         `parse_predefined_role_id`), as this provider's permission catalogue has them: a \
         start for a custom role (`permissions = setsubtract(provider::openai::\
         predefined_role_permissions(\"role-api-project-member\"), [...])`). The catalogue is \
         the provider's own, the one the bundled fake serves; what a role grants in a real \
         organization is what the API says, e.g. `data.openai_project_role`'s `permissions`.",
        vec![Param::string(
            "role_id",
            "A predefined role's ID, e.g. from `predefined_role_id`.",
        )],
        Type::set_of(Type::String),
        |args| {
            let (role, scope) = recognised(args.str(0)?)?;
            let permissions = match scope {
                PredefinedScope::Organization => predefined::org_role_permissions(role),
                PredefinedScope::AnyProject | PredefinedScope::Project(_) => {
                    predefined::project_role_permissions(role)
                }
            };
            Ok(Value::string_set(permissions))
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::functions::{FunctionError, call};
    use crate::value::Value;

    fn s(text: &str) -> Value {
        Value::string(text)
    }

    #[test]
    fn ids_of_predefined_roles() {
        assert_eq!(
            call("predefined_role_id", &[s("member"), s("proj_a")]).unwrap(),
            s("role-api-project-member__api-project__proj_a")
        );
        assert_eq!(
            call("predefined_organization_role_id", &[s("viewer")]).unwrap(),
            s("role-api-organization-viewer")
        );
    }

    #[test]
    fn an_unknown_role_or_a_bad_project_is_an_error_at_its_argument() {
        let err = call("predefined_role_id", &[s("admin"), s("proj_a")]).unwrap_err();
        assert_eq!(
            err,
            FunctionError::at(
                0,
                "\"admin\" is not a predefined role: expected owner, member or viewer"
            )
        );
        for bad in ["", "proj/a", "a__api-project__b"] {
            let err = call("predefined_role_id", &[s("owner"), s(bad)]).unwrap_err();
            assert_eq!(err.argument, Some(1), "{bad}");
        }
        let err = call("predefined_organization_role_id", &[s("Owner")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
    }

    #[test]
    fn a_predefined_role_id_parses_in_every_form() {
        let scoped = call(
            "parse_predefined_role_id",
            &[s("role-api-project-viewer__api-project__proj_b")],
        )
        .unwrap();
        assert_eq!(scoped.get_str("role"), Some("viewer"));
        assert_eq!(scoped.get_str("scope"), Some("project"));
        assert_eq!(scoped.get_str("project_id"), Some("proj_b"));
        let alias = call("parse_predefined_role_id", &[s("role-api-project-owner")]).unwrap();
        assert_eq!(alias.get_str("scope"), Some("project"));
        assert!(alias.get("project_id").is_null());
        let org = call(
            "parse_predefined_role_id",
            &[s("role-api-organization-member")],
        )
        .unwrap();
        assert_eq!(org.get_str("scope"), Some("organization"));
        let err = call("parse_predefined_role_id", &[s("role_01J1F8PROJ")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert!(
            err.text.contains("not the ID of a predefined role"),
            "{}",
            err.text
        );
    }

    #[test]
    fn permissions_of_a_role_follow_its_scope() {
        let project = call(
            "predefined_role_permissions",
            &[s("role-api-project-owner")],
        )
        .unwrap();
        let scoped = call(
            "predefined_role_permissions",
            &[s("role-api-project-owner__api-project__proj_a")],
        )
        .unwrap();
        assert_eq!(project, scoped);
        let org = call(
            "predefined_role_permissions",
            &[s("role-api-organization-owner")],
        )
        .unwrap();
        let Value::Set(org) = org else { panic!() };
        let Value::Set(project) = project else {
            panic!()
        };
        // Audit logs are organization-wide only.
        assert!(org.contains(&s("api.audit_logs.read")));
        assert!(!project.contains(&s("api.audit_logs.read")));
        assert!(project.contains(&s("api.organization.projects.api_keys.write")));
        let err = call("predefined_role_permissions", &[s("role_custom")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
    }
}
