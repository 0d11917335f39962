//! Creating an object whose name need not be unique (a group, a project)
//! without ever making a second one.
//!
//! A create answered with a 5xx or a timeout may have happened. Retrying
//! blindly could make a duplicate; giving up could leave an object nobody
//! manages. So before the first attempt the IDs of the objects already
//! named as planned are noted, and after an unclear answer the object that
//! is named as planned, was not there before, and no other create of this
//! process has claimed, is taken as ours. The API is eventually consistent
//! right after a write, so that look is repeated after the usual
//! [`confirm_gone`] pauses before the create is attempted again.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Mutex;

use super::cache::ListCache;
use super::confirm_gone;
use super::errors::api_error;
use crate::api::ApiError;
use crate::diagnostics::Diagnostics;

/// How many times a create is attempted when the API's answer leaves it
/// unclear whether the object was created (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

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

/// The create recovery of one resource type, shared by its creates in one
/// operation.
pub(super) struct UnclearCreate<T> {
    wording: Wording,
    /// The list taken before a first attempt; concurrent creates share one
    /// request, later ones fetch afresh.
    before: ListCache<(), T>,
    /// Objects this process created or recognised as its own, so that two
    /// creates of the same name never claim the same object.
    claimed: Mutex<HashSet<String>>,
}

impl<T: Created> UnclearCreate<T> {
    pub fn new(wording: Wording) -> Self {
        UnclearCreate {
            wording,
            before: ListCache::in_flight_only(),
            claimed: Mutex::new(HashSet::new()),
        }
    }

    /// Creates the object named `name` with `create`, looking with `list`
    /// (a fresh list of every object of the type) after an unclear answer.
    /// `action` completes "Failed to ...".
    pub async fn create<C, CF, L, LF>(
        &self,
        name: &str,
        action: &str,
        create: C,
        list: L,
    ) -> Result<T, Diagnostics>
    where
        C: Fn() -> CF,
        CF: Future<Output = Result<T, ApiError>>,
        L: Fn() -> LF,
        LF: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let before = self.named_before(name, &list).await?;
        let mut unclear = None;
        for _ in 0..CREATE_ATTEMPTS {
            match create().await {
                Ok(object) => {
                    self.claim(object.id());
                    return Ok(object);
                }
                // It may have been created: look before creating again.
                Err(e) if e.may_have_been_applied() => {
                    let noun = self.wording.noun;
                    log::warn!("creating {noun} {name:?} may have failed ({e}); checking");
                    if let Some(ours) = self.find_ours(name, &before, &e, &list).await? {
                        log::info!("{noun} {} ({name:?}) was created after all", ours.id());
                        return Ok(ours);
                    }
                    unclear = Some(e);
                }
                Err(e) => return Err(api_error(action, &e)),
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(api_error(action, &e))
    }

    /// IDs of the objects named `name` before the first attempt.
    async fn named_before<L, LF>(
        &self,
        name: &str,
        list: &L,
    ) -> Result<HashSet<String>, Diagnostics>
    where
        L: Fn() -> LF,
        LF: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let listed = self
            .before
            .get(&(), list)
            .await
            .map_err(|e| api_error(self.wording.list_action, &e))?;
        Ok(listed
            .iter()
            .filter(|o| o.name() == name)
            .map(|o| o.id().to_owned())
            .collect())
    }

    /// After an unclear answer: our object, looked for now and again after
    /// the consistency pauses.
    async fn find_ours<L, LF>(
        &self,
        name: &str,
        before: &HashSet<String>,
        unclear: &ApiError,
        list: &L,
    ) -> Result<Option<T>, Diagnostics>
    where
        L: Fn() -> LF,
        LF: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let look = || async {
            let listed = list()
                .await
                .map_err(|e| api_error(self.wording.list_action, &e))?;
            self.claim_new(listed, name, before, unclear)
        };
        match look().await? {
            Some(ours) => Ok(Some(ours)),
            None => confirm_gone(look).await,
        }
    }

    /// Claims the one object of `listed` named `name` that is live, new
    /// and unclaimed; an error when several are, since none can be told
    /// apart.
    fn claim_new(
        &self,
        listed: Vec<T>,
        name: &str,
        before: &HashSet<String>,
        unclear: &ApiError,
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
            several => Err(self.ambiguous(name, several, unclear)),
        }
    }

    fn ambiguous(&self, name: &str, several: &[T], unclear: &ApiError) -> Diagnostics {
        let Wording {
            noun,
            discard_others,
            ..
        } = self.wording;
        let ids: Vec<&str> = several.iter().map(Created::id).collect();
        Diagnostics::from_error(
            format!("Cannot tell which {noun} was created"),
            format!(
                "{unclear}\n\nThe answer to creating {noun} {name:?} was unclear, and since \
                 then {} new {noun}s with that name appeared ({}). Terraform cannot tell which \
                 one it created: import the one to keep (terraform import <resource address> \
                 <{noun}_id>), {discard_others}, and apply again.",
                several.len(),
                ids.join(", ")
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

    fn recovery() -> UnclearCreate<Thing> {
        UnclearCreate::new(Wording {
            noun: "thing",
            list_action: "list things",
            discard_others: "delete the others",
        })
    }

    fn bad_gateway() -> ApiError {
        ApiError::new(ErrorKind::Server, "POST", "/things", "bad gateway")
    }

    /// A store of things whose list shows a new thing only after
    /// `hidden_lists` lists: a lagging read.
    struct Lagging {
        things: Mutex<Vec<Thing>>,
        hidden: Mutex<Option<(Thing, usize)>>,
        creates: AtomicUsize,
        lists: AtomicUsize,
    }

    impl Lagging {
        fn new(existing: Vec<Thing>) -> Self {
            Lagging {
                things: Mutex::new(existing),
                hidden: Mutex::new(None),
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
            *self.hidden.lock().unwrap() = Some((made.clone(), lists));
            answer.map_or(Ok(made), Err)
        }

        async fn list(&self) -> Result<Vec<Thing>, ApiError> {
            self.lists.fetch_add(1, Ordering::SeqCst);
            let mut hidden = self.hidden.lock().unwrap();
            if let Some((made, lists)) = hidden.as_mut() {
                if *lists == 0 {
                    self.things.lock().unwrap().push(made.clone());
                    *hidden = None;
                } else {
                    *lists -= 1;
                }
            }
            Ok(self.things.lock().unwrap().clone())
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
        assert_eq!(
            recovery
                .claim_new(listed, "Team", &none, &bad_gateway())
                .unwrap(),
            None
        );
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
        let found = recovery.claim_new(listed(), "Team", &before, &bad_gateway());
        assert_eq!(found.unwrap().map(|t| t.id).as_deref(), Some("new"));
        // Claimed now: a second recovery does not get it too.
        let again = recovery.claim_new(listed(), "Team", &before, &bad_gateway());
        assert_eq!(again.unwrap(), None);

        let recovery = self::recovery();
        let mut twins = listed();
        twins.push(thing("twin", "Team"));
        let diags = recovery
            .claim_new(twins, "Team", &before, &bad_gateway())
            .unwrap_err();
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
}
