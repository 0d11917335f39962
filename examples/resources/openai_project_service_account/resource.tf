resource "openai_project_service_account" "example" {
  project_id = "proj_123"
  name       = "terraform-managed"
}

# A service account is a project principal: give it a project role with
# openai_user_role_assignment, its id as user_id.
resource "openai_user_role_assignment" "example_member" {
  project_id = openai_project_service_account.example.project_id
  user_id    = openai_project_service_account.example.id
  role_id    = "role-api-project-member"
}
