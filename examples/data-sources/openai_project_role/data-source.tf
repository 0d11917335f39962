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
  id         = "role_01J1F8PROJ"
}

output "key_manager_permissions" {
  value = data.openai_project_role.key_manager.permissions
}
