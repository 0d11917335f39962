data "openai_project_certificates" "example" {
  project_id = "proj_123"
}
