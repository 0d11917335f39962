# The import ID of an openai_project_group, e.g. for an import block.
output "project_group_id" {
  value = provider::openai::build_project_group_id("proj_abc", "group_abc", "role_abc")
}

# Without the optional part: <project_id>/<group_id>.
output "project_group_short_id" {
  value = provider::openai::build_project_group_id("proj_abc", "group_abc", null)
}
