data "openai_certificates" "all" {}

output "active_at_organization" {
  value = [for c in data.openai_certificates.all.certificates : c.name if c.active]
}
