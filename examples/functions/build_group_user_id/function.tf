# The import ID of an openai_group_user, e.g. for an import block.
output "group_user_id" {
  value = provider::openai::build_group_user_id("group_abc", "user_abc")
}
