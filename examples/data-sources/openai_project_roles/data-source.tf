# Every role of a project.
data "openai_project_roles" "alpha" {
  project_id = "proj_alpha"
}

# Only the custom ones.
data "openai_project_roles" "alpha_custom" {
  project_id = "proj_alpha"
  predefined = false
}

output "alpha_role_ids_by_name" {
  value = { for r in data.openai_project_roles.alpha.roles : r.name => r.id }
}
