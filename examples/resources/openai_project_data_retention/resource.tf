# Destroy puts back the type found when Terraform took the setting over.
resource "openai_project_data_retention" "example" {
  project_id = "proj_123"
  type       = "organization_default"
}
