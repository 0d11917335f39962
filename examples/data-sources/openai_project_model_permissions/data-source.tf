data "openai_project_model_permissions" "example" {
  project_id = "proj_123"
}
