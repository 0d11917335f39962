# <project_id>/<alert_id>
terraform import openai_project_spend_alert.example proj_123/alert_abc123
