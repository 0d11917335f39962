//! The resource types `export` writes, and the `--include`/`--exclude`/
//! `--with` filter over them: the hand-written types, then every declared
//! type whose declaration opts in (`export: Some(..)` in
//! `resources/declared`), then every settings type
//! (`resources/declared/settings`), which need no line here. A type may
//! be off by default (its declaration says why): written only when the
//! user names it.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use crate::resources::declared::settings::{self, Setting};
use crate::resources::declared::{self, Declaration, export::Exported};

/// The file of the settings (and of the spend alerts and certificates,
/// by their declarations).
pub const POLICIES_FILE: &str = "policies.tf";

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
    /// A declared type that opts in to the export, by its type name.
    Declared(&'static str),
    /// A settings type, by its type name.
    Setting(&'static str),
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
        "openai_organization_user",
        "the export names people by their user_id and adopts their access (project \
         membership, group membership, role assignments), never the people themselves; \
         adopting a member would let a destroy remove them from the organization. Import \
         openai_organization_user by hand for the members whose role you manage",
    ),
    (
        "openai_project_group_roles",
        "it is authoritative over a group's roles in a project; the export writes \
         openai_project_group (with its join role) and one openai_group_role_assignment \
         per further role",
    ),
];

impl ResourceType {
    /// The hand-written types, in file order.
    const FIXED: [ResourceType; 9] = [
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

    /// Every type the export writes: the hand-written ones, then the
    /// declared ones that opt in, then the settings.
    pub fn all() -> Vec<ResourceType> {
        let declared = declared::exported().map(|d| ResourceType::Declared(d.type_name));
        let settings = settings::settings()
            .iter()
            .map(|s| ResourceType::Setting(s.type_name));
        Self::FIXED
            .into_iter()
            .chain(declared)
            .chain(settings)
            .collect()
    }

    /// The types written unless the filter says otherwise: all but those
    /// off by default.
    pub fn by_default() -> Vec<ResourceType> {
        Self::all()
            .into_iter()
            .filter(|ty| ty.off_by_default().is_none())
            .collect()
    }

    /// Why the export leaves the type out unless it is named, for a type
    /// off by default.
    pub fn off_by_default(self) -> Option<&'static str> {
        self.setting().and_then(|s| s.export_off)
    }

