# The parts of an openai_project_service_account import ID.
output "project_service_account_parts" {
  value = provider::openai::parse_project_service_account_id("proj_abc/svc_acct_abc")
}

# One part of it.
output "project_service_account_service_account_id" {
  value = provider::openai::parse_project_service_account_id("proj_abc/svc_acct_abc").service_account_id
}
