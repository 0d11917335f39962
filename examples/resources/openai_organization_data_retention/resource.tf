# Destroy puts back the type found when Terraform took the setting over.
resource "openai_organization_data_retention" "example" {
  type = "zero_data_retention"
}
