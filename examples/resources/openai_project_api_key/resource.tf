# A key found in a review (openai_project_api_keys) that should go: import it,
# then remove this block (or run terraform destroy) to revoke it.
import {
  to = openai_project_api_key.old_laptop
  id = "proj_abc/key_abc"
}

resource "openai_project_api_key" "old_laptop" {
  project_id = "proj_abc"
  api_key_id = "key_abc"
}
