resource "openai_organization_data_retention" "example" {
  type = "zero_data_retention"
}
