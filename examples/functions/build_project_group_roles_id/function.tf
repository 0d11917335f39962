# The import ID of an openai_project_group_roles, e.g. for an import block.
output "project_group_roles_id" {
  value = provider::openai::build_project_group_roles_id("proj_abc", "group_abc")
}
