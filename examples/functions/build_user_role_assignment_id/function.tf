# The import ID of an openai_user_role_assignment, e.g. for an import block.
output "user_role_assignment_id" {
  value = provider::openai::build_user_role_assignment_id("proj_abc", "user_abc", "role_abc")
}

# Without the optional part: <user_id>/<role_id>.
output "user_role_assignment_short_id" {
  value = provider::openai::build_user_role_assignment_id(null, "user_abc", "role_abc")
}
