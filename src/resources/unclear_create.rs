//! Creating an object when the API's answer may leave it unclear whether
//! it was made: one set of rules for every resource.
//!
//! A create answered with a 5xx or a timeout may have happened. Retrying
//! blindly could make a duplicate or fail on our own object; giving up
//! could leave an object nobody manages. So after an unclear answer the
//! resource's `look` runs before anything is posted again, and:
//! - an object known by what the create names ([`Identity::Keyed`]: a
//!   membership, an assignment, a role by its unique name) is looked for
//!   once, then posted again: a second post cannot duplicate it, the API
//!   refuses it as "already exists", which after an unclear attempt means
//!   that attempt's object, looked for until reads list it;
//! - an object whose name need not be unique ([`Identity::Named`]: a group,
//!   a project) is looked for through the whole [`CREATE_CONFIRM_WINDOW`]
//!   and never posted again: a second post could not be told apart from a
//!   first one that lags behind.
//!
//! [`UnclearCreate`] adds what named objects need to be looked for: the
//! objects of that name before the first attempt, and claims, so that two
//! creates of one name in a provider run never take the same object.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::cache::ListCache;
use super::confirm::{CREATE_CONFIRM_WINDOW, look_within};
use super::errors::{api_error, is_already_exists};
use crate::api::ApiError;
use crate::diagnostics::Diagnostics;

/// How many times a create is attempted when the API's answer leaves it
/// unclear whether the object was created (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

/// Whether another post of the same create could make a second object.
pub(super) enum Identity {
    /// No: the API refuses a second one ("already exists").
    Keyed,
    /// Yes: names need not be unique. The diagnostic for an object not seen
    /// within the window (it may still appear) completes "{answer}\n\n".
    Named { unseen: (String, String) },
}

/// A call made again for each attempt or look, answering `R` when
/// awaited: the bounds every create and look closure here has, said once.
pub(super) trait Call<R> {
    type Answer: Future<Output = R>;
    fn call(&self) -> Self::Answer;
}

impl<R, F, A> Call<R> for F
where
    F: Fn() -> A,
    A: Future<Output = R>,
{
    type Answer = A;
    fn call(&self) -> A {
        self()
    }
}

/// What a create made.
pub(super) enum Made<T> {
    /// The create's own answer.
    Created(T),
    /// Found by a look after an unclear answer.
    Recovered(T),
}

impl<T> Made<T> {
    pub fn into_inner(self) -> T {
        match self {
            Made::Created(object) | Made::Recovered(object) => object,
        }
    }
}

/// Runs `create` with the recovery rules above. `what` names the object in
/// logs (e.g. `user u in group g`); `look` finds the object the create may
/// have made (`None`: not there, or not listed yet); `refused` words the
/// API's final answer, "already exists" included.
pub(super) async fn create_or_recover<T>(
    what: &str,
    identity: &Identity,
    create: impl Call<Result<T, ApiError>>,
    look: impl Call<Result<Option<T>, Diagnostics>>,
    refused: impl Fn(&ApiError) -> Diagnostics,
) -> Result<Made<T>, Diagnostics> {
    create_within(
        &CREATE_CONFIRM_WINDOW,
        what,
        identity,
        create,
        look,
        refused,
    )
    .await
}

