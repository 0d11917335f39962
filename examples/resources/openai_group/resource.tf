# A group of users. Give it members with openai_group_user (one user each)
# or openai_group_members (the complete list), and roles with
# openai_group_role_assignment.
resource "openai_group" "data_science" {
  name = "Data Science"
}
