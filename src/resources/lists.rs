//! The lists resources read, from the run's cache ([`crate::api::RunLists`]):
//! the one place that names each list's route, so that every resource type
//! reading a list shares one copy of it, and every write through the client
//! forgets it (whichever resource made the write).
//!
//! A read that must see its own writes asks for a fresh copy (`fresh`).

use std::sync::Arc;

use crate::api::{
    AdminClient, ApiError, ApiObject, AssignedRole, Group, GroupUser, ListSpec, Principal, Project,
    ProjectGroup, ProjectUser, Role, Route,
};

/// `fresh`: forget the cached copy first.
async fn read<T: Send + Sync + 'static, Fut>(
    client: &AdminClient,
    route: Route,
    fresh: bool,
    fetch: impl FnOnce() -> Fut,
) -> Result<Arc<Vec<T>>, ApiError>
where
    Fut: std::future::Future<Output = Result<Vec<T>, ApiError>>,
{
    if fresh {
        client.lists().forget(&route);
    }
    client.lists().get(&route, fetch).await
}

/// `GET /organization/groups`.
pub(super) async fn groups(client: &AdminClient, fresh: bool) -> Result<Arc<Vec<Group>>, ApiError> {
    principals::<Group>(client, fresh).await
}

/// `GET /organization/groups` or `/organization/users`.
pub(super) async fn principals<P: Principal>(
    client: &AdminClient,
    fresh: bool,
) -> Result<Arc<Vec<P>>, ApiError> {
    let route = Route::new(["organization", P::COLLECTION]);
    read(client, route, fresh, || client.list_principals::<P>()).await
}

/// `GET /organization/groups/{group_id}/users`.
pub(super) async fn group_users(
    client: &AdminClient,
    group_id: &str,
    fresh: bool,
) -> Result<Arc<Vec<GroupUser>>, ApiError> {
    let route = Route::new(["organization", "groups", group_id, "users"]);
    read(client, route, fresh, || client.list_group_users(group_id)).await
}

/// `GET /organization/projects`, archived ones included when asked for.
pub(super) async fn projects(
    client: &AdminClient,
    include_archived: bool,
    fresh: bool,
) -> Result<Arc<Vec<Project>>, ApiError> {
    let route = Route::new(["organization", "projects"]);
    let route = if include_archived {
        route.scoped("include_archived=true")
    } else {
        route
    };
    read(client, route, fresh, || {
        client.list_projects(include_archived)
    })
    .await
}

/// `GET /organization/projects/{project_id}/groups`.
pub(super) async fn project_groups(
    client: &AdminClient,
    project_id: &str,
    fresh: bool,
) -> Result<Arc<Vec<ProjectGroup>>, ApiError> {
    let route = Route::new(["organization", "projects", project_id, "groups"]);
    read(client, route, fresh, || {
        client.list_project_groups(project_id)
    })
    .await
}

/// `GET /organization/projects/{project_id}/users`.
pub(super) async fn project_users(
    client: &AdminClient,
    project_id: &str,
    fresh: bool,
) -> Result<Arc<Vec<ProjectUser>>, ApiError> {
    let route = Route::new(["organization", "projects", project_id, "users"]);
    read(client, route, fresh, || {
        client.list_project_users(project_id)
    })
    .await
}

/// `GET /projects/{project_id}/roles`, or `/organization/roles` without a
/// project.
pub(super) async fn roles(
    client: &AdminClient,
    project_id: Option<&str>,
    fresh: bool,
) -> Result<Arc<Vec<Role>>, ApiError> {
    match project_id {
        Some(project_id) => {
            let route = Route::new(["projects", project_id, "roles"]);
            read(client, route, fresh, || {
                client.list_project_roles(project_id)
            })
            .await
        }
        None => {
            let route = Route::new(["organization", "roles"]);
            read(client, route, fresh, || client.list_org_roles()).await
        }
    }
}

/// The roles of a group or user: `GET /projects/{project_id}/<principals>/
/// {id}/roles`, or `/organization/<principals>/{id}/roles` without a
/// project.
pub(super) async fn assigned_roles<P: Principal>(
    client: &AdminClient,
    project_id: Option<&str>,
    principal_id: &str,
    fresh: bool,
) -> Result<Arc<Vec<AssignedRole>>, ApiError> {
    let route = match project_id {
        Some(project_id) => {
            Route::new(["projects", project_id, P::COLLECTION, principal_id, "roles"])
        }
        None => Route::new(["organization", P::COLLECTION, principal_id, "roles"]),
    };
    read(client, route, fresh, || {
        client.list_assigned_roles::<P>(project_id, principal_id)
    })
    .await
}

