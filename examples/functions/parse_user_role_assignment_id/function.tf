# The parts of an openai_user_role_assignment import ID.
output "user_role_assignment_parts" {
  value = provider::openai::parse_user_role_assignment_id("proj_abc/user_abc/role_abc")
}

# One part of it.
output "user_role_assignment_role_id" {
  value = provider::openai::parse_user_role_assignment_id("proj_abc/user_abc/role_abc").role_id
}
