# The parts of an openai_group_user import ID.
output "group_user_parts" {
  value = provider::openai::parse_group_user_id("group_abc/user_abc")
}

# One part of it.
output "group_user_user_id" {
  value = provider::openai::parse_group_user_id("group_abc/user_abc").user_id
}