/// [`create_or_recover`] with the confirmation window given (tests use a
/// short one).
async fn create_within<T>(
    window: &[Duration],
    what: &str,
    identity: &Identity,
    create: impl Call<Result<T, ApiError>>,
    look: impl Call<Result<Option<T>, Diagnostics>>,
    refused: impl Fn(&ApiError) -> Diagnostics,
) -> Result<Made<T>, Diagnostics> {
    let look = || look.call();
    let mut unclear = None;
    for _ in 0..CREATE_ATTEMPTS {
        let e = match create.call().await {
            Ok(object) => return Ok(Made::Created(object)),
            Err(e) => e,
        };
        if e.may_have_been_applied() {
            log::warn!("creating {what} may have failed ({e}); checking");
            let found = match identity {
                Identity::Keyed => look().await?,
                Identity::Named { .. } => look_within(window, &look).await?,
            };
            if let Some(object) = found {
                log::info!("{what} was created after all");
                return Ok(Made::Recovered(object));
            }
            if let Identity::Named {
                unseen: (summary, detail),
            } = identity
            {
                return Err(Diagnostics::from_error(
                    summary.clone(),
                    format!("{e}\n\n{detail}"),
                ));
            }
            unclear = Some(e);
        } else if is_already_exists(&e) && unclear.is_some() {
            // Writes see at once what reads may list only later: this is
            // the unclear attempt's object.
            return match look_within(window, &look).await? {
                Some(object) => {
                    log::info!("{what} was created after all");
                    Ok(Made::Recovered(object))
                }
                None => Err(refused(&e)),
            };
        } else {
            return Err(refused(&e));
        }
    }
    let e = unclear.expect("the loop ran at least once");
    Err(refused(&e))
}

/// An object an unclear create may have made.
pub(super) trait Created: Clone {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    /// False for objects a create cannot have just made (an archived
    /// project).
    fn is_live(&self) -> bool {
        true
    }
}

/// How the diagnostics name the objects.
pub(super) struct Wording {
    /// e.g. "group".
    pub noun: &'static str,
    /// Completes "Failed to ...", e.g. "list the organization's groups".
    pub list_action: &'static str,
    /// What to do with the objects not kept, e.g. "delete the others".
    pub discard_others: &'static str,
}

/// The create recovery of one resource type whose names need not be
/// unique, shared by its creates in one provider run.
pub(super) struct UnclearCreate<T> {
    wording: Wording,
    /// The list taken before a first attempt; concurrent creates share one
    /// request, later ones fetch afresh.
    before: ListCache<(), T>,
    /// Objects this process created or recognised as its own, so that two
    /// creates of the same name never claim the same object.
    claimed: Mutex<HashSet<String>>,
    /// One create per name at a time: while one create of a name waits for
    /// its answer, its object could be taken for another's.
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    window: &'static [Duration],
}

impl<T: Created> UnclearCreate<T> {
    pub fn new(wording: Wording) -> Self {
        Self::with_window(wording, &CREATE_CONFIRM_WINDOW)
    }

    fn with_window(wording: Wording, window: &'static [Duration]) -> Self {
        UnclearCreate {
            wording,
            before: ListCache::in_flight_only(),
            claimed: Mutex::new(HashSet::new()),
            turns: Mutex::new(HashMap::new()),
            window,
        }
    }

    /// Creates the object named `name` with `create`, looking with `list`
    /// (a fresh list of every object of the type) after an unclear answer.
    /// `action` completes "Failed to ...".
    pub async fn create(
        &self,
        name: &str,
        action: &str,
        create: impl Call<Result<T, ApiError>>,
        list: impl Call<Result<Vec<T>, ApiError>>,
    ) -> Result<T, Diagnostics> {
        let turn = {
            let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
            turns.entry(name.to_owned()).or_default().clone()
        };
        let _turn = turn.lock().await;
        let before = self.named_before(name, &list).await?;
        let look = || async {
            let listed = list
                .call()
                .await
                .map_err(|e| api_error(self.wording.list_action, &e))?;
            self.claim_new(listed, name, &before)
        };
        let identity = Identity::Named {
            unseen: self.unseen(name, &before),
        };
        let what = format!("{} {name:?}", self.wording.noun);
        let refused = |e: &ApiError| api_error(action, e);
        let made = create_within(self.window, &what, &identity, create, look, refused).await?;
        if let Made::Created(object) = &made {
            self.claim(object.id());
        }
        Ok(made.into_inner())
    }

