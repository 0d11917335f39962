//! The lists of one provider run, one cache per API route.
//!
//! Terraform starts the provider once per command, and every resource of
//! that run talks through clones of one [`super::AdminClient`]. So the
//! client's shared state holds one cached copy of each list (e.g. a
//! project's group role assignments), whichever resource type reads it,
//! and every write the client sends forgets the lists it may change: a
//! write of one resource type is seen by another type's next read.
//!
//! Concurrent readers of one list share one request ([`Flights`]), its
//! failure included: ten resources waiting on a list during a 5xx spell
//! get the one error of the one flight, not ten retry budgets in series.
//! A later reader tries again.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::error::ApiError;

/// One flight: the answer, once the request ends.
type Slot<V> = Arc<OnceCell<Result<V, ApiError>>>;

/// Single-flight requests by key: concurrent readers of one key share one
/// fetch and its answer, success or failure. A failure is never kept: once
/// its flight has ended, the next reader fetches again. A success is kept
/// when the reader asks for it (`keep`), until [`Flights::forget`].
pub(crate) struct Flights<K, V> {
    slots: Mutex<HashMap<K, Slot<V>>>,
}

impl<K, V> Default for Flights<K, V> {
    fn default() -> Self {
        Flights {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Flights<K, V> {
    /// The value for `key`: kept, being fetched (then this reader waits for
    /// that flight's answer), or fetched now with `fetch`.
    pub async fn get<F, Fut>(&self, key: &K, keep: bool, fetch: F) -> Result<V, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, ApiError>>,
    {
        let slot = self.lock().entry(key.clone()).or_default().clone();
        let flight = slot.clone();
        slot.get_or_init(|| async move {
            let answer = fetch().await;
            // Leave the map before the answer is published: readers that
            // come later start a flight of their own.
            if answer.is_err() || !keep {
                self.remove_slot(key, &flight);
            }
            answer
        })
        .await
        .clone()
    }

    /// Forgets every key `stale` selects: their next reader fetches them
    /// again. A flight under way still answers the readers waiting for it.
    pub fn forget_where(&self, stale: impl Fn(&K) -> bool) {
        self.lock().retain(|key, _| !stale(key));
    }

    fn remove_slot(&self, key: &K, slot: &Slot<V>) {
        let mut slots = self.lock();
        if slots.get(key).is_some_and(|s| Arc::ptr_eq(s, slot)) {
            slots.remove(key);
        }
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Slot<V>>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Which list: its API path (ids as given, not encoded) and its scope (the
/// query parameters that change what it holds, e.g. `include_archived`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Route {
    segments: Vec<String>,
    scope: &'static str,
}

impl Route {
    /// The list at `/<segments joined by />`, e.g.
    /// `Route::new(["projects", project_id, "roles"])`.
    pub fn new<'a>(segments: impl IntoIterator<Item = &'a str>) -> Route {
        Route {
            segments: segments.into_iter().map(str::to_owned).collect(),
            scope: "",
        }
    }

    /// The same path listed with other query parameters.
    pub fn scoped(mut self, scope: &'static str) -> Route {
        self.scope = scope;
        self
    }

    /// Whether a write to `path` (as sent: ids percent-encoded) may change
    /// this list:
    /// - the list holds the written object, or an object above it (a
    ///   rename, an archive, a new member of a group): the list's path
    ///   starts the written path;
    /// - the list is below the written object (a group leaving a project
    ///   takes its roles there along): the written path starts the list's;
    /// - the API serves a project's access under two roots
    ///   (`/organization/projects/{id}/groups` and
    ///   `/projects/{id}/groups/{id}/roles`), so both spellings are tried;
    /// - a delete takes its object out of every list that names it (a
    ///   deleted group's roles in any project).
    ///
    /// Forgetting a list too many costs one request; one too few, a stale
    /// read, so the rules err on the broad side.
    fn touched_by(&self, method: &str, path: &[String]) -> bool {
        let mine = &self.segments[..];
        let related = |written: &[String]| written.starts_with(mine) || mine.starts_with(written);
        if related(path) || other_root(path).is_some_and(|alias| related(&alias)) {
            return true;
        }
        method == "DELETE" && path.last().is_some_and(|id| mine.contains(id))
    }
}

/// A project path under the other root: `/organization/projects/{id}/x...`
/// as `/projects/{id}/x...` and back. `None` for other paths, and for the
/// project itself (only `/organization/projects/{id}` names it).
fn other_root(path: &[String]) -> Option<Vec<String>> {
    let (root, rest): (&[&str], &[String]) = match path {
        [org, projects, rest @ ..] if org == "organization" && projects == "projects" => {
            (&["projects"], rest)
        }
        [projects, rest @ ..] if projects == "projects" => (&["organization", "projects"], rest),
        _ => return None,
    };
    if rest.len() < 2 {
        return None;
    }
    Some(
        root.iter()
            .map(|s| (*s).to_owned())
            .chain(rest.iter().cloned())
            .collect(),
    )
}

/// The segments of a request path, percent-decoded.
fn decoded_segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/')
        .split('/')
        .map(super::percent_decode)
        .collect()
}

type Erased = Arc<dyn Any + Send + Sync>;

/// The cached lists of one provider run (see the module docs). Kept lists
/// live until a write touches their route ([`Route::touched_by`]) or a
/// reader asks for a fresh copy ([`RunLists::forget`]).
#[derive(Default)]
pub struct RunLists {
    /// By route and element type: one route is always read as one type,
    /// and the type makes a mismatch a cache miss rather than a panic.
    lists: Flights<(Route, TypeId), Erased>,
}

impl RunLists {
    /// The list at `route`, fetched with `fetch` unless this run has it
    /// (or is fetching it right now).
    pub async fn get<T, F, Fut>(&self, route: &Route, fetch: F) -> Result<Arc<Vec<T>>, ApiError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let key = (route.clone(), TypeId::of::<T>());
        let erased = self
            .lists
            .get(&key, true, || async {
                fetch().await.map(|list| Arc::new(list) as Erased)
            })
            .await?;
        Ok(erased
            .downcast::<Vec<T>>()
            .expect("the key's TypeId is the stored list's"))
    }

    /// Forgets the list at `route`: its next reader fetches it afresh.
    pub fn forget(&self, route: &Route) {
        self.lists.forget_where(|(r, _)| r == route);
    }

    /// Called by the client after every write (sent or not, answered or
    /// not: it may have been applied): forgets the lists it may change.
    pub(crate) fn written(&self, method: &str, path: &str) {
        let path = decoded_segments(path);
        self.lists
            .forget_where(|(route, _)| route.touched_by(method, &path));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::api::ErrorKind;

    fn server_error() -> ApiError {
        ApiError::new(ErrorKind::Server, "GET", "/x", "503 Service Unavailable")
    }

    #[tokio::test]
    async fn waiters_of_a_failed_flight_share_its_error_and_a_later_reader_tries_again() {
        let flights: Flights<&str, u32> = Flights::default();
        let fetches = AtomicUsize::new(0);
        let failing = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(server_error())
        };
        let answers =
            futures::future::join_all((0..10).map(|_| flights.get(&"list", true, failing))).await;
        assert!(answers.iter().all(|a| a.as_ref() == Err(&server_error())));
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "one flight, one error");
        assert!(flights.is_empty(), "the failure is not kept");

        let later = flights.get(&"list", true, || async { Ok(7) }).await;
        assert_eq!(later, Ok(7), "a later reader fetches again");
    }

    #[tokio::test]
    async fn in_flight_only_readers_share_a_flight_and_keep_nothing() {
        let flights: Flights<&str, u32> = Flights::default();
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(1)
        };
        futures::future::join_all((0..5).map(|_| flights.get(&"p", false, fetch))).await;
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(flights.is_empty());
        flights.get(&"p", false, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    fn touched(route: &Route, method: &str, path: &str) -> bool {
        route.touched_by(method, &decoded_segments(path))
    }

    #[test]
    fn writes_touch_the_lists_of_their_objects_above_and_below() {
        let roles = Route::new(["projects", "proj_a", "groups", "group_b", "roles"]);
        // The list's own writes.
        assert!(touched(
            &roles,
            "POST",
            "/projects/proj_a/groups/group_b/roles"
        ));
        assert!(touched(
            &roles,
            "DELETE",
            "/projects/proj_a/groups/group_b/roles/role_x"
        ));
        // The group joining or leaving the project, under the other root.
        assert!(touched(
            &roles,
            "POST",
            "/organization/projects/proj_a/groups"
        ));
        assert!(touched(
            &roles,
            "DELETE",
            "/organization/projects/proj_a/groups/group_b"
        ));
        // The group deleted from the organization.
        assert!(touched(&roles, "DELETE", "/organization/groups/group_b"));
        // Other groups, projects and lists are left alone.
        assert!(!touched(
            &roles,
            "POST",
            "/projects/proj_a/groups/group_c/roles"
        ));
        assert!(!touched(
            &roles,
            "POST",
            "/organization/projects/proj_z/groups"
        ));
        assert!(!touched(&roles, "POST", "/organization/groups/group_b"));
        assert!(!touched(
            &roles,
            "POST",
            "/organization/groups/group_b/users"
        ));

        let projects = Route::new(["organization", "projects"]).scoped("include_archived");
        assert!(touched(&projects, "POST", "/organization/projects"));
        assert!(touched(&projects, "POST", "/organization/projects/proj_a"));
        assert!(touched(
            &projects,
            "POST",
            "/organization/projects/proj_a/archive"
        ));
        assert!(!touched(&projects, "POST", "/organization/groups"));

        let members = Route::new(["organization", "groups", "a b", "users"]);
        assert!(touched(
            &members,
            "POST",
            "/organization/groups/a%20b/users"
        ));
        assert!(!touched(
            &members,
            "POST",
            "/organization/groups/a%20c/users"
        ));
    }

    #[tokio::test]
    async fn a_write_forgets_the_lists_it_touches_only() {
        let lists = RunLists::default();
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok(vec![1u8])
        };
        let groups = Route::new(["organization", "groups"]);
        let roles = Route::new(["organization", "roles"]);
        lists.get(&groups, fetch).await.unwrap();
        lists.get(&roles, fetch).await.unwrap();
        lists.get(&groups, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2, "kept");
        lists.written("POST", "/organization/groups/group_a");
        lists.get(&groups, fetch).await.unwrap();
        lists.get(&roles, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 3, "only the groups again");
        lists.forget(&roles);
        lists.get(&roles, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 4);
    }
}
