# <project_id>
terraform import openai_project_hosted_tool_permissions.example proj_123
