data "openai_organization_users" "example" {
}
