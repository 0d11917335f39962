# <project_id>
terraform import openai_project_spend_limit.example proj_123
