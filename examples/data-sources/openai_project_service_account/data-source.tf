data "openai_project_service_account" "example" {
  project_id         = "proj_123"
  service_account_id = "svc_acct_123"
}
