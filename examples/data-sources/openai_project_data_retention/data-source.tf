data "openai_project_data_retention" "example" {
  project_id = "proj_123"
}
