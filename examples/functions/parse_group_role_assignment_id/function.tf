# The parts of an openai_group_role_assignment import ID.
output "group_role_assignment_parts" {
  value = provider::openai::parse_group_role_assignment_id("proj_abc/group_abc/role_abc")
}

# One part of it.
output "group_role_assignment_role_id" {
  value = provider::openai::parse_group_role_assignment_id("proj_abc/group_abc/role_abc").role_id
}
