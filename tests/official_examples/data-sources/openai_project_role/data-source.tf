data "openai_project_role" "example" {
  project_id = "proj_123"
  role_id    = "role_123"
}
