# The custom role the assignments below refer to.
resource "openai_project_role" "key_manager" {
  project_id  = "proj_alpha"
  name        = "API Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

# Every role the support group has in proj_alpha: after an apply the group
# has exactly these roles there. Roles given to the group in this project
# outside Terraform are removed by the next apply.
#
# Do not also manage this group in this project with
# openai_group_role_assignment: each apply would undo the other's changes.
resource "openai_project_group_roles" "support" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_ids = [
    openai_project_role.key_manager.id,
    "role-api-project-member",
  ]
}

# An empty set: the group keeps its project membership but has no role.
resource "openai_project_group_roles" "finance" {
  project_id = "proj_alpha"
  group_id   = "group_finance"
  role_ids   = []
}
