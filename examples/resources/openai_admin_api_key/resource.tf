# An admin key that already exists (here: one left on an old laptop),
# imported so that removing this block revokes it. Keys are never created
# by this resource; use the ephemeral resource openai_admin_api_key for a
# short-lived one. The key the provider itself uses cannot be revoked here.
import {
  to = openai_admin_api_key.old_laptop
  id = "key_abc123"
}

resource "openai_admin_api_key" "old_laptop" {
  key_id = "key_abc123"
}
