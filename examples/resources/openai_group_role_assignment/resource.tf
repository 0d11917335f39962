# The custom role the assignments below refer to.
resource "openai_project_role" "key_manager" {
  project_id  = "proj_alpha"
  name        = "API Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

# A custom project role for a group, within one project.
resource "openai_group_role_assignment" "support_key_manager" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = openai_project_role.key_manager.id
}

# A predefined project role, referred to by its ID.
resource "openai_group_role_assignment" "engineering_member" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = "role-api-project-member"
}

# Without project_id: an organization role for the group.
resource "openai_group_role_assignment" "finance_viewer" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
}
