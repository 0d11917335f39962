# Every admin key of the organization, redacted.
data "openai_admin_api_keys" "all" {}

output "admin_keys_never_used" {
  value = [for key in data.openai_admin_api_keys.all.admin_api_keys : key.name if key.last_used_at == null]
}
