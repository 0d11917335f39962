import {
  to = openai_project_data_retention.example
  id = "proj_123"
}
