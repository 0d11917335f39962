# The custom role the assignments below refer to.
resource "openai_project_role" "key_manager" {
  project_id  = "proj_alpha"
  name        = "API Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

# A custom project role for a user, within one project.
resource "openai_user_role_assignment" "alice_key_manager" {
  project_id = "proj_alpha"
  user_id    = "user_alice"
  role_id    = openai_project_role.key_manager.id
}

# A predefined project role, referred to by its ID. The user must already be
# a user of the project (openai_project_user). Assigning or unassigning the
# predefined owner role (role-api-project-owner) also changes that project
# user's role to "owner" or back to "member": keep openai_project_user's role
# consistent with it.
resource "openai_user_role_assignment" "bob_member" {
  project_id = "proj_beta"
  user_id    = "user_bob"
  role_id    = "role-api-project-member"
}

# Without project_id: an organization role for the user.
resource "openai_user_role_assignment" "carol_viewer" {
  user_id = "user_carol"
  role_id = "role-api-organization-viewer"
}
