# The import ID of an openai_project_rate_limit, e.g. for an import block.
output "project_rate_limit_id" {
  value = provider::openai::build_project_rate_limit_id("proj_abc", "rl-gpt-4o")
}
