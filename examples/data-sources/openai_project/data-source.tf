# An active project found by its name.
data "openai_project" "alpha" {
  name = "Alpha"
}

# Any project, archived ones included, found by its ID.
data "openai_project" "legacy" {
  id = "proj_legacy"
}

resource "openai_project_group" "contractors" {
  project_id = data.openai_project.alpha.id
  group_id   = "group_contractors"
  role       = "role-api-project-viewer"
}

output "legacy_status" {
  value = data.openai_project.legacy.status
}
