# The roles a group has in one project.
data "openai_group_role_assignments" "support_in_alpha" {
  project_id = "proj_alpha"
  group_id   = "group_support"
}

# Without project_id: the group's organization roles.
data "openai_group_role_assignments" "support_in_org" {
  group_id = "group_support"
}

output "support_project_role_names" {
  value = [for r in data.openai_group_role_assignments.support_in_alpha.roles : r.name]
}
