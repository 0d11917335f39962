resource "openai_project" "gamma" {
  name = "Gamma"
}

# A user of the organization, found by email.
data "openai_user" "bob" {
  email = "bob@example.com"
}

# Bob joins the project as a member (or "owner").
#
# With openai_user_role_assignment for the same user: the project user's role
# follows the predefined project owner role (OpenAI's own provider expects
# this; the bundled fake models it). Assigning role-api-project-owner
# to Bob makes him an "owner", unassigning it makes him a "member". Configure
# the two consistently (role = "owner" with an owner assignment), or the next
# plan shows the role changed here; custom roles and the predefined member
# role do not touch it.
resource "openai_project_user" "bob" {
  project_id = openai_project.gamma.id
  user_id    = data.openai_user.bob.id
  role       = "member"
}
