data "openai_organization_spend_alert" "example" {
  alert_id = "alert_abc123"
}
