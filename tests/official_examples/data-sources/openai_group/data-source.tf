data "openai_group" "example" {
  group_id = "group_123"
}
