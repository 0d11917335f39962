//! What `openai_group_user` and `openai_group_members` share: the members
//! of each group read once per run (the run's list, see [`super::lists`]),
//! a miss confirmed with one retrieve, and the errors of adding and
//! removing members.

use std::sync::Arc;

use super::confirm::{found, retrieve_after_pause};
use super::errors::api_error;
use super::{lists, scim};
use crate::api::{AdminClient, ApiError, GroupUser};
use crate::diagnostics::{AttributePath, Diagnostics};

/// The members of each group: every membership of a group is read from
/// one list per run, however many resources ask.
#[derive(Default)]
pub(super) struct Members;

impl Members {
    /// The group's members; `None` when the list answers 404 (the group is
    /// gone, or not visible yet).
    pub async fn list(
        &self,
        client: &AdminClient,
        group_id: &str,
    ) -> Result<Option<Arc<Vec<GroupUser>>>, Diagnostics> {
        self.read(client, group_id, false).await
    }

    /// The group's members fetched afresh, for a write.
    pub async fn list_fresh(
        &self,
        client: &AdminClient,
        group_id: &str,
    ) -> Result<Option<Arc<Vec<GroupUser>>>, Diagnostics> {
        self.read(client, group_id, true).await
    }

    async fn read(
        &self,
        client: &AdminClient,
        group_id: &str,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<GroupUser>>>, Diagnostics> {
        let fetched = lists::group_users(client, group_id, fresh).await;
        found(fetched).map_err(|e| api_error(&format!("list the members of group {group_id}"), &e))
    }

    /// The member, from the group's list or, when the list does not have it,
    /// from one retrieve after the consistency pause.
    pub async fn find(
        &self,
        client: &AdminClient,
        group_id: &str,
        user_id: &str,
    ) -> Result<Option<GroupUser>, Diagnostics> {
        let listed = self.list(client, group_id).await?;
        if let Some(member) = listed.and_then(|l| l.iter().find(|m| m.id == user_id).cloned()) {
            return Ok(Some(member));
        }
        self.confirm(client, group_id, user_id).await
    }

    /// One retrieve of the member after the consistency pause.
    pub async fn confirm(
        &self,
        client: &AdminClient,
        group_id: &str,
        user_id: &str,
    ) -> Result<Option<GroupUser>, Diagnostics> {
        retrieve_after_pause(|| client.get_group_user(group_id, user_id))
            .await
            .map_err(|e| api_error(&describe_read(group_id, user_id), &e))
    }

    /// One retrieve of the member, now (after an unclear write).
    pub async fn retrieve(
        &self,
        client: &AdminClient,
        group_id: &str,
        user_id: &str,
    ) -> Result<Option<GroupUser>, Diagnostics> {
        found(client.get_group_user(group_id, user_id).await)
            .map_err(|e| api_error(&describe_read(group_id, user_id), &e))
    }
}

fn describe_read(group_id: &str, user_id: &str) -> String {
    format!("check whether user {user_id} is a member of group {group_id}")
}

/// Which object a 404 of a membership write is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Missing {
    User,
    Group,
}

/// The object the API says does not exist: from the offending field
/// (`param`, e.g. `group_id`), else the error code (e.g. `user_not_found`),
/// else the message.
pub(super) fn missing(error: &ApiError) -> Option<Missing> {
    let code = error.code.as_deref().unwrap_or_default();
    let not_found = error.is_not_found() || code.ends_with("not_found");
    if !not_found {
        return None;
    }
    let param = error.param.as_deref().unwrap_or_default();
    named_by(param)
        .or_else(|| named_by(code))
        .or_else(|| subject_of(&error.message.to_ascii_lowercase()))
}

/// The object a field name or error code starts with.
fn named_by(text: &str) -> Option<Missing> {
    if text.starts_with("group") {
        Some(Missing::Group)
    } else if text.starts_with("user") {
        Some(Missing::User)
    } else {
        None
    }
}

/// The object a (lowercase) message is about: the first one it names, as
/// in "Group 'x' not found in this organization" or "User 'u' is not a
/// member of group 'g'". A message naming only the organization is about a
/// user who is not in it.
fn subject_of(message: &str) -> Option<Missing> {
    match (message.find("group"), message.find("user")) {
        (Some(group), Some(user)) if group < user => Some(Missing::Group),
        (Some(_), None) => Some(Missing::Group),
        (_, Some(_)) => Some(Missing::User),
        (None, None) if message.contains("organization") => Some(Missing::User),
        (None, None) => None,
    }
}

/// Where a membership write's user and group are configured.
pub(super) struct Paths {
    pub group: AttributePath,
    pub user: AttributePath,
}

