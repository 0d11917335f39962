resource "openai_project" "gamma" {
  name = "Gamma"
}

# A user of the organization, found by email.
data "openai_user" "bob" {
  email = "bob@example.com"
}

# Bob joins the project as a member (or "owner").
resource "openai_project_user" "bob" {
  project_id = openai_project.gamma.id
  user_id    = data.openai_user.bob.id
  role       = "member"
}
