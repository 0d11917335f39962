# The parts of an openai_project_spend_alert import ID.
output "project_spend_alert_parts" {
  value = provider::openai::parse_project_spend_alert_id("proj_abc/alert_abc")
}

# One part of it.
output "project_spend_alert_alert_id" {
  value = provider::openai::parse_project_spend_alert_id("proj_abc/alert_abc").alert_id
}
