# The parts of an openai_project_group import ID.
output "project_group_parts" {
  value = provider::openai::parse_project_group_id("proj_abc/group_abc/role_abc")
}

# One part of it.
output "project_group_role_id" {
  value = provider::openai::parse_project_group_id("proj_abc/group_abc/role_abc").role_id
}
