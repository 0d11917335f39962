resource "openai_project" "web" {
  name = "Web"
}

# What a project member may do, without managing the project's API keys.
resource "openai_project_role" "member_without_keys" {
  project_id = openai_project.web.id
  name       = "Member without keys"
  permissions = setsubtract(
    provider::openai::predefined_role_permissions("role-api-project-member"),
    ["api.organization.projects.api_keys.write"],
  )
}
