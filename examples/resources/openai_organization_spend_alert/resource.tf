# An email once the organization's spend this month passes 500.00 USD:
# amounts are in cents.
resource "openai_organization_spend_alert" "example" {
  threshold_amount                    = 50000
  currency                            = "USD"
  interval                            = "month"
  notification_channel_type           = "email"
  notification_channel_recipients     = ["finance@example.com"]
  notification_channel_subject_prefix = "[OpenAI spend]"
}
