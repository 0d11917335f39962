# The parts of an openai_project_group_roles import ID.
output "project_group_roles_parts" {
  value = provider::openai::parse_project_group_roles_id("proj_abc/group_abc")
}

# One part of it.
output "project_group_roles_group_id" {
  value = provider::openai::parse_project_group_roles_id("proj_abc/group_abc").group_id
}