/// The diagnostic for a failed add (`adding` true) or removal of `user_id`
/// in `group_id`: SCIM, unknown user and unknown group get their own
/// wording and attribute path.
pub(super) fn write_error(
    paths: &Paths,
    group_id: &str,
    user_id: &str,
    adding: bool,
    error: &ApiError,
) -> Diagnostics {
    let (verb, change) = if adding {
        ("add", "add members to it")
    } else {
        ("remove", "remove members from it")
    };
    if scim::is_refusal(error) {
        return scim::refusal(Some(paths.group.clone()), group_id, change, error);
    }
    let mut diags = Diagnostics::new();
    match missing(error) {
        Some(Missing::User) if adding => diags.error_at(
            paths.user.clone(),
            "User is not in the organization",
            format!(
                "{error}\n\nUser {user_id} is not a member of this organization, so it cannot \
                 join group {group_id}. Check the ID (the openai_user data source looks users \
                 up by email); people join the organization by accepting an invitation."
            ),
        ),
        Some(Missing::Group) => diags.error_at(
            paths.group.clone(),
            "Group not found",
            format!(
                "{error}\n\nThe organization has no group {group_id}: it was deleted, or the ID \
                 is wrong. Check group_id (the openai_groups data source lists the groups)."
            ),
        ),
        _ => {
            return api_error(
                &format!(
                    "{verb} user {user_id} {} group {group_id}",
                    if adding { "to" } else { "from" }
                ),
                error,
            );
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn error(kind: ErrorKind, code: Option<&str>, message: &str) -> ApiError {
        let mut error = ApiError::new(kind, "POST", "/x", message);
        error.code = code.map(str::to_owned);
        error
    }

    fn paths() -> Paths {
        Paths {
            group: AttributePath::attribute("group_id"),
            user: AttributePath::attribute("user_id"),
        }
    }

    #[test]
    fn missing_object_from_code_or_message() {
        let user = error(ErrorKind::NotFound, Some("user_not_found"), "x");
        assert_eq!(missing(&user), Some(Missing::User));
        let group = error(ErrorKind::NotFound, Some("group_not_found"), "x");
        assert_eq!(missing(&group), Some(Missing::Group));
        let message = error(
            ErrorKind::NotFound,
            None,
            "User with id 'u' is not a member of this organization.",
        );
        assert_eq!(missing(&message), Some(Missing::User));
        let other = error(ErrorKind::InvalidRequest, Some("invalid_value"), "user");
        assert_eq!(missing(&other), None);
    }

    #[test]
    fn the_offending_field_decides_before_the_code_and_the_message() {
        let mut by_param = error(
            ErrorKind::NotFound,
            Some("not_found"),
            "User 'u' is not a member of this organization.",
        );
        by_param.param = Some("group_id".into());
        assert_eq!(missing(&by_param), Some(Missing::Group));
        by_param.param = Some("user_id".into());
        assert_eq!(missing(&by_param), Some(Missing::User));
    }

    #[test]
    fn a_message_is_about_the_first_object_it_names() {
        let cases = [
            (
                "Group 'x' not found in this organization",
                Some(Missing::Group),
            ),
            ("Group with id 'g' not found.", Some(Missing::Group)),
            (
                "User 'u' is not a member of group 'g'.",
                Some(Missing::User),
            ),
            ("Not a member of this organization.", Some(Missing::User)),
            ("Not found.", None),
        ];
        for (message, expected) in cases {
            let e = error(ErrorKind::NotFound, None, message);
            assert_eq!(missing(&e), expected, "{message}");
        }
        let gone = error(
            ErrorKind::NotFound,
            None,
            "Group 'x' not found in this organization",
        );
        let diags = write_error(&paths(), "group_x", "user_a", true, &gone);
        assert_eq!(diags.0[0].summary, "Group not found");
        assert_eq!(
            diags.0[0].attribute,
            Some(AttributePath::attribute("group_id"))
        );
    }

    #[test]
    fn unknown_user_points_at_the_user_attribute() {
        let e = error(
            ErrorKind::NotFound,
            Some("user_not_found"),
            "User with id 'user_x' is not a member of this organization.",
        );
        let diags = write_error(&paths(), "group_a", "user_x", true, &e);
        let diag = &diags.0[0];
        assert_eq!(diag.summary, "User is not in the organization");
        assert_eq!(diag.attribute, Some(AttributePath::attribute("user_id")));
        assert!(diag.detail.contains("not a member of this organization"));
    }

    #[test]
    fn scim_and_unknown_group_point_at_the_group_attribute() {
        let scim = error(
            ErrorKind::InvalidRequest,
            Some("group_is_scim_managed"),
            "managed by SCIM",
        );
        let diags = write_error(&paths(), "group_sales", "user_a", true, &scim);
        assert_eq!(diags.0[0].summary, scim::SUMMARY);
        assert_eq!(
            diags.0[0].attribute,
            Some(AttributePath::attribute("group_id"))
        );

        let gone = error(ErrorKind::NotFound, Some("group_not_found"), "no group");
        let diags = write_error(&paths(), "group_x", "user_a", false, &gone);
        assert_eq!(diags.0[0].summary, "Group not found");

        let other = error(ErrorKind::Server, None, "boom");
        let diags = write_error(&paths(), "group_x", "user_a", false, &other);
        assert_eq!(
            diags.0[0].summary,
            "Failed to remove user user_a from group group_x"
        );
    }
}