    /// IDs of the objects named `name` before the first attempt.
    async fn named_before(
        &self,
        name: &str,
        list: &impl Call<Result<Vec<T>, ApiError>>,
    ) -> Result<HashSet<String>, Diagnostics> {
        let listed = self
            .before
            .get(&(), || list.call())
            .await
            .map_err(|e| api_error(self.wording.list_action, &e))?;
        Ok(listed
            .iter()
            .filter(|o| o.name() == name)
            .map(|o| o.id().to_owned())
            .collect())
    }

    /// Claims the one object of `listed` named `name` that is live, new
    /// and unclaimed; an error when several are, since none can be told
    /// apart.
    fn claim_new(
        &self,
        listed: Vec<T>,
        name: &str,
        before: &HashSet<String>,
    ) -> Result<Option<T>, Diagnostics> {
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        let candidates: Vec<T> = listed
            .into_iter()
            .filter(|o| o.name() == name && o.is_live())
            .filter(|o| !before.contains(o.id()) && !claimed.contains(o.id()))
            .collect();
        match candidates.as_slice() {
            [] => Ok(None),
            [ours] => {
                claimed.insert(ours.id().to_owned());
                Ok(Some(ours.clone()))
            }
            several => Err(self.ambiguous(name, several)),
        }
    }

    fn ambiguous(&self, name: &str, several: &[T]) -> Diagnostics {
        let Wording {
            noun,
            discard_others,
            ..
        } = self.wording;
        let ids: Vec<&str> = several.iter().map(Created::id).collect();
        Diagnostics::from_error(
            format!("Cannot tell which {noun} was created"),
            format!(
                "The answer to creating {noun} {name:?} was unclear, and since then {} new \
                 {noun}s with that name appeared ({}). Terraform cannot tell which one it \
                 created: import the one to keep (terraform import <resource address> \
                 <{noun}_id>), {discard_others}, and apply again.",
                several.len(),
                ids.join(", ")
            ),
        )
    }

    /// The error for an object not seen within the window: Terraform does
    /// not post again, since a second object could not be told apart from
    /// a first one listed late.
    fn unseen(&self, name: &str, before: &HashSet<String>) -> (String, String) {
        let noun = self.wording.noun;
        let waited: Duration = self.window.iter().sum();
        let older = if before.is_empty() {
            String::new()
        } else {
            let mut ids: Vec<&str> = before.iter().map(String::as_str).collect();
            ids.sort_unstable();
            format!(
                " other than the {noun}(s) of that name that existed before ({})",
                ids.join(", ")
            )
        };
        (
            format!("The {noun} may have been created"),
            format!(
                "The answer to creating {noun} {name:?} was unclear, and no new {noun} of that \
                 name was listed within {waited:?}. It may still have been created (the API \
                 lists new objects with a delay), so Terraform did not create it again: a \
                 second {noun} could not be told apart from it. Look for a {noun} named \
                 {name:?}{older}: if there is one, import it (terraform import <resource \
                 address> <{noun}_id>); otherwise apply again."
            ),
        )
    }

