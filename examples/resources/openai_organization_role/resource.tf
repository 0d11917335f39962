resource "openai_organization_role" "auditor" {
  name        = "Auditor"
  description = "Reads usage and audit logs across the organization"
  permissions = [
    "api.audit_logs.read",
    "api.usage.read",
  ]
}

# Give it to a group across the whole organization (no project_id).
resource "openai_group_role_assignment" "finance_auditor" {
  group_id = "group_finance"
  role_id  = openai_organization_role.auditor.id
}
