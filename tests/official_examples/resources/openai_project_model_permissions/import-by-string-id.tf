import {
  to = openai_project_model_permissions.example
  id = "proj_123"
}
