data "openai_project" "example" {
  project_id = "proj_123"
}
