//! The items of the settings types: one resource with an import block per
//! setting the organization and the exported projects have, written from
//! the [`Setting`] declaration (its owner, shape and fields), never from
//! type-specific code. The attributes written are the owner's and item's
//! IDs and every field the user sets (required or optional, as the API
//! answered it; an optional one the API leaves null is left out); the
//! computed ones (`object`, `enforcement_status`, `model`,
//! `restored_on_destroy`) are the import's to read. A setting the owner
//! does not have (a spend limit never set) was not read, so it is not
//! written.

use super::build::Builder;
use super::declared::capitalized;
use super::model::Attr;
use super::values;
use crate::admin::naming::{join, slug};
use crate::admin::types::ResourceType;
use crate::api::ApiObject;
use crate::resources::declared::settings::{ORGANIZATION_ID, Shape};
use crate::schema::Mode;

impl Builder<'_> {
    /// The items of the settings type `ty`.
    pub(super) fn settings(&mut self, ty: ResourceType) {
        let Some(setting) = ty.setting() else {
            return;
        };
        let mut objects: Vec<&ApiObject> = self
            .entities
            .inventory
            .settings
            .get(setting.type_name)
            .into_iter()
            .flatten()
            .collect();
        objects.sort_by_key(|object| setting.import_id_of(object));
        for object in objects {
            let project = match object.str("project_id") {
                Some(id) => match self.project(id) {
                    Some(project) => Some(project.clone()),
                    // Not an exported project (archived, or not selected).
                    None => continue,
                },
                None => None,
            };
            let id = setting.import_id_of(object);
            let mut names = Vec::new();
            let mut attrs = Vec::new();
            if let Some(project) = &project {
                names.push(self.entities.project_name(&project.id).to_owned());
                attrs.extend(
                    values::attr(
                        "project_id",
                        &crate::value::Type::String,
                        object.field("project_id"),
                    )
                    .map(|value| ("project_id", value)),
                );
            } else {
                names.push(ORGANIZATION_ID.to_owned());
            }
            let mut what = setting.noun.to_owned();
            if let Shape::Listed { id_param, .. } = setting.shape {
                let item = object.id();
                names = names.iter().map(|n| join(&[n, &slug(item)])).collect();
                attrs.push((id_param, Attr::Literal(item.to_owned())));
                what = format!("{what} {item}");
            }
            for field in &setting.fields {
                if field.attribute.mode == Mode::Computed {
                    continue;
                }
                let Some(path) = field.read_path() else {
                    continue;
                };
                if let Some(value) =
                    values::attr(field.name(), &field.attribute.ty, object.at(path))
                {
                    attrs.push((field.name(), value));
                }
            }
            let scope = project.map_or(String::new(), |p| format!(" of {}", p.name));
            self.add(ty, &id, id.clone(), names, attrs);
            self.comment_last(capitalized(&format!("{what}{scope}")));
        }
    }
}
