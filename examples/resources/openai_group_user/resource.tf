resource "openai_group" "data_science" {
  name = "Data Science"
}

# Bob, found by the email address people know him by.
data "openai_user" "bob" {
  email = "bob@example.com"
}

# Bob joins the group; its other members are left alone. Do not also manage
# this group's members with openai_group_members.
resource "openai_group_user" "bob" {
  group_id = openai_group.data_science.id
  user_id  = data.openai_user.bob.id
}
