# Defaults are the bundled fake's fixture IDs (openai-admin-fake), so the
# example applies as is against it. For a real organization, put your own IDs
# in a terraform.tfvars file.

variable "project_id" {
  description = "The project whose access this configuration manages."
  type        = string
  default     = "proj_alpha"
}

# One entry per team. Role keys refer to local.project_roles and
# local.organization_roles in main.tf, so a team's access reads as a list of
# words rather than of role IDs.
variable "teams" {
  description = "Team name => its group ID and the roles it gets in the project and in the organization."
  type = map(object({
    group_id           = string
    project_roles      = optional(list(string), [])
    organization_roles = optional(list(string), [])
  }))
  # The bundled fake's group IDs; real ones are 32 hex characters with no
  # prefix (e.g. 8f3b2c1d4e5f60718293a4b5c6d7e8f9).
  default = {
    # Builds in the project and rotates its own API keys.
    engineering = {
      group_id      = "group_engineering"
      project_roles = ["member", "key_manager"]
    }
    # Investigates customer reports: sees everything in the project, changes nothing.
    support = {
      group_id      = "group_support"
      project_roles = ["auditor"]
    }
    # Follows spend and compliance across all projects, so at organization level.
    finance = {
      group_id           = "group_finance"
      project_roles      = ["auditor"]
      organization_roles = ["usage_auditor"]
    }
    # External people: a read-only view of the organization and no project role.
    # (The group is in no project; a project role would be refused by the API.)
    contractors = {
      group_id           = "group_contractors"
      organization_roles = ["viewer"]
    }
  }

  validation {
    condition = alltrue(flatten([
      for team in values(var.teams) : [
        for role in team.project_roles : contains(["member", "key_manager", "auditor"], role)
      ]
    ]))
    error_message = "project_roles may only name member, key_manager or auditor."
  }

  validation {
    condition = alltrue(flatten([
      for team in values(var.teams) : [
        for role in team.organization_roles : contains(["viewer", "usage_auditor"], role)
      ]
    ]))
    error_message = "organization_roles may only name viewer or usage_auditor."
  }
}

# Individual exceptions to the team model: user ID => project role key.
variable "project_user_roles" {
  description = "User ID => role key (as in teams) for users who need a project role of their own."
  type        = map(string)
  default = {
    # The on-call reviewer audits the project without joining the support group.
    user_bob = "auditor"
  }
}
