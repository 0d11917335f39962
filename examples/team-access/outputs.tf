output "custom_role_ids" {
  description = "IDs of the roles this configuration created."
  value = {
    key_manager   = openai_project_role.key_manager.id
    auditor       = openai_project_role.auditor.id
    usage_auditor = openai_organization_role.usage_auditor.id
  }
}

output "member_role_id" {
  description = "The predefined member role, as looked up by name."
  value       = data.openai_project_role.member.id
}

output "grants" {
  description = "Grant key => the role's name, as read back from the API."
  value = merge(
    { for k, a in openai_group_role_assignment.project : "project:${k}" => a.role_name },
    { for k, a in openai_group_role_assignment.organization : "organization:${k}" => a.role_name },
    { for k, a in openai_user_role_assignment.project : "user:${k}" => a.role_name },
  )
}
