//! `openai-admin export`: an organization as Terraform configuration that
//! adopts it with an empty plan.
//!
//! Every object the provider can manage becomes a resource with an
//! `import` block next to it; attribute values are what the provider's
//! import reads back, so `terraform plan` shows only imports. References
//! replace literal IDs where both ends are written
//! (`role_id = openai_project_role.analyst.id`). What cannot be adopted
//! without a change is written commented out with the reason, and listed in
//! [`Export::skipped`]:
//! - archived projects and everything in them are left out (the API
//!   refuses changes below them);
//! - SCIM-managed groups become `data "openai_group"` (their identity
//!   provider owns them and their members);
//! - a project group that holds no role in its project (its join role is
//!   required) is commented out;
//! - a project group is adopted with one of the roles the group holds in the
//!   project as its join role (a predefined one first; the import ID pins
//!   it), and that role is not written again as a role assignment;
//! - values the provider would refuse at plan time are commented out;
//! - assignments a user only inherits from a group are left out (see
//!   [`Inventory::inherited_from`]).
//!
//! Resource names are derived from the organization as it is (see
//! [`naming`]): a rename in the dashboard or a new object with a colliding
//! name changes existing names in the next export. An export is a starting
//! point to adopt from, never something to write over an adopted
//! configuration (the output refuses to).
//!
//! Building is pure: [`build`] turns an [`Inventory`] into file contents.

mod build;
mod check;
mod declared;
mod entities;
mod model;
mod settings;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use crate::admin::hcl::{Block, Expr, comment_lines};
use crate::admin::inventory::{Inventory, ReadPlan};
use crate::admin::naming::{self, Candidate};
use crate::admin::types::{ResourceType, TypeFilter};
use crate::provider::config::{
    ENV_API_KEY, ENV_BASE_URL, ENV_MAX_REQUESTS_PER_MINUTE, ENV_MAX_RETRIES, ENV_ORG_ID,
    ENV_REQUEST_TIMEOUT,
};
use build::Builder;
pub(crate) use build::join_role;
use entities::Entities;
use model::Item;

/// The provider source written in `required_providers`.
pub const PROVIDER_SOURCE: &str = "tfopenai/openai";

/// Always written: the `terraform` and `provider` blocks.
pub const PROVIDERS_FILE: &str = "providers.tf";

/// Every file an export may write: [`PROVIDERS_FILE`] and one per area.
pub fn file_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ResourceType::all()
        .into_iter()
        .map(ResourceType::file_name)
        .collect();
    names.push(PROVIDERS_FILE);
    names.sort_unstable();
    names.dedup();
    names
}

/// The first lines of every resource file.
const FILE_HEADER: &str = "# Written by openai-admin export: each resource is adopted by the import \
                           block\n# above it. Review, then run terraform plan: it should show \
                           only imports.\n\n";

/// What to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub types: TypeFilter,
    /// Only these projects (and organization-level objects); `None` = all
    /// active projects.
    pub project_ids: Option<BTreeSet<String>>,
    /// Only the objects changed since a time, with who changed them
    /// (`--changed-since`, read from the audit log); `None` = everything.
    pub changed: Option<crate::admin::changed_since::Changes>,
}

impl ExportOptions {
    /// The lists the export needs, and no others.
    pub fn read_plan(&self) -> ReadPlan {
        let has = |ty| self.types.includes(ty);
        use ResourceType as T;
        // A user's inherited assignment is told from a direct one by the
        // source group's roles and members (members read on demand).
        let user_roles = has(T::UserRoleAssignment);
        ReadPlan {
            archived_contents: false,
            project_ids: self.project_ids.clone(),
            // Names, references and the custom roles themselves.
            project_roles: has(T::ProjectRole)
                || has(T::ProjectGroup)
                || has(T::GroupRoleAssignment)
                || user_roles,
            group_members: has(T::GroupUser),
            // Owned by the identity provider: never written.
            scim_members: false,
            source_members: user_roles,
            org_group_roles: has(T::GroupRoleAssignment) || user_roles,
            org_user_roles: user_roles,
            project_groups: has(T::ProjectGroup) || has(T::GroupRoleAssignment) || user_roles,
            project_users: has(T::ProjectUser) || user_roles,
            project_user_roles: user_roles,
            declared: self.types.declared().map(ResourceType::type_name).collect(),
            settings: self.types.settings().map(ResourceType::type_name).collect(),
            // A certificate's PEM is written.
            retrieve: true,
            // Activation is the import's to read, not written.
            project_views: false,
        }
    }
}

/// The files of an export, and what they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// File name -> content.
    pub files: BTreeMap<String, String>,
    /// Resources written with an import block, by type.
    pub imports: BTreeMap<ResourceType, usize>,
    /// Data sources written (SCIM-managed groups).
    pub data_sources: usize,
    /// One line per object written commented out, with the reason.
    pub skipped: Vec<String>,
    /// Objects deliberately left out (archived projects, inherited
    /// assignments).
    pub notes: Vec<String>,
}

impl Export {
    pub fn import_count(&self) -> usize {
        self.imports.values().sum()
    }
}

/// An object the export adopts with an import: what `terraform query`'s
/// list resources find (see `provider::list`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adoptable {
    pub ty: ResourceType,
    /// The import ID the export writes.
    pub import_id: String,
    /// The object's key (a project group's import ID without its join
    /// role; a custom role's ID).
    pub key: String,
    /// The export's resource name for it, e.g. `alpha_analysts`.
    pub name: String,
}