/// The list of a declared type at `path` (`route`: its cache key), e.g.
/// `GET /organization/invites`: the declarations name these routes.
pub(super) async fn objects(
    client: &AdminClient,
    route: Route,
    path: &str,
    spec: ListSpec,
    fresh: bool,
) -> Result<Arc<Vec<ApiObject>>, ApiError> {
    read(client, route, fresh, || {
        client.list_objects(path, spec, &[])
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::FakeConfig;
    use crate::resources::test_fake::TestFake;

    const GROUP_ROLES: &str = "/projects/{project_id}/groups/{group_id}/roles";

    /// One resource type's write is seen by another type's read of the
    /// same list in the same run: the group role assignment reads the
    /// group's roles (cached), the authoritative role set removes the role,
    /// and the next read of the assignment finds it gone.
    #[tokio::test]
    async fn a_write_by_one_type_is_seen_by_another_types_cached_read() {
        use crate::resources::{GroupRoleAssignment, ProjectGroupRoles, Resource};
        use crate::value::Value;

        let fake = TestFake::start(FakeConfig::default()).await;
        let viewer = "role-api-project-viewer";
        assert!(
            fake.handle()
                .insert_group_assignment(Some("proj_alpha"), "group_support", viewer)
        );
        let mut assignment = Value::Object(Default::default());
        assignment.set("project_id", Value::string("proj_alpha"));
        assignment.set("group_id", Value::string("group_support"));
        assignment.set("role_id", Value::string(viewer));
        assignment.set("group_name", Value::string("Support"));
        let assignments = GroupRoleAssignment::new();
        let read = assignments.read(&fake.client, &assignment).await.unwrap();
        assert!(read.is_some(), "the assignment is there");
        assert_eq!(fake.gets(GROUP_ROLES), 1);

        let roles = ProjectGroupRoles::new();
        let mut prior = Value::Object(Default::default());
        prior.set("id", Value::string("proj_alpha/group_support"));
        prior.set("project_id", Value::string("proj_alpha"));
        prior.set("group_id", Value::string("group_support"));
        prior.set("role_ids", Value::string_set([viewer]));
        prior.set("group_name", Value::string("Support"));
        let mut planned = prior.clone();
        planned.set("role_ids", Value::string_set(Vec::<String>::new()));
        roles.update(&fake.client, &prior, &planned).await.unwrap();

        let read = assignments.read(&fake.client, &assignment).await.unwrap();
        assert!(read.is_none(), "removed by the other type: {read:?}");
    }

    /// Every list named here is the one its writes touch, as the client
    /// sends them: a write through any call site forgets the cached copy.
    #[tokio::test]
    async fn each_route_is_forgotten_by_the_writes_to_its_objects() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let client = &fake.client;
        let handle = fake.handle();
        let count = |route: &str| fake.gets(route);

        // Group roles in a project: by an assignment, and by the group
        // leaving the project (another root of the API).
        let roles = || assigned_roles::<Group>(client, Some("proj_alpha"), "group_support", false);
        roles().await.unwrap();
        roles().await.unwrap();
        assert_eq!(count(GROUP_ROLES), 1, "kept for the run");
        client
            .assign_project_group_role("proj_alpha", "group_support", "role-api-project-viewer")
            .await
            .unwrap();
        assert_eq!(roles().await.unwrap().len(), 1);
        assert_eq!(count(GROUP_ROLES), 2);

        let members = || group_users(client, "group_support", false);
        let newcomer = handle.add_user("Newcomer", "newcomer@example.com");
        let before = members().await.unwrap().len();
        client
            .add_group_user("group_support", &newcomer)
            .await
            .unwrap();
        assert_eq!(members().await.unwrap().len(), before + 1);

        let groups_before = groups(client, false).await.unwrap().len();
        client.create_group("New team").await.unwrap();
        assert_eq!(
            groups(client, false).await.unwrap().len(),
            groups_before + 1
        );

        let projects_before = projects(client, true, false).await.unwrap().len();
        client.create_project("New project").await.unwrap();
        assert_eq!(
            projects(client, true, false).await.unwrap().len(),
            projects_before + 1
        );
    }
}
