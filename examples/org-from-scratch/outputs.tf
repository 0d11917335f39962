output "project_id" {
  description = "ID of the new project."
  value       = openai_project.gamma.id
}

output "team_group_id" {
  description = "ID of the team's group."
  value       = openai_group.data_science.id
}

output "team_members" {
  description = "Emails of the team's members."
  value       = sort([for u in data.openai_users.team.users : u.email])
}

output "pipeline_service_account_id" {
  description = "ID of the pipeline's service account (no API key is created for it)."
  value       = openai_project_service_account.pipeline.id
}