    fn claim(&self, id: &str) {
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        claimed.insert(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::api::ErrorKind;

    #[derive(Clone, Debug, PartialEq)]
    struct Thing {
        id: String,
        name: String,
        live: bool,
    }

    impl Created for Thing {
        fn id(&self) -> &str {
            &self.id
        }
        fn name(&self) -> &str {
            &self.name
        }
        fn is_live(&self) -> bool {
            self.live
        }
    }

    fn thing(id: &str, name: &str) -> Thing {
        Thing {
            id: id.into(),
            name: name.into(),
            live: true,
        }
    }

    /// The production rules with a window of short pauses.
    const WINDOW: [Duration; 4] = [Duration::from_millis(1); 4];

    fn recovery() -> UnclearCreate<Thing> {
        UnclearCreate::with_window(
            Wording {
                noun: "thing",
                list_action: "list things",
                discard_others: "delete the others",
            },
            &WINDOW,
        )
    }

    fn bad_gateway() -> ApiError {
        ApiError::new(ErrorKind::Server, "POST", "/things", "bad gateway")
    }

    /// A store of things whose list shows a new thing only after some
    /// lists: a lagging read.
    struct Lagging {
        things: Mutex<Vec<Thing>>,
        /// New things and how many more lists they are hidden from.
        hidden: Mutex<Vec<(Thing, usize)>>,
        creates: AtomicUsize,
        lists: AtomicUsize,
    }

    impl Lagging {
        fn new(existing: Vec<Thing>) -> Self {
            Lagging {
                things: Mutex::new(existing),
                hidden: Mutex::new(Vec::new()),
                creates: AtomicUsize::new(0),
                lists: AtomicUsize::new(0),
            }
        }

        /// Creates `id`, hidden from the next `lists` lists, and answers
        /// with `answer` (an error: the create happened anyway).
        async fn create(
            &self,
            id: &str,
            lists: usize,
            answer: Option<ApiError>,
        ) -> Result<Thing, ApiError> {
            self.creates.fetch_add(1, Ordering::SeqCst);
            let made = thing(id, "Team");
            self.hidden.lock().unwrap().push((made.clone(), lists));
            answer.map_or(Ok(made), Err)
        }

        async fn list(&self) -> Result<Vec<Thing>, ApiError> {
            self.lists.fetch_add(1, Ordering::SeqCst);
            let mut hidden = self.hidden.lock().unwrap();
            let mut things = self.things.lock().unwrap();
            hidden.retain_mut(|(made, lists)| {
                if *lists == 0 {
                    things.push(made.clone());
                    false
                } else {
                    *lists -= 1;
                    true
                }
            });
            Ok(things.clone())
        }
    }

    #[tokio::test]
    async fn an_unclear_create_that_lags_is_found_not_repeated() {
        let store = Lagging::new(vec![thing("old", "Team"), thing("other", "Other")]);
        let recovery = recovery();
        // Not listed by the look right after the answer, nor the next one.
        let ours = recovery
            .create(
                "Team",
                "create thing",
                || store.create("new", 2, Some(bad_gateway())),
                || store.list(),
            )
            .await
            .unwrap();
        assert_eq!(ours.id, "new", "the older thing of that name is not ours");
        assert_eq!(store.creates.load(Ordering::SeqCst), 1, "no second create");
        // The snapshot, then three looks: now and after each pause.
        assert_eq!(store.lists.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn an_unclear_create_not_seen_in_the_window_is_not_posted_again() {
        let store = Lagging::new(vec![thing("old", "Team")]);
        // Listed only after the whole window: a second post would have
        // made a duplicate.
        let diags = recovery()
            .create(
                "Team",
                "create thing",
                || store.create("new", usize::MAX, Some(bad_gateway())),
                || store.list(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            store.creates.load(Ordering::SeqCst),
            1,
            "never posted again"
        );
        // The snapshot, a look now, and one after each pause.
        assert_eq!(store.lists.load(Ordering::SeqCst), 2 + WINDOW.len());
        assert_eq!(diags.0[0].summary, "The thing may have been created");
        let detail = &diags.0[0].detail;
        assert!(detail.contains("bad gateway"), "{detail}");
        assert!(detail.contains("existed before (old)"), "{detail}");
        assert!(detail.contains("terraform import"), "{detail}");
    }

    #[tokio::test]
    async fn two_creates_of_one_name_never_claim_the_same_object() {
        let store = Lagging::new(vec![]);
        let recovery = recovery();
        // Both start together. The first is listed at once but answered
        // late; the second, made while the first waits for its answer, is
        // answered 502 and listed only after three lists.
        let slow_clear = || async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            let made = store.create("first", 0, None).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            made
        };
        let unclear = || async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            store.create("second", 3, Some(bad_gateway())).await
        };
        let (first, second) = tokio::join!(
            recovery.create("Team", "create thing", slow_clear, || store.list()),
            recovery.create("Team", "create thing", unclear, || store.list()),
        );
        let (first, second) = (first.unwrap(), second.unwrap());
        assert_eq!(first.id, "first");
        assert_eq!(second.id, "second", "not the other create's object");
        assert_eq!(store.creates.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_clear_create_lists_once_and_claims_its_object() {
        let store = Lagging::new(vec![]);
        let recovery = recovery();
        let made = recovery
            .create(
                "Team",
                "create thing",
                || store.create("a", 0, None),
                || store.list(),
            )
            .await
            .unwrap();
        assert_eq!(made.id, "a");
        assert_eq!(store.lists.load(Ordering::SeqCst), 1, "only the snapshot");
        // Another unclear create of the same name never takes it.
        let listed = vec![thing("a", "Team")];
        let none = HashSet::new();
        assert_eq!(recovery.claim_new(listed, "Team", &none).unwrap(), None);
    }

    #[test]
    fn only_a_new_live_unclaimed_object_of_that_name_is_ours() {
        let before = HashSet::from(["old".to_owned()]);
        let listed = || {
            vec![
                thing("old", "Team"),
                thing("other", "Other"),
                Thing {
                    live: false,
                    ..thing("archived", "Team")
                },
                thing("new", "Team"),
            ]
        };
        let recovery = recovery();
        let found = recovery.claim_new(listed(), "Team", &before);
        assert_eq!(found.unwrap().map(|t| t.id).as_deref(), Some("new"));
        // Claimed now: a second recovery does not get it too.
        let again = recovery.claim_new(listed(), "Team", &before);
        assert_eq!(again.unwrap(), None);

        let recovery = self::recovery();
        let mut twins = listed();
        twins.push(thing("twin", "Team"));
        let diags = recovery.claim_new(twins, "Team", &before).unwrap_err();
        assert_eq!(diags.0[0].summary, "Cannot tell which thing was created");
        let detail = &diags.0[0].detail;
        assert!(detail.contains("(new, twin)"), "{detail}");
        assert!(detail.contains("delete the others"), "{detail}");
    }

    #[tokio::test]
    async fn a_refused_create_is_not_retried() {
        let store = Lagging::new(vec![]);
        let refused = ApiError::new(ErrorKind::InvalidRequest, "POST", "/things", "bad name");
        let diags = recovery()
            .create(
                "Team",
                "create thing",
                || async {
                    store.creates.fetch_add(1, Ordering::SeqCst);
                    Err::<Thing, _>(refused.clone())
                },
                || store.list(),
            )
            .await
            .unwrap_err();
        assert_eq!(diags.0[0].summary, "Failed to create thing");
        assert_eq!(store.creates.load(Ordering::SeqCst), 1);
    }

    /// A keyed create: posted again after one look; "already exists" after
    /// an unclear attempt is that attempt's object, looked for until listed.
    #[tokio::test]
    async fn a_keyed_create_is_posted_again_and_its_clash_confirmed() {
        let posts = AtomicUsize::new(0);
        let looks = AtomicUsize::new(0);
        let create = || async {
            // "Already exists" only by a known code (see errors.rs).
            let mut clash = ApiError::new(ErrorKind::InvalidRequest, "POST", "/x", "exists");
            clash.status = Some(400);
            clash.code = Some("role_already_assigned".into());
            match posts.fetch_add(1, Ordering::SeqCst) {
                0 => Err(bad_gateway()),
                _ => Err::<&str, _>(clash),
            }
        };
        // Listed from the third look on.
        let look = || async { Ok((looks.fetch_add(1, Ordering::SeqCst) >= 2).then_some("ours")) };
        let made = create_within(&WINDOW, "x", &Identity::Keyed, create, look, |e| {
            panic!("refused: {e}")
        })
        .await
        .unwrap();
        assert!(matches!(made, Made::Recovered("ours")));
        assert_eq!(posts.load(Ordering::SeqCst), 2);
        assert_eq!(looks.load(Ordering::SeqCst), 3);
    }
}
