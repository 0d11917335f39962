import {
  to = openai_organization_spend_alert.example
  id = "alert_123"
}
