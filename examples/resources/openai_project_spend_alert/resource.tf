# An email once the project's spend this month passes 20.00 USD (2000 cents).
resource "openai_project_spend_alert" "example" {
  project_id                      = "proj_123"
  threshold_amount                = 2000
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["team@example.com", "finance@example.com"]
}
