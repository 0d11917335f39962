# The import ID of an openai_project_service_account, e.g. for an import block.
output "project_service_account_id" {
  value = provider::openai::build_project_service_account_id("proj_abc", "svc_acct_abc")
}
