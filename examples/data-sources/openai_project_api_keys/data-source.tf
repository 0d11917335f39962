variable "project_id" {
  type    = string
  default = "proj_abc"
}

# Every API key of the project, redacted, with its owner and last use.
data "openai_project_api_keys" "all" {
  project_id = var.project_id
}

# Keys whose owner no longer has access to the project: candidates to revoke.
output "orphaned_keys" {
  value = [
    for key in data.openai_project_api_keys.all.api_keys :
    "${key.name} (${key.redacted_value}, ${key.owner_type} ${key.owner_id})"
    if key.owner_project_access == "inactive"
  ]
}

output "service_account_key_ids" {
  value = [for key in data.openai_project_api_keys.all.api_keys : key.id if key.owner_type == "service_account"]
}
