# <project_id>
terraform import openai_project_model_permissions.example proj_123
