# The parts of an openai_project_user import ID.
output "project_user_parts" {
  value = provider::openai::parse_project_user_id("proj_abc/user_abc")
}

# One part of it.
output "project_user_user_id" {
  value = provider::openai::parse_project_user_id("proj_abc/user_abc").user_id
}