    /// The declaration of a settings type.
    pub fn setting(self) -> Option<&'static Arc<Setting>> {
        match self {
            ResourceType::Setting(name) => settings::setting(name),
            _ => None,
        }
    }

    /// The declaration of a declared type.
    pub fn declaration(self) -> Option<&'static Arc<Declaration>> {
        match self {
            ResourceType::Declared(name) => declared::declaration(name),
            _ => None,
        }
    }

    /// How the export writes a declared type.
    pub fn exported(self) -> Option<&'static Exported> {
        self.declaration().and_then(|d| d.export.as_ref())
    }

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
            ResourceType::Declared(name) | ResourceType::Setting(name) => name,
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
            ResourceType::Declared(_) => self
                .exported()
                .map_or("declared.tf", |exported| exported.file),
            ResourceType::Setting(_) => POLICIES_FILE,
        }
    }

    /// The type named `name`; the error lists the valid names.
    pub fn parse(name: &str) -> Result<ResourceType, String> {
        if let Some(ty) = Self::all().into_iter().find(|ty| ty.type_name() == name) {
            return Ok(ty);
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
        Self::all()
            .into_iter()
            .map(ResourceType::type_name)
            .collect()
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
    /// The types written by default (see [`ResourceType::off_by_default`]).
    fn default() -> Self {
        TypeFilter {
            included: ResourceType::by_default().into_iter().collect(),
        }
    }
}

impl TypeFilter {
    /// Everything in `include` (the types written by default when it is
    /// empty) and in `with` (types added to either, such as those off by
    /// default) that is not in `exclude`. Each list item may hold several
    /// comma-separated names.
    pub fn new(
        include: &[String],
        with: &[String],
        exclude: &[String],
    ) -> Result<TypeFilter, String> {
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
            ResourceType::by_default().into_iter().collect()
        } else {
            parse_all(include)?
        };
        included.extend(parse_all(with)?);
        for ty in parse_all(exclude)? {
            included.remove(&ty);
        }
        if included.is_empty() {
            return Err("--include/--with/--exclude leave no resource type to export".to_owned());
        }
        Ok(TypeFilter { included })
    }

    pub fn includes(&self, ty: ResourceType) -> bool {
        self.included.contains(&ty)
    }

    /// The declared types included, in file order.
    pub fn declared(&self) -> impl Iterator<Item = ResourceType> + '_ {
        self.included
            .iter()
            .copied()
            .filter(|ty| matches!(ty, ResourceType::Declared(_)))
    }

    /// The settings types included, in file order.
    pub fn settings(&self) -> impl Iterator<Item = ResourceType> + '_ {
        self.included
            .iter()
            .copied()
            .filter(|ty| matches!(ty, ResourceType::Setting(_)))
    }

    /// The types off by default that are not included, each with why.
    pub fn left_out_by_default(&self) -> Vec<(ResourceType, &'static str)> {
        ResourceType::all()
            .into_iter()
            .filter(|ty| !self.includes(*ty))
            .filter_map(|ty| ty.off_by_default().map(|why| (ty, why)))
            .collect()
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
        let all = TypeFilter::new(&[], &[], &[]).unwrap();
        assert_eq!(all, TypeFilter::default());
        assert!(
            ResourceType::by_default()
                .iter()
                .all(|ty| all.includes(*ty))
        );

        let some = TypeFilter::new(
            &strings(&["openai_group, openai_group_user", "openai_project_role"]),
            &[],
            &strings(&["openai_group_user"]),
        )
        .unwrap();
        assert!(some.includes(ResourceType::Group));
        assert!(some.includes(ResourceType::ProjectRole));
        assert!(!some.includes(ResourceType::GroupUser));
        assert!(!some.includes(ResourceType::Project));
    }

    #[test]
    fn rate_limits_are_off_by_default_and_written_when_named() {
        let rate_limit = ResourceType::parse("openai_project_rate_limit").unwrap();
        assert_eq!(
            rate_limit,
            ResourceType::Setting("openai_project_rate_limit")
        );
        assert_eq!(rate_limit.file_name(), POLICIES_FILE);
        assert!(rate_limit.off_by_default().unwrap().contains("per model"));
        let default = TypeFilter::default();
        assert!(!default.includes(rate_limit));
        assert_eq!(default.left_out_by_default()[0].0, rate_limit);
        // Every other settings type is written by default.
        let settings: Vec<ResourceType> = default.settings().collect();
        assert_eq!(settings.len(), 6, "{settings:?}");
        assert!(default.includes(ResourceType::Setting("openai_project_spend_limit")));

        let with = TypeFilter::new(&[], &strings(&["openai_project_rate_limit"]), &[]).unwrap();
        assert!(with.includes(rate_limit) && with.includes(ResourceType::Project));
        assert!(with.left_out_by_default().is_empty());
        let only = TypeFilter::new(&strings(&["openai_project_rate_limit"]), &[], &[]).unwrap();
        assert!(only.includes(rate_limit) && !only.includes(ResourceType::Project));
        let excluded = TypeFilter::new(
            &[],
            &strings(&["openai_project_rate_limit"]),
            &strings(&["openai_project_rate_limit"]),
        )
        .unwrap();
        assert!(!excluded.includes(rate_limit));
    }

    #[test]
    fn unknown_and_unexported_types_are_errors_that_say_why() {
        let unknown = TypeFilter::new(&strings(&["openai_groups"]), &[], &[]).unwrap_err();
        assert!(
            unknown.contains("unknown resource type \"openai_groups\""),
            "{unknown}"
        );
        assert!(
            unknown.contains("openai_group, openai_group_user"),
            "{unknown}"
        );
        let authoritative =
            TypeFilter::new(&[], &[], &strings(&["openai_group_members"])).unwrap_err();
        assert!(authoritative.contains("never exported"), "{authoritative}");
        let nothing = TypeFilter::new(
            &strings(&["openai_group"]),
            &[],
            &strings(&["openai_group"]),
        )
        .unwrap_err();
        assert!(nothing.contains("no resource type"), "{nothing}");
        let people =
            TypeFilter::new(&strings(&["openai_organization_user"]), &[], &[]).unwrap_err();
        assert!(
            people.contains("never exported") && people.contains("user_id"),
            "{people}"
        );
    }

    #[test]
    fn declared_types_that_opt_in_are_types_of_the_filter() {
        let names = ResourceType::names();
        for declared in ["openai_invite", "openai_project_service_account"] {
            assert!(names.contains(&declared), "{names:?}");
            let ty = ResourceType::parse(declared).unwrap();
            assert_eq!(ty, ResourceType::Declared(declared));
            assert!(ty.exported().is_some());
        }
        assert!(!names.contains(&"openai_organization_user"), "{names:?}");
        assert_eq!(
            ResourceType::parse("openai_project_service_account")
                .unwrap()
                .file_name(),
            "projects.tf"
        );
        let only = TypeFilter::new(&strings(&["openai_invite"]), &[], &[]).unwrap();
        assert_eq!(
            only.declared().collect::<Vec<_>>(),
            [ResourceType::Declared("openai_invite")]
        );
        assert!(!only.includes(ResourceType::Project));
        let without = TypeFilter::new(&[], &[], &strings(&["openai_invite"])).unwrap();
        assert_eq!(
            without.declared().collect::<Vec<_>>(),
            [
                "openai_certificate",
                "openai_organization_spend_alert",
                "openai_project_service_account",
                "openai_project_spend_alert"
            ]
            .map(ResourceType::Declared)
        );
    }
}
