data "openai_organization_spend_limit" "example" {
}
