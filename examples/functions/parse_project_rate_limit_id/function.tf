# The parts of an openai_project_rate_limit import ID.
output "project_rate_limit_parts" {
  value = provider::openai::parse_project_rate_limit_id("proj_abc/rl-gpt-4o")
}

# One part of it.
output "project_rate_limit_rate_limit_id" {
  value = provider::openai::parse_project_rate_limit_id("proj_abc/rl-gpt-4o").rate_limit_id
}
