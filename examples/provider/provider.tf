terraform {
  required_providers {
    openai = {
      source = "tfopenai/openai"
    }
  }
}

# The key usually comes from OPENAI_ADMIN_KEY; never commit it.
provider "openai" {
  # api_key         = var.openai_admin_key
  # organization_id = "org-..."
  # base_url        = "http://127.0.0.1:8080/v1" # the bundled fake, openai-admin-fake
}
