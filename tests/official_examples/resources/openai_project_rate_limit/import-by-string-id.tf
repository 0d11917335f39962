import {
  to = openai_project_rate_limit.example
  id = "proj_123/rate_limit_123"
}
