data "openai_project_api_key" "ci" {
  project_id = "proj_abc"
  id         = "key_abc"
}

output "ci_key_last_used_at" {
  value = data.openai_project_api_key.ci.last_used_at
}
