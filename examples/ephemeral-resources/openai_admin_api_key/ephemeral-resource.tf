# A short-lived admin key for one run: deleted when the run ends, and expiring
# after 15 minutes even if the run is killed first.
ephemeral "openai_admin_api_key" "pipeline" {
  name               = "nightly-pipeline"
  expires_in_seconds = 900
}

# A second provider configuration that works with the short-lived key.
provider "openai" {
  alias   = "pipeline"
  api_key = ephemeral.openai_admin_api_key.pipeline.value
}

data "openai_admin_api_keys" "review" {
  provider = openai.pipeline
}

output "admin_key_names" {
  value = [for key in data.openai_admin_api_keys.review.admin_api_keys : key.name]
}
