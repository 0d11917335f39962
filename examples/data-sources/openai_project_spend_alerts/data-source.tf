data "openai_project_spend_alerts" "example" {
  project_id = "proj_123"
}
