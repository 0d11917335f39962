data "openai_organization_data_retention" "example" {
}
