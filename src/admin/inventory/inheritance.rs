//! Telling an assignment a user only inherits from one held directly.
//!
//! An assigned role with `assignment_sources` is (also) inherited from
//! those principals. Whether it is *also* held directly cannot be read when
//! the user is not among the sources, so the answer comes from the
//! inventory: the assignment is taken as inherited only when a listed
//! source group holds the same role in the same scope and has the user
//! among its members. Anything else (sources not read, not groups, or not
//! holding the role) keeps the assignment: adopting an inherited one is
//! recoverable, losing a direct one from the copy or the configuration is
//! not noticed.

use super::{Inventory, ProjectGroupEntry};
use crate::api::{AssignedRole, Role};

impl Inventory {
    /// The source groups that explain user `user_id`'s `assigned` role in
    /// `scope` (a project, or the organization) as inherited, when it is
    /// only inherited; `None` when it is to be kept as a direct assignment.
    pub fn inherited_from(
        &self,
        scope: Option<&str>,
        user_id: &str,
        assigned: &AssignedRole,
    ) -> Option<Vec<String>> {
        let sources = assigned.assignment_sources.as_ref()?;
        if sources.is_empty() || sources.iter().any(|s| s.principal_id == user_id) {
            return None;
        }
        let explaining: Vec<String> = sources
            .iter()
            .filter(|s| s.principal_type.is_empty() || s.principal_type == "group")
            .map(|s| s.principal_id.as_str())
            .filter(|group_id| {
                self.is_member(group_id, user_id)
                    && self.group_holds(scope, group_id, &assigned.role.id)
            })
            .map(str::to_owned)
            .collect();
        (!explaining.is_empty()).then_some(explaining)
    }

    /// True when the group's members were read and include the user.
    fn is_member(&self, group_id: &str, user_id: &str) -> bool {
        self.groups
            .iter()
            .find(|g| g.group.id == group_id)
            .and_then(|g| g.members.as_ref())
            .is_some_and(|members| members.iter().any(|m| m.id == user_id))
    }

    /// True when the group's roles in the scope were read and include
    /// `role_id` (a predefined project role in either spelling).
    fn group_holds(&self, scope: Option<&str>, group_id: &str, role_id: &str) -> bool {
        let same = |held: &AssignedRole| match scope {
            Some(project) => {
                Role::short_id(project, &held.role.id) == Role::short_id(project, role_id)
            }
            None => held.role.id == role_id,
        };
        match scope {
            None => self
                .groups
                .iter()
                .find(|g| g.group.id == group_id)
                .is_some_and(|g| g.org_roles.iter().any(same)),
            Some(project_id) => self
                .projects
                .iter()
                .filter(|p| p.project.id == project_id)
                .filter_map(|p| p.contents.as_ref())
                .flat_map(|c| c.groups.iter())
                .filter(|g: &&ProjectGroupEntry| g.access.group_id == group_id)
                .any(|g| g.roles.iter().any(same)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::admin::test_support::{assigned_from, inventory};

    const VIEWER: &str = "role-api-project-viewer__api-project__proj_web";

    #[test]
    fn inherited_only_when_a_source_group_explains_it() {
        let inventory = inventory();
        // ops holds Deployer in proj_web and has ann as a member.
        let from_ops = assigned_from("role_deploy", &["group_ops"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &from_ops),
            Some(vec!["group_ops".to_string()])
        );
        // Listed sources that include the user: held directly too.
        let also_direct = assigned_from("role_deploy", &["group_ops", "user_ann"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &also_direct),
            None
        );
        // ops does not hold Viewer: the source does not explain it, kept.
        let viewer = assigned_from(VIEWER, &["group_ops"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &viewer),
            None
        );
        // bob is no member of ops: kept.
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_bob", &from_ops),
            None
        );
        // A group the inventory does not have, or no sources at all: kept.
        let unknown = assigned_from("role_deploy", &["group_gone"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &unknown),
            None
        );
        let direct = assigned_from("role_deploy", &[]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &direct),
            None
        );
        // The same role in the organization is not the project's.
        assert_eq!(inventory.inherited_from(None, "user_ann", &from_ops), None);
    }

    #[test]
    fn members_not_read_explain_nothing() {
        let mut inventory = inventory();
        for group in &mut inventory.groups {
            group.members = None;
        }
        let from_ops = assigned_from("role_deploy", &["group_ops"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &from_ops),
            None
        );
    }

    #[test]
    fn a_predefined_role_matches_in_either_spelling() {
        let inventory = inventory();
        // ops joined proj_web with member (listed scoped); the user's
        // entry names it by its alias.
        let member = assigned_from("role-api-project-member", &["group_ops"]);
        assert_eq!(
            inventory.inherited_from(Some("proj_web"), "user_ann", &member),
            Some(vec!["group_ops".to_string()])
        );
    }
}
