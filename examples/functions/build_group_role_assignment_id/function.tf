# The import ID of an openai_group_role_assignment, e.g. for an import block.
output "group_role_assignment_id" {
  value = provider::openai::build_group_role_assignment_id("proj_abc", "group_abc", "role_abc")
}

# Without the optional part: <group_id>/<role_id>.
output "group_role_assignment_short_id" {
  value = provider::openai::build_group_role_assignment_id(null, "group_abc", "role_abc")
}
