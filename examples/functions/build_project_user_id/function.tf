# The import ID of an openai_project_user, e.g. for an import block.
output "project_user_id" {
  value = provider::openai::build_project_user_id("proj_abc", "user_abc")
}
