import {
  to = openai_project_role.example
  id = "proj_123/role_123"
}
