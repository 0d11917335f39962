# Only these models may be called from the project; destroy deletes the list.
resource "openai_project_model_permissions" "example" {
  project_id = "proj_123"
  mode       = "allow_list"
  model_ids  = ["gpt-4.1", "o3"]
}
