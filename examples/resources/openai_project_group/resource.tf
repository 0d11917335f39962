resource "openai_project" "gamma" {
  name = "Gamma"
}

# A group found by its display name.
data "openai_group" "support" {
  name = "Support"
}

# The support group gets access to the project, joining with the predefined
# member role (the "join role").
resource "openai_project_group" "support" {
  project_id = openai_project.gamma.id
  group_id   = data.openai_group.support.id
  role       = "role-api-project-member"
}

# A further role for the group in the project: referencing the project group
# makes Terraform create the access first. Manage the join role above, not
# with a second assignment.
resource "openai_project_role" "key_manager" {
  project_id  = openai_project.gamma.id
  name        = "API Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

resource "openai_group_role_assignment" "support_key_manager" {
  project_id = openai_project_group.support.project_id
  group_id   = openai_project_group.support.group_id
  role_id    = openai_project_role.key_manager.id
}
