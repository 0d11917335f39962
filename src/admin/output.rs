//! Writing results all at once. The staging place (a hidden directory or
//! file next to the target) is made before any work, so that a target that
//! cannot be written fails at once and an error at any later point leaves
//! nothing behind; the result is renamed into place at the end.
//!
//! An existing directory is replaced only when forced, and only when it
//! holds nothing but the files the export writes: `--force` must never
//! delete Terraform state, a lock file or anything else someone put there.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The directory `out`, being written: see [`prepare_dir`].
pub struct DirOutput {
    out: PathBuf,
    parent: PathBuf,
    owned: Vec<String>,
    force: bool,
    staging: Staged,
}

/// Checks that `out` can become the output directory and makes its staging
/// directory. `owned` names the files the command writes: with `force`, an
/// existing directory holding only those is replaced.
pub fn prepare_dir(out: &Path, owned: &[&str], force: bool) -> Result<DirOutput, String> {
    let owned: Vec<String> = owned.iter().map(|name| name.to_string()).collect();
    check_dir_target(out, &owned, force)?;
    let parent = parent_dir(out)?;
    let staging = Staged::create_dir(&parent, out)?;
    Ok(DirOutput {
        out: out.to_path_buf(),
        parent,
        owned,
        force,
        staging,
    })
}

impl DirOutput {
    /// Writes `files` (name -> content) and renames them into place as the
    /// directory, replacing a previous export's (checked again: the
    /// directory may have changed meanwhile).
    pub fn commit(self, files: &BTreeMap<String, String>) -> Result<(), String> {
        let DirOutput {
            out,
            parent,
            owned,
            force,
            staging,
        } = self;
        for (name, content) in files {
            let path = staging.path.join(name);
            fs::write(&path, content)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        check_dir_target(&out, &owned, force)?;
        let previous = if out.exists() {
            let aside = unique_sibling(&parent, &out, "old");
            fs::rename(&out, &aside)
                .map_err(|e| format!("cannot move {} aside to replace it: {e}", out.display()))?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(&staging.path, &out) {
            if let Some(aside) = &previous {
                // Put the original back: the target must never be half-replaced.
                let _ = fs::rename(aside, &out);
            }
            return Err(format!(
                "cannot move the output into {}: {e}",
                out.display()
            ));
        }
        staging.keep();
        if let Some(aside) = previous {
            // Only files of a previous export are in it (checked above).
            fs::remove_dir_all(&aside).map_err(|e| {
                format!(
                    "wrote {}, but cannot remove the previous export moved to {}: {e}",
                    out.display(),
                    aside.display()
                )
            })?;
        }
        Ok(())
    }
}

/// Terraform's own files: their presence means the directory is (or was)
/// an applied configuration.
fn is_terraform_file(name: &str) -> bool {
    name.contains(".tfstate") || name == ".terraform" || name == ".terraform.lock.hcl"
}

/// `out` must not exist, be an empty directory, or (with `force`) a
/// directory holding only `owned` files.
fn check_dir_target(out: &Path, owned: &[String], force: bool) -> Result<(), String> {
    parent_dir(out)?;
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot inspect {}: {e}", out.display())),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(format!(
            "{} exists and is not a directory; choose another --out",
            out.display()
        ));
    }
    let mut entries = Vec::new();
    for entry in fs::read_dir(out).map_err(|e| format!("cannot read {}: {e}", out.display()))? {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        entries.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    if entries.is_empty() {
        return Ok(());
    }
    entries.sort();
    let terraform: Vec<&str> = entries
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| is_terraform_file(name))
        .collect();
    if !terraform.is_empty() {
        return Err(format!(
            "{} holds Terraform's files ({}): it is a configuration in use, and an export \
             over it would replace what you reviewed, even with --force. Export to a new \
             directory and compare the two (diff -r)",
            out.display(),
            terraform.join(", ")
        ));
    }
    let foreign: Vec<&str> = entries
        .iter()
        .filter(|(name, is_file)| !is_file || !owned.contains(name))
        .map(|(name, _)| name.as_str())
        .collect();
    if !foreign.is_empty() {
        return Err(format!(
            "{} holds files the export does not write ({}); --force only replaces a \
             previous export's files ({}). Choose a new directory",
            out.display(),
            foreign.join(", "),
            owned.join(", ")
        ));
    }
    if force {
        return Ok(());
    }
    Err(format!(
        "{} exists and is not empty; choose a new directory, or pass --force to replace the \
         previous export's files in it",
        out.display()
    ))
}

/// The file `out`, being written: see [`prepare_file`].
pub struct FileOutput {
    out: PathBuf,
    force: bool,
    staging: Staged,
    file: fs::File,
}

/// Checks that `out` can become the output file and makes its staging file.
pub fn prepare_file(out: &Path, force: bool) -> Result<FileOutput, String> {
    check_file_target(out, force)?;
    let parent = parent_dir(out)?;
    let path = unique_sibling(&parent, out, "tmp");
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    Ok(FileOutput {
        out: out.to_path_buf(),
        force,
        staging: Staged {
            path,
            is_dir: false,
            keep: false,
        },
        file,
    })
}

