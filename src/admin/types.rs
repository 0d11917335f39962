//! The resource types `export` writes, and the `--include`/`--exclude`
//! filter over them.

use std::collections::BTreeSet;
use std::fmt;

/// A resource type the export can write, in the order files list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceType {
    Project,
    ProjectRole,
    OrganizationRole,
    /// `openai_group`, and `data "openai_group"` for SCIM-managed groups.
    Group,
    GroupUser,
    ProjectGroup,
    ProjectUser,
    GroupRoleAssignment,
    UserRoleAssignment,
}

/// Resource types of the provider the export never writes, and why.
const NOT_EXPORTED: &[(&str, &str)] = &[
    (
        "openai_group_members",
        "it is authoritative over a group's members; the export writes one \
         openai_group_user per membership, which claims no authority over members \
         you have not reviewed",
    ),
    (
        "openai_project_group_roles",
        "it is authoritative over a group's roles in a project; the export writes \
         openai_project_group (with its join role) and one openai_group_role_assignment \
         per further role",
    ),
];

impl ResourceType {
    pub const ALL: [ResourceType; 9] = [
        ResourceType::Project,
        ResourceType::ProjectRole,
        ResourceType::OrganizationRole,
        ResourceType::Group,
        ResourceType::GroupUser,
        ResourceType::ProjectGroup,
        ResourceType::ProjectUser,
        ResourceType::GroupRoleAssignment,
        ResourceType::UserRoleAssignment,
    ];

    /// The provider's type name, e.g. `openai_project_role`.
    pub fn type_name(self) -> &'static str {
        match self {
            ResourceType::Project => "openai_project",
            ResourceType::ProjectRole => "openai_project_role",
            ResourceType::OrganizationRole => "openai_organization_role",
            ResourceType::Group => "openai_group",
            ResourceType::GroupUser => "openai_group_user",
            ResourceType::ProjectGroup => "openai_project_group",
            ResourceType::ProjectUser => "openai_project_user",
            ResourceType::GroupRoleAssignment => "openai_group_role_assignment",
            ResourceType::UserRoleAssignment => "openai_user_role_assignment",
        }
    }

    /// The file the type's resources go to.
    pub fn file_name(self) -> &'static str {
        match self {
            ResourceType::Project | ResourceType::ProjectGroup | ResourceType::ProjectUser => {
                "projects.tf"
            }
            ResourceType::ProjectRole | ResourceType::OrganizationRole => "roles.tf",
            ResourceType::Group | ResourceType::GroupUser => "groups.tf",
            ResourceType::GroupRoleAssignment | ResourceType::UserRoleAssignment => {
                "assignments.tf"
            }
        }
    }

    /// The type named `name`; the error lists the valid names.
    pub fn parse(name: &str) -> Result<ResourceType, String> {
        if let Some(ty) = Self::ALL.iter().find(|ty| ty.type_name() == name) {
            return Ok(*ty);
        }
        if let Some((_, why)) = NOT_EXPORTED.iter().find(|(n, _)| *n == name) {
            return Err(format!("{name} is never exported: {why}"));
        }
        Err(format!(
            "unknown resource type {name:?}; valid types: {}",
            Self::names().join(", ")
        ))
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|ty| ty.type_name()).collect()
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.type_name())
    }
}

/// Which resource types to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeFilter {
    included: BTreeSet<ResourceType>,
}

impl Default for TypeFilter {
    fn default() -> Self {
        TypeFilter {
            included: ResourceType::ALL.into_iter().collect(),
        }
    }
}

impl TypeFilter {
    /// Everything in `include` (every type when it is empty) that is not in
    /// `exclude`. Each list item may hold several comma-separated names.
    pub fn new(include: &[String], exclude: &[String]) -> Result<TypeFilter, String> {
        let parse_all = |lists: &[String]| -> Result<BTreeSet<ResourceType>, String> {
            lists
                .iter()
                .flat_map(|list| list.split(','))
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(ResourceType::parse)
                .collect()
        };
        let mut included = if include.is_empty() {
            ResourceType::ALL.into_iter().collect()
        } else {
            parse_all(include)?
        };
        for ty in parse_all(exclude)? {
            included.remove(&ty);
        }
        if included.is_empty() {
            return Err("--include/--exclude leave no resource type to export".to_owned());
        }
        Ok(TypeFilter { included })
    }

    pub fn includes(&self, ty: ResourceType) -> bool {
        self.included.contains(&ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn include_then_exclude() {
        let all = TypeFilter::new(&[], &[]).unwrap();
        assert!(ResourceType::ALL.iter().all(|ty| all.includes(*ty)));

        let some = TypeFilter::new(
            &strings(&["openai_group, openai_group_user", "openai_project_role"]),
            &strings(&["openai_group_user"]),
        )
        .unwrap();
        assert!(some.includes(ResourceType::Group));
        assert!(some.includes(ResourceType::ProjectRole));
        assert!(!some.includes(ResourceType::GroupUser));
        assert!(!some.includes(ResourceType::Project));
    }

    #[test]
    fn unknown_and_unexported_types_are_errors_that_say_why() {
        let unknown = TypeFilter::new(&strings(&["openai_groups"]), &[]).unwrap_err();
        assert!(
            unknown.contains("unknown resource type \"openai_groups\""),
            "{unknown}"
        );
        assert!(
            unknown.contains("openai_group, openai_group_user"),
            "{unknown}"
        );
        let authoritative = TypeFilter::new(&[], &strings(&["openai_group_members"])).unwrap_err();
        assert!(authoritative.contains("never exported"), "{authoritative}");
        let nothing =
            TypeFilter::new(&strings(&["openai_group"]), &strings(&["openai_group"])).unwrap_err();
        assert!(nothing.contains("no resource type"), "{nothing}");
    }
}