/// The objects of `inventory` the export would adopt (written, not
/// commented out, not data sources), in file order.
pub fn adoptable(inventory: &Inventory, options: &ExportOptions) -> Vec<Adoptable> {
    let (items, _) = items(inventory, options);
    items
        .into_iter()
        .filter(|item| item.skip.is_none() && !item.data_source)
        .map(|item| Adoptable {
            ty: item.ty,
            import_id: item.import_id.unwrap_or_else(|| item.id.clone()),
            key: item.id,
            name: item.name,
        })
        .collect()
}

/// The named, sorted items of `inventory`, and the notes on what was left out.
fn items(inventory: &Inventory, options: &ExportOptions) -> (Vec<Item>, Vec<String>) {
    let mut builder = Builder::new(Entities::new(inventory), &options.types);
    builder.build();
    let mut notes = archived_notes(inventory);
    notes.append(&mut builder.notes);
    let mut items = builder.items;
    // Named among all objects, so that a partial export uses the names a
    // full one would.
    assign_names(&mut items);
    if let Some(changed) = &options.changed {
        keep_changed(&mut items, changed);
    }
    items.sort_by(|a, b| (a.ty, &a.name).cmp(&(b.ty, &b.name)));
    (items, notes)
}

/// The configuration for `inventory`.
pub fn build(inventory: &Inventory, options: &ExportOptions) -> Export {
    let (items, notes) = items(inventory, options);

    let written: BTreeMap<model::Key, String> = items
        .iter()
        .filter(|item| item.skip.is_none())
        .map(|item| (item.key(), item.address()))
        .collect();
    let mut export = Export {
        notes,
        ..Export::default()
    };
    let mut sections: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for item in &items {
        sections
            .entry(item.ty.file_name())
            .or_default()
            .push(item.render(&written));
        match &item.skip {
            Some(skip) => export
                .skipped
                .push(format!("{}: {}", item.address(), skip.reason)),
            None if item.data_source => export.data_sources += 1,
            None => *export.imports.entry(item.ty).or_default() += 1,
        }
    }
    for (ty, why) in options.types.left_out_by_default() {
        let line = off_by_default(ty, why);
        // Said where its resources would be, when that file is written.
        if let Some(sections) = sections.get_mut(ty.file_name()) {
            sections.insert(
                0,
                comment_lines(&model::wrap(&format!("Not written: {line}"))),
            );
        }
        export.notes.push(line);
    }
    export
        .files
        .insert(PROVIDERS_FILE.to_owned(), providers_file());
    for (file, sections) in sections {
        export.files.insert(
            file.to_owned(),
            FILE_HEADER.to_owned() + &sections.join("\n"),
        );
    }
    export
}

/// Why a type off by default was not written, and how to write it.
fn off_by_default(ty: ResourceType, why: &str) -> String {
    format!(
        "every {ty}: not written by default, because {why}; to write them, export with --with {ty}"
    )
}

/// Keeps the items whose object, or an object in their import ID, the
/// audit log names, each with a comment saying who changed it when (the
/// most specific id first: a project user's user before its project).
fn keep_changed(items: &mut Vec<Item>, changed: &crate::admin::changed_since::Changes) {
    items.retain_mut(|item| {
        let id = item.import_id.clone().unwrap_or_else(|| item.id.clone());
        let Some((object, change)) = id
            .rsplit('/')
            .chain(std::iter::once(item.id.as_str()))
            .find_map(|part| changed.get(part).map(|c| (part.to_string(), c)))
        else {
            return false;
        };
        let line = format!("Changed since --changed-since: {object}: {change}.");
        item.comment = Some(match item.comment.take() {
            Some(comment) => format!("{line}\n{comment}"),
            None => line,
        });
        true
    });
}

/// Unique names per resource type (a data source shares its resource
/// type's names).
fn assign_names(items: &mut [Item]) {
    for ty in ResourceType::all() {
        let indices: Vec<usize> = (0..items.len()).filter(|&i| items[i].ty == ty).collect();
        let candidates: Vec<Candidate> = indices
            .iter()
            .map(|&i| Candidate::new(items[i].id.clone(), items[i].name_options.clone()))
            .collect();
        for (i, name) in indices.into_iter().zip(naming::assign(&candidates)) {
            items[i].name = name;
        }
    }
}

fn archived_notes(inventory: &Inventory) -> Vec<String> {
    let mut archived: Vec<_> = inventory
        .projects
        .iter()
        .filter(|p| p.is_archived())
        .map(|p| &p.project)
        .collect();
    archived.sort_by(|a, b| a.id.cmp(&b.id));
    archived
        .into_iter()
        .map(|p| {
            format!(
                "archived project {:?} ({}) and everything in it: archived projects cannot be \
                 managed",
                p.name, p.id
            )
        })
        .collect()
}

fn providers_file() -> String {
    let terraform = Block::new("terraform", &[])
        .attribute("required_version", Expr::str(">= 1.5"))
        .block(Block::new("required_providers", &[]).attribute(
            "openai",
            Expr::Object(vec![("source".into(), Expr::str(PROVIDER_SOURCE))]),
        ));
    format!(
        "# Written by openai-admin export. import blocks need Terraform 1.5 or later.\n\
         # The provider is configured by the environment, as openai-admin was:\n\
         # {ENV_API_KEY} (required), {ENV_BASE_URL}, {ENV_ORG_ID},\n\
         # {ENV_MAX_RETRIES}, {ENV_REQUEST_TIMEOUT}, {ENV_MAX_REQUESTS_PER_MINUTE}.\n\
         {}\n{}",
        terraform.render(),
        Block::new("provider", &["openai"]).render()
    )
}

#[cfg(test)]
mod tests;
