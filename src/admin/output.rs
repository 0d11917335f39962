//! Writing results all at once: files go to a staging place next to the
//! target and are renamed into place at the end, so that an error leaves
//! no partial directory or file behind. An existing target is replaced only
//! when forced (and only a directory that is not empty needs forcing).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Checks before any work that `out` can become the output directory.
pub fn check_dir_target(out: &Path, force: bool) -> Result<(), String> {
    parent_dir(out)?;
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot inspect {}: {e}", out.display())),
        Ok(meta) if !meta.is_dir() => Err(format!(
            "{} exists and is not a directory; choose another --out",
            out.display()
        )),
        Ok(_) if force => Ok(()),
        Ok(_) => {
            let mut entries = fs::read_dir(out)
                .map_err(|e| format!("cannot read directory {}: {e}", out.display()))?;
            if entries.next().is_some() {
                Err(format!(
                    "{} exists and is not empty; choose another --out, or pass --force to \
                     replace it as a whole",
                    out.display()
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Writes `files` (name -> content) as the directory `out`, replacing an
/// existing one (see [`check_dir_target`], checked again here).
pub fn write_dir(out: &Path, files: &BTreeMap<String, String>, force: bool) -> Result<(), String> {
    check_dir_target(out, force)?;
    let parent = parent_dir(out)?;
    let staging = Staged::create_dir(&parent, out)?;
    for (name, content) in files {
        let path = staging.path.join(name);
        fs::write(&path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let previous = if out.exists() {
        let aside = unique_sibling(&parent, out, "old");
        fs::rename(out, &aside)
            .map_err(|e| format!("cannot move {} aside to replace it: {e}", out.display()))?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = fs::rename(&staging.path, out) {
        if let Some(aside) = &previous {
            // Put the original back: the target must never be half-replaced.
            let _ = fs::rename(aside, out);
        }
        return Err(format!(
            "cannot move the output into {}: {e}",
            out.display()
        ));
    }
    staging.keep();
    if let Some(aside) = previous {
        fs::remove_dir_all(&aside).map_err(|e| {
            format!(
                "wrote {}, but cannot remove the previous content moved to {}: {e}",
                out.display(),
                aside.display()
            )
        })?;
    }
    Ok(())
}

/// Checks before any work that `out` can become the output file.
pub fn check_file_target(out: &Path, force: bool) -> Result<(), String> {
    parent_dir(out)?;
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot inspect {}: {e}", out.display())),
        Ok(meta) if meta.is_dir() => Err(format!(
            "{} is a directory; --out names the file to write",
            out.display()
        )),
        Ok(_) if force => Ok(()),
        Ok(_) => Err(format!(
            "{} exists; choose another --out, or pass --force to overwrite it",
            out.display()
        )),
    }
}

/// Writes `content` to the file `out` through a staging file renamed into
/// place.
pub fn write_file(out: &Path, content: &str, force: bool) -> Result<(), String> {
    check_file_target(out, force)?;
    let parent = parent_dir(out)?;
    let staging = Staged {
        path: unique_sibling(&parent, out, "tmp"),
        is_dir: false,
        keep: false,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&staging.path)
        .map_err(|e| format!("cannot create {}: {e}", staging.path.display()))?;
    file.write_all(content.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", staging.path.display()))?;
    drop(file);
    fs::rename(&staging.path, out)
        .map_err(|e| format!("cannot move the output into {}: {e}", out.display()))?;
    staging.keep();
    Ok(())
}

/// The directory `out` goes into; it must exist.
fn parent_dir(out: &Path) -> Result<PathBuf, String> {
    if out.file_name().is_none() {
        return Err(format!(
            "{} does not name a file or directory",
            out.display()
        ));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if parent.is_dir() {
        Ok(parent)
    } else {
        Err(format!(
            "the directory {} does not exist; create it first",
            parent.display()
        ))
    }
}

/// `.<name>.<tag>-<pid>-<nanos>` next to `out`: hidden, and unique.
fn unique_sibling(parent: &Path, out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    parent.join(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

/// A staging file or directory, removed on drop unless kept.
struct Staged {
    path: PathBuf,
    is_dir: bool,
    keep: bool,
}

impl Staged {
    fn create_dir(parent: &Path, out: &Path) -> Result<Staged, String> {
        let path = unique_sibling(parent, out, "tmp");
        fs::create_dir(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Staged {
            path,
            is_dir: true,
            keep: false,
        })
    }

    /// It was renamed into place: nothing to clean up.
    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        let _ = if self.is_dir {
            fs::remove_dir_all(&self.path)
        } else {
            fs::remove_file(&self.path)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_directory_is_written_whole_and_replaced_only_when_forced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("export");
        write_dir(&out, &files(&[("a.tf", "A"), ("b.tf", "B")]), false).unwrap();
        assert_eq!(names(&out), ["a.tf", "b.tf"]);

        let refused = write_dir(&out, &files(&[("c.tf", "C")]), false).unwrap_err();
        assert!(refused.contains("is not empty"), "{refused}");
        assert!(refused.contains("--force"), "{refused}");
        assert_eq!(names(&out), ["a.tf", "b.tf"]);

        write_dir(&out, &files(&[("c.tf", "C")]), true).unwrap();
        assert_eq!(names(&out), ["c.tf"], "replaced as a whole");
        assert_eq!(names(root.path()), ["export"], "no staging left behind");
    }

    #[test]
    fn an_empty_directory_is_used_without_force() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("empty");
        fs::create_dir(&out).unwrap();
        write_dir(&out, &files(&[("a.tf", "A")]), false).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.tf")).unwrap(), "A");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("export");
        let bad = files(&[("a.tf", "A"), ("missing/b.tf", "B")]);
        let error = write_dir(&out, &bad, false).unwrap_err();
        assert!(error.contains("cannot write"), "{error}");
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
    }

    #[test]
    fn targets_that_cannot_be_used() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(
            check_dir_target(&file, true)
                .unwrap_err()
                .contains("not a directory")
        );
        let orphan = root.path().join("no/such/dir");
        assert!(
            check_dir_target(&orphan, false)
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(
            check_file_target(root.path(), true)
                .unwrap_err()
                .contains("is a directory")
        );
    }

    #[test]
    fn a_file_is_overwritten_only_when_forced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("org.json");
        write_file(&out, "one", false).unwrap();
        assert!(
            write_file(&out, "two", false)
                .unwrap_err()
                .contains("--force")
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "one");
        write_file(&out, "two", true).unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "two");
        assert_eq!(names(root.path()), ["org.json"]);
    }
}
