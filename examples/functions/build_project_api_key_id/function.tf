# The import ID of an openai_project_api_key, e.g. for an import block.
output "project_api_key_id" {
  value = provider::openai::build_project_api_key_id("proj_abc", "key_abc")
}
