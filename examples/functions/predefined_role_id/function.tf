resource "openai_project" "web" {
  name = "Web"
}

resource "openai_group" "developers" {
  name = "Developers"
}

# The developers are members of the web project.
resource "openai_group_role_assignment" "developers_member" {
  project_id = openai_project.web.id
  group_id   = openai_group.developers.id
  role_id    = provider::openai::predefined_role_id("member", openai_project.web.id)
}
