resource "openai_group_user" "example" {
  group_id = "group_123"
  user_id  = "user_123"
}
