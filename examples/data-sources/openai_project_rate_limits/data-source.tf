data "openai_project_rate_limits" "example" {
  project_id = "proj_123"
}
