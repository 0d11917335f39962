# A predefined organization role, found by name.
data "openai_organization_role" "viewer" {
  name = "viewer"
}

# Without project_id, the assignment is at organization level.
resource "openai_group_role_assignment" "finance_viewer" {
  group_id = "group_finance"
  role_id  = data.openai_organization_role.viewer.id
}
