# The import ID of an openai_project_spend_alert, e.g. for an import block.
output "project_spend_alert_id" {
  value = provider::openai::build_project_spend_alert_id("proj_abc", "alert_abc")
}
