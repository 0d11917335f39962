# <project_id>/<rate_limit_id>
terraform import openai_project_rate_limit.example proj_123/rl-gpt-4o
