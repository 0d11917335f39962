data "openai_admin_api_key" "main" {
  id = "key_abc"
}

output "main_admin_key_expires_at" {
  value = data.openai_admin_api_key.main.expires_at
}