impl FileOutput {
    /// Writes `content` and renames the file into place.
    pub fn commit(self, content: &str) -> Result<(), String> {
        let FileOutput {
            out,
            force,
            staging,
            mut file,
        } = self;
        file.write_all(content.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", staging.path.display()))?;
        drop(file);
        check_file_target(&out, force)?;
        fs::rename(&staging.path, &out)
            .map_err(|e| format!("cannot move the output into {}: {e}", out.display()))?;
        staging.keep();
        Ok(())
    }
}

fn check_file_target(out: &Path, force: bool) -> Result<(), String> {
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

    const OWNED: &[&str] = &["a.tf", "b.tf", "c.tf"];

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

    fn write_dir(out: &Path, content: &[(&str, &str)], force: bool) -> Result<(), String> {
        prepare_dir(out, OWNED, force)?.commit(&files(content))
    }

    #[test]
    fn a_previous_export_is_replaced_only_when_forced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("export");
        write_dir(&out, &[("a.tf", "A"), ("b.tf", "B")], false).unwrap();
        assert_eq!(names(&out), ["a.tf", "b.tf"]);

        let refused = write_dir(&out, &[("c.tf", "C")], false).unwrap_err();
        assert!(refused.contains("is not empty"), "{refused}");
        assert!(refused.contains("--force"), "{refused}");
        assert_eq!(names(&out), ["a.tf", "b.tf"]);

        write_dir(&out, &[("c.tf", "C")], true).unwrap();
        assert_eq!(
            names(&out),
            ["c.tf"],
            "the previous export's files replaced"
        );
        assert_eq!(names(root.path()), ["export"], "no staging left behind");
    }

    #[test]
    fn force_never_deletes_terraform_state_or_foreign_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("export");
        for (extra, is_dir, expected) in [
            (
                "terraform.tfstate",
                false,
                "holds Terraform's files (terraform.tfstate)",
            ),
            (
                "terraform.tfstate.backup",
                false,
                "terraform.tfstate.backup",
            ),
            (".terraform", true, "holds Terraform's files (.terraform)"),
            (".terraform.lock.hcl", false, ".terraform.lock.hcl"),
            ("tfplan", false, "files the export does not write (tfplan)"),
            ("main.tf", false, "(main.tf)"),
            ("a.tf", true, "files the export does not write (a.tf)"),
        ] {
            if out.exists() {
                fs::remove_dir_all(&out).unwrap();
            }
            fs::create_dir(&out).unwrap();
            if extra != "a.tf" {
                fs::write(out.join("a.tf"), "mine").unwrap();
            }
            if is_dir {
                fs::create_dir(out.join(extra)).unwrap();
            } else {
                fs::write(out.join(extra), "keep").unwrap();
            }
            let before = names(&out);
            let refused = write_dir(&out, &[("a.tf", "A")], true).unwrap_err();
            assert!(refused.contains(expected), "{extra}: {refused}");
            assert_eq!(names(&out), before, "{extra}: nothing touched");
            assert_eq!(names(root.path()), ["export"], "{extra}: no staging left");
        }
    }

    #[test]
    fn an_empty_directory_is_used_without_force() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("empty");
        fs::create_dir(&out).unwrap();
        write_dir(&out, &[("a.tf", "A")], false).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.tf")).unwrap(), "A");
    }

    #[test]
    fn staging_exists_from_the_start_and_goes_away_on_error() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("export");
        let prepared = prepare_dir(&out, OWNED, false).unwrap();
        assert_eq!(names(root.path()).len(), 1, "the staging directory");
        drop(prepared);
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));

        let bad = files(&[("a.tf", "A"), ("missing/b.tf", "B")]);
        let error = prepare_dir(&out, OWNED, false)
            .unwrap()
            .commit(&bad)
            .unwrap_err();
        assert!(error.contains("cannot write"), "{error}");
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));

        let file = root.path().join("org.json");
        drop(prepare_file(&file, false).unwrap());
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
    }

    #[test]
    fn targets_that_cannot_be_used() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("file");
        fs::write(&file, "x").unwrap();
        let not_dir = prepare_dir(&file, OWNED, true).err().unwrap();
        assert!(not_dir.contains("not a directory"), "{not_dir}");
        let orphan = root.path().join("no/such/dir");
        let missing = prepare_dir(&orphan, OWNED, false).err().unwrap();
        assert!(missing.contains("does not exist"), "{missing}");
        let is_dir = prepare_file(root.path(), true).err().unwrap();
        assert!(is_dir.contains("is a directory"), "{is_dir}");
    }

    #[test]
    fn a_file_is_overwritten_only_when_forced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("org.json");
        prepare_file(&out, false).unwrap().commit("one").unwrap();
        let refused = prepare_file(&out, false).err().unwrap();
        assert!(refused.contains("--force"), "{refused}");
        assert_eq!(fs::read_to_string(&out).unwrap(), "one");
        prepare_file(&out, true).unwrap().commit("two").unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "two");
        assert_eq!(names(root.path()), ["org.json"]);
    }
}
