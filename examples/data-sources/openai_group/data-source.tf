# A group found by its display name.
data "openai_group" "support" {
  name = "Support"
}

resource "openai_group_role_assignment" "support_viewer" {
  project_id = "proj_alpha"
  group_id   = data.openai_group.support.id
  role_id    = "role-api-project-viewer"
}
