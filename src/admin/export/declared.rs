//! The items of the declared types that opt in to the export: one
//! resource with an import block per object, written from the
//! declaration's [`Exported`](crate::resources::declared::export::Exported)
//! (which attributes, which field names it), never from type-specific code.

use super::build::Builder;
use super::model::{Attr, Item, Skip};
use super::values;
use crate::admin::naming::{fragment, join, slug};
use crate::admin::types::ResourceType;
use crate::api::{ApiObject, Project};
use crate::resources::declared::{Declaration, Source};

impl Builder<'_> {
    /// The items of the declared type `ty`: the organization's objects, or
    /// those of the exported projects for a type below a project.
    pub(super) fn declared(&mut self, ty: ResourceType) {
        let (Some(decl), Some(exported)) = (ty.declaration(), ty.exported()) else {
            return;
        };
        let mut objects: Vec<&ApiObject> = self
            .entities
            .inventory
            .declared
            .get(decl.type_name)
            .into_iter()
            .flatten()
            .collect();
        objects.sort_by_key(|object| import_id(decl, object));
        for object in objects {
            let project = match object.str("project_id") {
                Some(id) => match self.project(id) {
                    Some(project) => Some(project),
                    // Not an exported project (archived, or not selected).
                    None => continue,
                },
                None => None,
            };
            let id = import_id(decl, object);
            let names = self.declared_names(decl, exported.name_from, object, project);
            let attrs = exported
                .writes
                .iter()
                .filter_map(|name| attr(decl, object, name))
                .collect();
            let display = values::display(object.at(exported.name_from))
                .unwrap_or_else(|| object.id().to_owned());
            let scope = project.map_or(String::new(), |p| format!(" in {}", p.name));
            let comment = format!("{} {display}{scope}", capitalized(decl.noun));
            match (exported.skip)(object) {
                None => self.add(ty, &id, id.clone(), names, attrs),
                Some(reason) => self.items.push(Item {
                    ty,
                    id: id.clone(),
                    data_source: false,
                    name_options: names,
                    name: String::new(),
                    import_id: None,
                    comment: None,
                    attrs,
                    // There is nothing to adopt: no block to uncomment.
                    skip: Some(Skip {
                        reason,
                        advice: String::new(),
                        offer_import: None,
                    }),
                }),
            }
            self.comment_last(comment);
        }
    }

    pub(super) fn project(&self, id: &str) -> Option<&Project> {
        self.entities
            .projects
            .iter()
            .map(|(project, _)| *project)
            .find(|project| project.id == id)
    }

    /// Name options from short to qualified: the naming value (an email's
    /// local part first), then qualified by the project, then the ID.
    fn declared_names(
        &self,
        decl: &Declaration,
        name_from: &str,
        object: &ApiObject,
        project: Option<&Project>,
    ) -> Vec<String> {
        let kind = slug(decl.noun);
        let id = object.id();
        let display = values::display(object.at(name_from)).unwrap_or_default();
        let display = display.as_str();
        let mut options = Vec::new();
        if let Some((local, _)) = display.split_once('@') {
            options.push(fragment(&kind, local, id));
        }
        let base = fragment(&kind, display, id);
        options.push(base.clone());
        if let Some(project) = project {
            options.push(join(&[self.entities.project_name(&project.id), &base]));
        }
        options.push(join(&[&base, &slug(id)]));
        options
    }
}

/// The import ID: the route parameters the object carries, then its ID.
fn import_id(decl: &Declaration, object: &ApiObject) -> String {
    let mut parts: Vec<&str> = decl
        .params()
        .into_iter()
        .map(|param| object.str(param).unwrap_or_default())
        .collect();
    parts.push(object.id());
    parts.join("/")
}

/// An attribute's value (see [`values`]); `None` when the object has none.
fn attr(
    decl: &Declaration,
    object: &ApiObject,
    name: &'static str,
) -> Option<(&'static str, Attr)> {
    let field = decl
        .field(name)
        .unwrap_or_else(|| panic!("{} has no attribute {name}", decl.type_name));
    let json = match field.source {
        Source::Param => object.field(name),
        Source::Json(path) => object.at(path),
        Source::Managed => panic!(
            "{}: {name} is kept by the type's hooks, not read from the object; it cannot be \
             exported",
            decl.type_name
        ),
    };
    values::attr(name, &field.attribute.ty, json).map(|value| (name, value))
}

pub(super) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
