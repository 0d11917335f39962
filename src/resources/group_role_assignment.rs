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
        id_example: "group_...",
        label: "group_name" = "Display name of the group.",
        add_to_project: "Project settings > Members > Groups",
    };

    fn label(group: &Group) -> Option<&str> {
        Some(&group.name)
    }
}
