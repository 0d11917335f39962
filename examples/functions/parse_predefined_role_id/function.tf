variable "role_id" {
  type    = string
  default = "role-api-project-member__api-project__proj_abc"
}

# {role = "member", scope = "project", project_id = "proj_abc"}
output "role" {
  value = provider::openai::parse_predefined_role_id(var.role_id)
}

# false for a custom role's ID.
output "is_predefined" {
  value = can(provider::openai::parse_predefined_role_id(var.role_id))
}
