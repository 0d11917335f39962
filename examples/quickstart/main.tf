# Quickstart: one custom project role, given to a group, plus a predefined
# project role and an organization role for two other groups.
#
# Credentials come from the environment:
#   OPENAI_ADMIN_KEY       an Admin API key (sk-admin-...)
#   OPENAI_ADMIN_BASE_URL  only to target the bundled fake (scripts/demo.sh sets it)
# The variable defaults are the fake's fixture IDs; override them for a real
# organization.

terraform {
  required_providers {
    openai = {
      source = "tfopenai/openai"
    }
  }
}

provider "openai" {}

variable "project_id" {
  description = "Project that gets the custom role."
  type        = string
  default     = "proj_alpha"
}

# The defaults are the bundled fake's group IDs. Real group IDs are 32 hex
# characters with no prefix (e.g. 8f3b2c1d4e5f60718293a4b5c6d7e8f9): look
# them up with data "openai_group" by name rather than copying them.
variable "support_group_id" {
  description = "Group that may manage the project's API keys."
  type        = string
  default     = "group_support"
}

variable "engineering_group_id" {
  description = "Group that gets the predefined member role in the project."
  type        = string
  default     = "group_engineering"
}

variable "finance_group_id" {
  description = "Group that gets an organization-wide role."
  type        = string
  default     = "group_finance"
}

resource "openai_project_role" "key_manager" {
  project_id  = var.project_id
  name        = "API Key Manager"
  description = "Can read and rotate the project's API keys"
  permissions = [
    "api.organization.projects.api_keys.read",
    "api.organization.projects.api_keys.write",
  ]
}

resource "openai_group_role_assignment" "support_key_manager" {
  project_id = var.project_id
  group_id   = var.support_group_id
  role_id    = openai_project_role.key_manager.id
}

resource "openai_group_role_assignment" "engineering_member" {
  project_id = var.project_id
  group_id   = var.engineering_group_id
  role_id    = "role-api-project-member"
}

# No project_id: an organization-level assignment.
resource "openai_group_role_assignment" "finance_org_viewer" {
  group_id = var.finance_group_id
  role_id  = "role-api-organization-viewer"
}

output "key_manager_role_id" {
  value = openai_project_role.key_manager.id
}

output "assignments" {
  value = [
    openai_group_role_assignment.support_key_manager.id,
    openai_group_role_assignment.engineering_member.id,
    openai_group_role_assignment.finance_org_viewer.id,
  ]
}
