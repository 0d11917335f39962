//! `openai_user_role_assignment`: a role given to a user, in one project
//! or (without `project_id`) in the whole organization. The behaviour lives
//! in [`super::role_assignment`]; this file names the principal.

use super::role_assignment::{AssignmentKind, RoleAssignmentResource, Texts, texts};
use crate::api::User;

pub type UserRoleAssignment = RoleAssignmentResource<UserKind>;

/// Assignments whose principal is a member of the organization, labelled
/// by their email address.
pub struct UserKind;

impl AssignmentKind for UserKind {
    type Principal = User;

    const TEXTS: Texts = texts! {
        noun: "user",
        title: "User",
        id_example: "user-...",
        label: "user_email" = "Email address of the user.",
        add_to_project: "Project settings > Members > Add member",
        about: "A project service account is a principal too: set `user_id` to its ID \
                (`openai_project_service_account.x.id`, `svc_acct_...`) with the \
                service account's `project_id` to give it a project role. Service \
                accounts hold roles only in their own project, and have no email \
                (`user_email` stays null).",
    };

    const OFFICIAL_ROLE_DETAILS: bool = true;

    fn label(user: &User) -> Option<&str> {
        user.email.as_deref()
    }
}
