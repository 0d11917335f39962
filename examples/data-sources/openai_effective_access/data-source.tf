# Who may write project API keys, anywhere: the plan fails when anyone
# outside the Security group would hold the permission, however they got it
# (organization owners included: make them members of Security too).
data "openai_effective_access" "api_key_writers" {
  permission = "api.organization.projects.api_keys.write"

  lifecycle {
    postcondition {
      condition     = alltrue([for h in self.holders : contains(h.groups, "Security")])
      error_message = "Only members of the Security group may write project API keys. Also holding it: ${join(", ", [for g in self.grants : "${coalesce(g.email, g.user_id)} in ${coalesce(g.project_name, "the organization")} through ${g.through}" if !contains(one([for h in self.holders : h.groups if h.user_id == g.user_id]), "Security")])}."
    }
  }
}

# What one user holds in one project (and organization-wide), and through
# what.
data "openai_effective_access" "bob_in_alpha" {
  email      = "bob@example.com"
  project_id = "proj_alpha"
}

output "bob_permissions_in_alpha" {
  value = flatten([for s in data.openai_effective_access.bob_in_alpha.scopes : s.permissions if s.project_id == "proj_alpha"])
}

# The same rule as a check block, with its own read: a warning on every
# plan and apply instead of an error.
check "only_security_writes_api_keys" {
  data "openai_effective_access" "writers" {
    permission = "api.organization.projects.api_keys.write"
  }

  assert {
    condition     = alltrue([for h in data.openai_effective_access.writers.holders : contains(h.groups, "Security")])
    error_message = "Outside the Security group, these can write project API keys: ${join(", ", [for h in data.openai_effective_access.writers.holders : coalesce(h.email, h.user_id) if !contains(h.groups, "Security")])}."
  }
}
