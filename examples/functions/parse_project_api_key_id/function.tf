# The parts of an openai_project_api_key import ID.
output "project_api_key_parts" {
  value = provider::openai::parse_project_api_key_id("proj_abc/key_abc")
}

# One part of it.
output "project_api_key_api_key_id" {
  value = provider::openai::parse_project_api_key_id("proj_abc/key_abc").api_key_id
}
