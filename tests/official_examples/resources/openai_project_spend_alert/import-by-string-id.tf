import {
  to = openai_project_spend_alert.example
  id = "proj_123/alert_123"
}
