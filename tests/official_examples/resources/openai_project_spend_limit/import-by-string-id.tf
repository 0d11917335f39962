import {
  to = openai_project_spend_limit.example
  id = "proj_123"
}
