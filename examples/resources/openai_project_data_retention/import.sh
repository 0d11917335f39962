# <project_id>
terraform import openai_project_data_retention.example proj_123
