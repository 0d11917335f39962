resource "openai_group" "data_science" {
  name = "Data Science"
}

data "openai_users" "data_science" {
  emails = ["bob@example.com", "dee@example.com"]
}

# Exactly these users are members of the group: members added outside
# Terraform are removed by the next apply. Do not also use openai_group_user
# for this group: each apply would undo the other's changes.
resource "openai_group_members" "data_science" {
  group_id = openai_group.data_science.id
  user_ids = data.openai_users.data_science.users[*].id
}
