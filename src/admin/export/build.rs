//! Turns the inventory into [`Item`]s: one per object the provider can
//! adopt with an empty plan, and a skipped item (commented out, with the
//! reason) for what it cannot.

use super::check::Checker;
use super::entities::{Entities, person_label};
use super::model::{Attr, Item, Key, Skip};
use crate::admin::inventory::{ProjectContents, ProjectGroupEntry, ProjectUserEntry};
use crate::admin::naming::join;
use crate::admin::types::{ResourceType, TypeFilter};
use crate::api::{AssignedRole, Project, Role};

use ResourceType as T;

/// The predefined role offered as the join role of a project group that
/// holds none.
const DEFAULT_JOIN_ROLE: &str = "role-api-project-member";

pub(super) struct Builder<'a> {
    pub entities: Entities<'a>,
    pub(super) types: &'a TypeFilter,
    checker: Checker,
    pub items: Vec<Item>,
    /// Objects deliberately left out, for the report (not in the files).
    pub notes: Vec<String>,
}

/// The attributes of an item before it is checked.
type Attrs = Vec<(&'static str, Attr)>;

/// Builds the items of one type.
type Step<'a> = fn(&mut Builder<'a>);

/// Where a role assignment holds: the organization, or a project, reached
/// through the principal's access item (its key), which `project_id`
/// refers to first.
#[derive(Clone, Copy)]
enum Scope<'s> {
    Organization,
    Project(&'s Project, &'s Key),
}

