//! Progress lines for long reads: lists are counted per kind (`roles of
//! users: 1200/3000 read, 4521 found`) and a kind gets a line at most every
//! [`INTERVAL`], plus one line with its final count at the end. An
//! organization of 3000 users thus gives a few dozen lines, not one per
//! request.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Progress;

/// The shortest time between two lines of one kind.
pub const INTERVAL: Duration = Duration::from_secs(1);

/// What is counted of one kind of list.
#[derive(Default)]
struct Count {
    /// Lists to read (grows while the lists that find them are read).
    total: usize,
    done: usize,
    /// Items the lists returned.
    items: usize,
    last_line: Option<Instant>,
    /// The line last printed, to print the final one only when it differs.
    printed: Option<String>,
}

impl Count {
    fn line(&self, kind: &str) -> String {
        if self.total == 1 {
            format!("{kind}: {}", self.items)
        } else {
            format!(
                "{kind}: {}/{} read, {} found",
                self.done, self.total, self.items
            )
        }
    }
}

/// Counts per kind.
#[derive(Default)]
struct Counts {
    /// Kinds in the order they were first expected: the order of the final
    /// lines.
    order: Vec<&'static str>,
    by_kind: BTreeMap<&'static str, Count>,
}

pub(super) struct Tracker<'a> {
    sink: Progress<'a>,
    counts: Mutex<Counts>,
}

impl<'a> Tracker<'a> {
    pub(super) fn new(sink: Progress<'a>) -> Tracker<'a> {
        Tracker {
            sink,
            counts: Mutex::new(Counts::default()),
        }
    }

    /// `lists` more lists of `kind` are to be read.
    pub(super) fn expect(&self, kind: &'static str, lists: usize) {
        if lists == 0 {
            return;
        }
        let mut counts = self.lock();
        if !counts.by_kind.contains_key(kind) {
            counts.order.push(kind);
        }
        let count = counts.by_kind.entry(kind).or_default();
        count.total += lists;
        // The clock starts when a kind starts: one read within a second
        // gets its final line only.
        count.last_line.get_or_insert_with(Instant::now);
    }

    /// One list of `kind` was read, with `items` items; prints a line when
    /// the kind had none for [`INTERVAL`].
    pub(super) fn read(&self, kind: &'static str, items: usize) {
        let line = {
            let mut counts = self.lock();
            let count = counts.by_kind.entry(kind).or_default();
            count.done += 1;
            count.items += items;
            let now = Instant::now();
            let last = *count.last_line.get_or_insert(now);
            if now.duration_since(last) >= INTERVAL {
                count.last_line = Some(now);
                let line = count.line(kind);
                count.printed = Some(line.clone());
                Some(line)
            } else {
                None
            }
        };
        if let Some(line) = line {
            (self.sink)(&line);
        }
    }

    /// A line of its own (not counted).
    pub(super) fn say(&self, line: &str) {
        (self.sink)(line);
    }

    /// The final count of every kind not already printed as it ends.
    pub(super) fn finish(&self) {
        let lines: Vec<String> = {
            let counts = self.lock();
            counts
                .order
                .iter()
                .filter_map(|kind| {
                    let count = &counts.by_kind[kind];
                    let line = count.line(kind);
                    (count.printed.as_ref() != Some(&line)).then_some(line)
                })
                .collect()
        };
        for line in lines {
            (self.sink)(&line);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines a tracker printed.
    #[derive(Default)]
    struct Lines(Mutex<Vec<String>>);

    impl Lines {
        fn push(&self, line: &str) {
            self.0.lock().unwrap().push(line.to_owned());
        }

        fn taken(&self) -> Vec<String> {
            self.0.lock().unwrap().clone()
        }
    }

    #[test]
    fn many_lists_of_a_kind_give_few_lines() {
        let lines = Lines::default();
        let sink = |line: &str| lines.push(line);
        let tracker = Tracker::new(&sink);
        tracker.expect("users", 1);
        tracker.read("users", 3000);
        tracker.expect("roles of users", 3000);
        for _ in 0..3000 {
            tracker.read("roles of users", 2);
        }
        assert!(
            lines.taken().is_empty(),
            "read within a second: {:?}",
            lines.taken()
        );
        tracker.finish();
        assert_eq!(
            lines.taken(),
            ["users: 3000", "roles of users: 3000/3000 read, 6000 found"]
        );
    }

    #[test]
    fn a_slow_kind_gets_a_line_a_second_and_no_repeat_at_the_end() {
        let lines = Lines::default();
        let sink = |line: &str| lines.push(line);
        let tracker = Tracker::new(&sink);
        tracker.expect("members of groups", 3);
        tracker.read("members of groups", 4);
        std::thread::sleep(INTERVAL);
        tracker.read("members of groups", 1);
        tracker.read("members of groups", 1);
        assert_eq!(lines.taken(), ["members of groups: 2/3 read, 5 found"]);
        tracker.finish();
        assert_eq!(
            lines.taken(),
            [
                "members of groups: 2/3 read, 5 found",
                "members of groups: 3/3 read, 6 found"
            ]
        );
    }
}
