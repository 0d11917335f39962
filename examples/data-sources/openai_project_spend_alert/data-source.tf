data "openai_project_spend_alert" "example" {
  project_id = "proj_123"
  alert_id   = "alert_abc123"
}