/// The group or user a role assignment is of.
struct Principal {
    /// Its ID attribute (`group_id` or `user_id`).
    attr: (&'static str, Attr),
    /// Its fragment of resource names.
    name: String,
    /// How comments call it.
    label: String,
}

impl<'a> Builder<'a> {
    pub(super) fn new(entities: Entities<'a>, types: &'a TypeFilter) -> Builder<'a> {
        Builder {
            entities,
            types,
            checker: Checker::new(),
            items: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a resource with an import, checked against the provider's
    /// schema: one the provider would refuse is skipped with its reason.
    pub(super) fn add(
        &mut self,
        ty: ResourceType,
        id: &str,
        import_id: String,
        names: Vec<String>,
        attrs: Attrs,
    ) {
        let skip = self.checker.check(ty, &attrs).err().map(|problem| Skip {
            reason: format!("the provider would refuse its current values ({problem})"),
            advice: "Fix them in the organization and export again, or uncomment these \
                     blocks with the value corrected: the first apply then changes it."
                .to_owned(),
            offer_import: Some(import_id.clone()),
        });
        self.items.push(Item {
            ty,
            id: id.to_owned(),
            data_source: false,
            name_options: names,
            name: String::new(),
            import_id: Some(import_id),
            comment: None,
            attrs,
            skip,
        });
    }

    pub(super) fn comment_last(&mut self, comment: String) {
        if let Some(item) = self.items.last_mut() {
            item.comment = Some(comment);
        }
    }

    pub(super) fn build(&mut self) {
        // Built in a fixed order, each type only when the filter includes it.
        let steps: [(ResourceType, Step<'a>); 9] = [
            (T::Project, Self::projects),
            (T::ProjectRole, Self::project_roles),
            (T::OrganizationRole, Self::org_roles),
            (T::Group, Self::groups),
            (T::GroupUser, Self::group_users),
            (T::ProjectGroup, Self::project_groups),
            (T::ProjectUser, Self::project_users),
            (T::GroupRoleAssignment, Self::group_assignments),
            (T::UserRoleAssignment, Self::user_assignments),
        ];
        for (ty, step) in steps {
            if self.types.includes(ty) {
                step(self);
            }
        }
        let declared: Vec<ResourceType> = self.types.declared().collect();
        for ty in declared {
            self.declared(ty);
        }
        let settings: Vec<ResourceType> = self.types.settings().collect();
        for ty in settings {
            self.settings(ty);
        }
    }

    fn projects(&mut self) {
        let projects = self.entities.projects.clone();
        for (project, _) in projects {
            let name = self.entities.project_name(&project.id).to_owned();
            self.add(
                T::Project,
                &project.id,
                project.id.clone(),
                vec![name],
                vec![("name", Attr::Literal(project.name.clone()))],
            );
        }
    }

    fn project_roles(&mut self) {
        let projects = self.entities.projects.clone();
        for (project, contents) in projects {
            for role in contents.roles.iter().filter(|r| !r.is_predefined()) {
                let mut attrs = vec![(
                    "project_id",
                    Attr::reference((T::Project, project.id.clone()), "id", &project.id),
                )];
                attrs.extend(role_attrs(role));
                let name = self
                    .entities
                    .role_name(Some(&project.id), &role.id)
                    .to_owned();
                self.add(
                    T::ProjectRole,
                    &role.id,
                    format!("{}/{}", project.id, role.id),
                    vec![name],
                    attrs,
                );
            }
        }
    }

    fn org_roles(&mut self) {
        let roles = self.entities.org_roles.clone();
        for role in roles.into_iter().filter(|r| !r.is_predefined()) {
            let name = self.entities.role_name(None, &role.id).to_owned();
            self.add(
                T::OrganizationRole,
                &role.id,
                role.id.clone(),
                vec![name],
                role_attrs(role),
            );
        }
    }

    /// Groups; a SCIM-managed one as a data source (the provider refuses to
    /// rename or destroy it), so that references to it still work.
    fn groups(&mut self) {
        let groups = self.entities.groups.clone();
        for entry in groups {
            let group = &entry.group;
            let name = self.entities.group_name(&group.id);
            if group.scim_managed {
                let members = if self.types.includes(T::GroupUser) {
                    " Its members are not exported: the identity provider owns them."
                } else {
                    ""
                };
                self.items.push(Item {
                    ty: T::Group,
                    id: group.id.clone(),
                    data_source: true,
                    name_options: vec![name],
                    name: String::new(),
                    import_id: None,
                    comment: Some(format!(
                        "{} is managed by the identity provider (SCIM): referred to, not \
                         managed.{members}",
                        group.name
                    )),
                    attrs: vec![("id", Attr::Literal(group.id.clone()))],
                    skip: None,
                });
                continue;
            }
            self.add(
                T::Group,
                &group.id,
                group.id.clone(),
                vec![name],
                vec![("name", Attr::Literal(group.name.clone()))],
            );
        }
    }

    fn group_users(&mut self) {
        let groups = self.entities.groups.clone();
        for entry in groups {
            let group = &entry.group;
            // A SCIM-managed group's members belong to its identity
            // provider (its data source's comment says so).
            if group.scim_managed {
                continue;
            }
            let group_name = self.entities.group_name(&group.id);
            let mut members: Vec<_> = entry.members.iter().flatten().collect();
            members.sort_by(|a, b| a.id.cmp(&b.id));
            for member in members {
                let user_name = self.entities.user_name(&member.id);
                let id = format!("{}/{}", group.id, member.id);
                self.add(
                    T::GroupUser,
                    &id,
                    id.clone(),
                    vec![join(&[&group_name, &user_name])],
                    vec![
                        (
                            "group_id",
                            Attr::reference((T::Group, group.id.clone()), "id", &group.id),
                        ),
                        ("user_id", Attr::Literal(member.id.clone())),
                    ],
                );
                let label = if self.entities.has_user(&member.id) {
                    self.entities.user_label(&member.id)
                } else {
                    person_label(&member.name, member.email.as_deref(), &member.id)
                };
                self.comment_last(format!("{label} in {}", group.name));
            }
        }
    }

    fn project_groups(&mut self) {
        let projects = self.entities.projects.clone();
        for (project, contents) in projects {
            for entry in sorted_groups(contents) {
                let group_id = &entry.access.group_id;
                let id = format!("{}/{group_id}", project.id);
                let names = vec![join(&[
                    self.entities.project_name(&project.id),
                    &self.entities.group_name(group_id),
                ])];
                let comment = format!("{} in {}", group_label(entry), project.name);
                let Some(join_role) = join_role(&project.id, &entry.roles) else {
                    let attrs = self.project_group_attrs(&project.id, group_id, DEFAULT_JOIN_ROLE);
                    self.items.push(Item {
                        ty: T::ProjectGroup,
                        id: id.clone(),
                        data_source: false,
                        name_options: names,
                        name: String::new(),
                        import_id: None,
                        comment: Some(comment),
                        attrs,
                        skip: Some(Skip {
                            reason: "the group holds no role in the project, and \
                                     openai_project_group needs its join role: adopting it as \
                                     it is would change the organization"
                                .to_owned(),
                            advice: "To adopt it anyway, uncomment these blocks and choose the \
                                     role: the first apply gives it to the group (an in-place \
                                     update of role)."
                                .to_owned(),
                            offer_import: Some(id.clone()),
                        }),
                    });
                    continue;
                };
                let attrs = self.project_group_attrs(&project.id, group_id, &join_role);
                self.add(
                    T::ProjectGroup,
                    &id,
                    format!("{id}/{join_role}"),
                    names,
                    attrs,
                );
                self.comment_last(comment);
            }
        }
    }

    fn project_group_attrs(&self, project_id: &str, group_id: &str, role: &str) -> Attrs {
        vec![
            (
                "project_id",
                Attr::reference((T::Project, project_id.to_owned()), "id", project_id),
            ),
            (
                "group_id",
                Attr::reference((T::Group, group_id.to_owned()), "id", group_id),
            ),
            ("role", self.role_ref(Some(project_id), role)),
        ]
    }

    fn project_users(&mut self) {
        let projects = self.entities.projects.clone();
        for (project, contents) in projects {
            for entry in sorted_users(contents) {
                let user_id = &entry.access.id;
                let id = format!("{}/{user_id}", project.id);
                let names = vec![join(&[
                    self.entities.project_name(&project.id),
                    &self.entities.user_name(user_id),
                ])];
                self.add(
                    T::ProjectUser,
                    &id,
                    id.clone(),
                    names,
                    vec![
                        (
                            "project_id",
                            Attr::reference((T::Project, project.id.clone()), "id", &project.id),
                        ),
                        ("user_id", Attr::Literal(user_id.clone())),
                        ("role", Attr::Literal(entry.access.role.clone())),
                    ],
                );
                self.comment_last(format!(
                    "{} in {}",
                    self.entities.user_label(user_id),
                    project.name
                ));
            }
        }
    }

    /// A role as an attribute value: a reference to the custom role's
    /// resource when it is written, else its ID (a predefined project role
    /// by its short alias).
    fn role_ref(&self, project_id: Option<&str>, role_id: &str) -> Attr {
        let role = self.entities.role(project_id, role_id);
        match (project_id, role) {
            (_, Some(role)) if role.is_predefined() => {
                Attr::Literal(short(project_id, role_id).to_owned())
            }
            (Some(_), Some(_)) => {
                Attr::reference((T::ProjectRole, role_id.to_owned()), "id", role_id)
            }
            (None, Some(_)) => {
                Attr::reference((T::OrganizationRole, role_id.to_owned()), "id", role_id)
            }
            (_, None) => Attr::Literal(short(project_id, role_id).to_owned()),
        }
    }

    fn group_assignments(&mut self) {
        let groups = self.entities.groups.clone();
        for entry in groups {
            let group_id = &entry.group.id;
            for assigned in sorted(&entry.org_roles) {
                let id = format!("{group_id}/{}", assigned.role.id);
                let principal = Principal {
                    attr: (
                        "group_id",
                        Attr::reference((T::Group, group_id.clone()), "id", group_id),
                    ),
                    name: self.entities.group_name(group_id),
                    label: entry.group.name.clone(),
                };
                self.add_assignment(
                    T::GroupRoleAssignment,
                    id,
                    Scope::Organization,
                    principal,
                    assigned,
                );
            }
        }
        let projects = self.entities.projects.clone();
        for (project, contents) in projects {
            for entry in sorted_groups(contents) {
                let group_id = &entry.access.group_id;
                let access = (T::ProjectGroup, format!("{}/{group_id}", project.id));
                // The join role belongs to openai_project_group whenever that
                // type is exported, written or commented out: uncommenting it
                // must not make two resources manage one assignment.
                let join_role = join_role(&project.id, &entry.roles)
                    .filter(|_| self.types.includes(T::ProjectGroup));
                for assigned in sorted(&entry.roles) {
                    let role_id = Role::short_id(&project.id, &assigned.role.id);
                    if join_role.as_deref() == Some(role_id) {
                        continue;
                    }
                    let id = format!("{}/{group_id}/{role_id}", project.id);
                    let principal = Principal {
                        attr: (
                            "group_id",
                            Attr::Ref {
                                targets: vec![
                                    (access.clone(), "group_id"),
                                    ((T::Group, group_id.clone()), "id"),
                                ],
                                literal: group_id.clone(),
                            },
                        ),
                        name: self.entities.group_name(group_id),
                        label: group_label(entry),
                    };
                    let scope = Scope::Project(project, &access);
                    self.add_assignment(T::GroupRoleAssignment, id, scope, principal, assigned);
                }
            }
        }
    }

    fn user_assignments(&mut self) {
        let users = self.entities.users.clone();
        for entry in users {
            let user_id = &entry.user.id;
            for assigned in sorted(&entry.org_roles) {
                let id = format!("{user_id}/{}", assigned.role.id);
                if self.inherited(&id, None, user_id, assigned) {
                    continue;
                }
                let principal = self.user_principal(user_id, Attr::Literal(user_id.clone()));
                self.add_assignment(
                    T::UserRoleAssignment,
                    id,
                    Scope::Organization,
                    principal,
                    assigned,
                );
            }
        }
        let projects = self.entities.projects.clone();
        for (project, contents) in projects {
            for entry in sorted_users(contents) {
                let user_id = &entry.access.id;
                let access = (T::ProjectUser, format!("{}/{user_id}", project.id));
                for assigned in sorted(&entry.roles) {
                    let role_id = Role::short_id(&project.id, &assigned.role.id);
                    let id = format!("{}/{user_id}/{role_id}", project.id);
                    if self.inherited(&id, Some(&project.id), user_id, assigned) {
                        continue;
                    }
                    let reference = Attr::Ref {
                        targets: vec![(access.clone(), "user_id")],
                        literal: user_id.clone(),
                    };
                    let principal = self.user_principal(user_id, reference);
                    let scope = Scope::Project(project, &access);
                    self.add_assignment(T::UserRoleAssignment, id, scope, principal, assigned);
                }
            }
        }
    }

    fn user_principal(&self, user_id: &str, attr: Attr) -> Principal {
        Principal {
            attr: ("user_id", attr),
            name: self.entities.user_name(user_id),
            label: self.entities.user_label(user_id),
        }
    }

    /// Adds the role assignment `id` of `principal` to `assigned` in
    /// `scope`, named after the principal and role (the scope's name
    /// first when that clashes) and commented with who holds what where.
    fn add_assignment(
        &mut self,
        ty: ResourceType,
        id: String,
        scope: Scope,
        principal: Principal,
        assigned: &AssignedRole,
    ) {
        let role_id = assigned.role.id.as_str();
        let mut attrs = Vec::new();
        let (project_id, scope_name, place) = match scope {
            Scope::Organization => (None, "org".to_owned(), "the organization".to_owned()),
            Scope::Project(project, access) => {
                attrs.push((
                    "project_id",
                    Attr::Ref {
                        targets: vec![
                            (access.clone(), "project_id"),
                            ((T::Project, project.id.clone()), "id"),
                        ],
                        literal: project.id.clone(),
                    },
                ));
                let scope_name = self.entities.project_name(&project.id).to_owned();
                (Some(project.id.as_str()), scope_name, project.name.clone())
            }
        };
        attrs.push(principal.attr);
        attrs.push(("role_id", self.role_ref(project_id, role_id)));
        let role = self.entities.role_fragment(project_id, role_id);
        let names = vec![
            join(&[&principal.name, &role]),
            join(&[&scope_name, &principal.name, &role]),
        ];
        self.add(ty, &id, id.clone(), names, attrs);
        self.comment_last(format!(
            "{} holds {} in {place}",
            principal.label,
            role_label(&assigned.role)
        ));
    }

    /// True (and noted) when user `user_id`'s assignment is only inherited
    /// from groups (see [`Inventory::inherited_from`]): there is no
    /// assignment of the user to adopt.
    ///
    /// [`Inventory::inherited_from`]: crate::admin::inventory::Inventory::inherited_from
    fn inherited(
        &mut self,
        id: &str,
        scope: Option<&str>,
        user_id: &str,
        assigned: &AssignedRole,
    ) -> bool {
        let Some(groups) = self
            .entities
            .inventory
            .inherited_from(scope, user_id, assigned)
        else {
            return false;
        };
        self.notes.push(format!(
            "assignment {id}: inherited from {}, not held directly",
            groups.join(", ")
        ));
        true
    }
}

pub(crate) use crate::resources::project_group_join_role as join_role;

fn short<'r>(project_id: Option<&str>, role_id: &'r str) -> &'r str {
    match project_id {
        Some(project_id) => Role::short_id(project_id, role_id),
        None => role_id,
    }
}

fn sorted(roles: &[AssignedRole]) -> Vec<&AssignedRole> {
    let mut roles: Vec<&AssignedRole> = roles.iter().collect();
    roles.sort_by(|a, b| a.role.id.cmp(&b.role.id));
    roles
}

/// A project's groups by ID.
fn sorted_groups(contents: &ProjectContents) -> Vec<&ProjectGroupEntry> {
    let mut groups: Vec<&ProjectGroupEntry> = contents.groups.iter().collect();
    groups.sort_by(|a, b| a.access.group_id.cmp(&b.access.group_id));
    groups
}

/// A project's users by ID.
fn sorted_users(contents: &ProjectContents) -> Vec<&ProjectUserEntry> {
    let mut users: Vec<&ProjectUserEntry> = contents.users.iter().collect();
    users.sort_by(|a, b| a.access.id.cmp(&b.access.id));
    users
}

fn role_label(role: &Role) -> String {
    if role.name.is_empty() {
        role.id.clone()
    } else {
        format!("{:?}", role.name)
    }
}

fn group_label(entry: &ProjectGroupEntry) -> String {
    if entry.access.group_name.is_empty() {
        entry.access.group_id.clone()
    } else {
        entry.access.group_name.clone()
    }
}

/// The attributes of a role, project or organization.
fn role_attrs(role: &Role) -> Attrs {
    let mut attrs = vec![("name", Attr::Literal(role.name.clone()))];
    if let Some(description) = role.description.as_deref().filter(|d| !d.is_empty()) {
        attrs.push(("description", Attr::Literal(description.to_owned())));
    }
    attrs.push(("permissions", Attr::Set(role.permissions.clone())));
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::test_support::inventory;
    use crate::api::Role;

    fn assigned(id: &str, predefined: bool) -> AssignedRole {
        AssignedRole {
            role: Role {
                id: id.into(),
                name: id.into(),
                description: None,
                permissions: vec![],
                resource_type: "api.project".into(),
                predefined_role: predefined,
            },
            created_at: None,
            updated_at: None,
            created_by: None,
            assignment_sources: None,
        }
    }

    #[test]
    fn the_join_role_is_a_predefined_role_when_there_is_one() {
        let viewer = "role-api-project-viewer__api-project__proj_a";
        let member = "role-api-project-member__api-project__proj_a";
        assert_eq!(
            join_role(
                "proj_a",
                &[
                    assigned("role_z", false),
                    assigned(viewer, true),
                    assigned(member, true)
                ]
            ),
            Some("role-api-project-member".into())
        );
        assert_eq!(
            join_role(
                "proj_a",
                &[assigned("role_z", false), assigned("role_b", false)]
            ),
            Some("role_b".into())
        );
        assert_eq!(join_role("proj_a", &[]), None);
    }

    /// A project group the provider's checks refuse is written commented out
    /// with an import ID that pins its join role: that role must not also be
    /// adopted as an assignment, or uncommenting the block would make two
    /// resources manage one assignment.
    #[test]
    fn a_commented_out_project_groups_join_role_is_not_an_assignment() {
        let inventory = inventory();
        let types = TypeFilter::default();
        let mut builder = Builder::new(Entities::new(&inventory), &types);
        builder.project_groups();
        let ops = builder
            .items
            .iter_mut()
            .find(|item| item.id == "proj_web/group_ops")
            .unwrap();
        assert_eq!(
            ops.import_id.as_deref(),
            Some("proj_web/group_ops/role-api-project-member")
        );
        ops.skip = Some(Skip {
            reason: "refused".into(),
            advice: String::new(),
            offer_import: ops.import_id.clone(),
        });
        builder.group_assignments();
        let assignments: Vec<&str> = builder
            .items
            .iter()
            .filter(|item| item.ty == T::GroupRoleAssignment)
            .map(|item| item.id.as_str())
            .collect();
        assert_eq!(
            assignments,
            ["proj_web/group_ops/role_deploy"],
            "the join role stays with the commented-out project group"
        );
    }
}
