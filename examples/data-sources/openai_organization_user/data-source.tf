data "openai_organization_user" "example" {
  user_id = "user_123"
}

# Or by email address.
data "openai_organization_user" "by_email" {
  email = "user@example.com"
}
