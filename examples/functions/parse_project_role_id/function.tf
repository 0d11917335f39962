# The parts of an openai_project_role import ID.
output "project_role_parts" {
  value = provider::openai::parse_project_role_id("proj_abc/role_abc")
}

# One part of it.
output "project_role_role_id" {
  value = provider::openai::parse_project_role_id("proj_abc/role_abc").role_id
}
