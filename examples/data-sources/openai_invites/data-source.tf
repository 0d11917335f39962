data "openai_invites" "example" {
}
