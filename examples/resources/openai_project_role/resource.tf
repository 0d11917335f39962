resource "openai_project_role" "key_manager" {
  project_id  = "proj_alpha"
  name        = "API Key Manager"
  description = "Can read and rotate the project's API keys"
  permissions = [
    "api.organization.projects.api_keys.read",
    "api.organization.projects.api_keys.write",
  ]
}
