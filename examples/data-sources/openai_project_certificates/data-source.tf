data "openai_project_certificates" "example" {
  project_id = "proj_123"
}

output "active_in_project" {
  value = [for c in data.openai_project_certificates.example.certificates : c.id if c.active]
}
