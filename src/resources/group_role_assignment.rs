//! `openai_group_role_assignment`: a role given to a group, in one project
//! or (without `project_id`) in the whole organization. The behaviour lives
//! in [`super::role_assignment`]; this file names the principal.

use super::role_assignment::{AssignmentKind, RoleAssignmentResource, Texts, texts};
use crate::api::Group;

pub type GroupRoleAssignment = RoleAssignmentResource<GroupKind>;

/// Assignments whose principal is a group, labelled by its name.
pub struct GroupKind;

impl AssignmentKind for GroupKind {
    type Principal = Group;

    const TEXTS: Texts = texts! {
        noun: "group",
        title: "Group",
        id_example: "8f3b2c1d4e5f60718293a4b5c6d7e8f9",
        label: "group_name" = "Display name of the group.",
        add_to_project: "Project settings > Members > Groups",
        about: "**With `openai_project_group`:** a group joins a project with a role (its \
            `role`, the join role), which the group then holds like any assignment. Manage \
            the join role with `openai_project_group.role`, not with this resource: creating \
            an assignment of the join role fails with \"Role already assigned\". Give the \
            group further project roles here, setting `group_id` to \
            `openai_project_group.<name>.group_id` (or using `depends_on`) so that the access \
            exists first. When the group leaves the project (the `openai_project_group` is \
            destroyed or removed outside Terraform), the API drops its roles there, and the \
            next refresh reports these assignments as gone.",
    };

    fn label(group: &Group) -> Option<&str> {
        Some(&group.name)
    }
}
