data "openai_project_service_accounts" "example" {
  project_id = "proj_123"
}
