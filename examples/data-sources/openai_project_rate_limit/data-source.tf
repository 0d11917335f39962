data "openai_project_rate_limit" "example" {
  project_id    = "proj_123"
  rate_limit_id = "rl-gpt-4o"
}
