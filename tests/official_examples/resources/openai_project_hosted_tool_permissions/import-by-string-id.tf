import {
  to = openai_project_hosted_tool_permissions.example
  id = "proj_123"
}
