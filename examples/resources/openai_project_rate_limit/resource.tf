# Only the limits set here are managed; the others stay as they are.
resource "openai_project_rate_limit" "example" {
  project_id                = "proj_123"
  rate_limit_id             = "rl-gpt-4o"
  max_requests_per_1_minute = 500
  max_tokens_per_1_minute   = 300000
}
