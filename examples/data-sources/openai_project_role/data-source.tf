# A predefined project role, found by name.
data "openai_project_role" "member" {
  project_id = "proj_alpha"
  name       = "member"
}

# Give it to a group without copying its ID.
resource "openai_group_role_assignment" "engineering_member" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = data.openai_project_role.member.id
}

# A custom role created elsewhere, found by ID.
data "openai_project_role" "key_manager" {
  project_id = "proj_alpha"
  id         = "role_proj_alpha~5e0c7a19f2b84d36"
}

output "key_manager_permissions" {
  value = data.openai_project_role.key_manager.permissions
}
