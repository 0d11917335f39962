data "openai_project_spend_limit" "example" {
  project_id = "proj_123"
}
