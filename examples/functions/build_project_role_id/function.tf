# The import ID of an openai_project_role, e.g. for an import block.
output "project_role_id" {
  value = provider::openai::build_project_role_id("proj_abc", "role_abc")
}
