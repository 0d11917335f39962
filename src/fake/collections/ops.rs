//! The generic operations every declared type gets: list, retrieve,
//! create, update, delete, checked against the parent named in the path.

use serde_json::Value;

use super::{Declaration, Entry, NewObject, Parent};
use crate::fake::errors::ApiError;
use crate::fake::query::QueryPairs;
use crate::fake::store::Store;

impl Store {
    /// The parent from the path exists (and, for a write, accepts writes).
    fn check_parent(
        &self,
        decl: &Declaration,
        parent: Option<&str>,
        write: bool,
    ) -> Result<(), ApiError> {
        match (decl.parent, parent) {
            (Parent::Organization, _) => Ok(()),
            (Parent::Project, Some(p)) => self.check_project(p, write),
            (Parent::Project, None) => {
                Err(ApiError::not_found("Missing path parameter 'project_id'."))
            }
        }
    }

    /// The objects of a collection under `parent`, in creation order,
    /// filtered by the declaration's list filter.
    pub fn collection_list(
        &self,
        decl: &Declaration,
        parent: Option<&str>,
        query: &QueryPairs,
    ) -> Result<Vec<Value>, ApiError> {
        self.check_parent(decl, parent, false)?;
        let mut out = Vec::new();
        for object in self.collections.under_or_seed(decl, parent) {
            if let Some(keep) = decl.list_filter
                && !keep(query, &object)?
            {
                continue;
            }
            out.push(decl.shown(object, super::Shown::Listed(parent)));
        }
        Ok(out)
    }

    pub fn collection_get(
        &self,
        decl: &Declaration,
        parent: Option<&str>,
        id: &str,
    ) -> Result<Value, ApiError> {
        self.check_parent(decl, parent, false)?;
        self.collections
            .under_or_seed(decl, parent)
            .into_iter()
            .find(|o| o["id"] == id)
            .ok_or_else(|| decl.not_found(id))
    }

    /// Runs the declaration's create hook with a fresh id; keeps what it
    /// builds and answers its response.
    pub fn collection_create(
        &mut self,
        decl: &'static Declaration,
        parent: Option<&str>,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let create = decl
            .create
            .ok_or_else(|| ApiError::unknown_url("POST", decl.path))?;
        self.check_parent(decl, parent, true)?;
        let id = self.mint_id(decl.id_prefix);
        let created = create(
            self,
            NewObject {
                parent,
                id,
                body,
                now: crate::fake::store::now(),
            },
        )?;
        let hidden_until = self.hidden_until();
        self.collections.push(
            decl,
            Entry {
                parent: parent.map(String::from),
                object: created.stored,
                hidden_until,
            },
        );
        Ok(created.response)
    }

    pub fn collection_update(
        &mut self,
        decl: &'static Declaration,
        parent: Option<&str>,
        id: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let update = decl
            .update
            .ok_or_else(|| ApiError::unknown_url("POST", decl.path))?;
        self.check_parent(decl, parent, true)?;
        self.collections.materialize(decl, parent);
        let entry = self
            .collections
            .find(decl, parent, id)
            .cloned()
            .ok_or_else(|| decl.not_found(id))?;
        let object = update(self, &entry, body)?;
        if let Some(kept) = self.collections.find_mut(decl, parent, id) {
            kept.object = object.clone();
        }
        Ok(decl.shown(object, super::Shown::Written))
    }

    /// Removes the object, then runs the declaration's delete hook.
    pub fn collection_delete(
        &mut self,
        decl: &Declaration,
        parent: Option<&str>,
        id: &str,
    ) -> Result<Value, ApiError> {
        self.check_parent(decl, parent, true)?;
        if let Some(check) = decl.may_delete {
            let entry = self
                .collections
                .find(decl, parent, id)
                .ok_or_else(|| decl.not_found(id))?;
            check(self, entry)?;
        }
        let entry = self
            .collections
            .remove(decl, parent, id)
            .ok_or_else(|| decl.not_found(id))?;
        if let Some(hook) = decl.on_delete {
            hook(self, &entry);
        }
        Ok(decl.deleted(id))
    }
}
