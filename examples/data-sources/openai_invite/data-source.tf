data "openai_invite" "example" {
  invite_id = "invite_123"
}
