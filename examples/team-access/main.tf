# Team access: who may do what in one project and in the organization, as one
# reviewable map (var.teams) instead of a resource per grant.
#
# - Custom project roles for the jobs the predefined roles do not fit:
#   rotating API keys, and reading without changing anything.
# - A custom organization role for usage and audit-log readers.
# - Predefined roles looked up by name, so no aliased IDs are copied around.
# - One for_each over team => roles for the group assignments.
#
# Credentials come from the environment (OPENAI_ADMIN_KEY, and OPENAI_ADMIN_BASE_URL
# to target the bundled fake). Try it with scripts/check-examples.sh or by hand:
#   openai-admin-fake --port 8080 &
#   OPENAI_ADMIN_KEY=sk-admin-fake-local OPENAI_ADMIN_BASE_URL=http://127.0.0.1:8080/v1 terraform apply

terraform {
  required_providers {
    openai = {
      source = "tfopenai/openai"
    }
  }
}

provider "openai" {}

# --- Roles -------------------------------------------------------------------

# Predefined roles exist in every project and in the organization: look them up
# by name rather than hard-coding their IDs.
data "openai_project_role" "member" {
  project_id = var.project_id
  name       = "member"
}

data "openai_organization_role" "viewer" {
  name = "viewer"
}

# Rotating keys should not require the owner role, and members cannot do it.
resource "openai_project_role" "key_manager" {
  project_id  = var.project_id
  name        = "Key Manager"
  description = "Creates, rotates and revokes the project's API keys and service accounts"
  permissions = [
    "api.organization.projects.api_keys.read",
    "api.organization.projects.api_keys.write",
    "api.organization.projects.service_accounts.read",
    "api.organization.projects.service_accounts.write",
  ]
}

# Read-only: sees the project's keys, people and workloads, changes nothing,
# and cannot call models (no api.model.request), so it costs nothing.
resource "openai_project_role" "auditor" {
  project_id  = var.project_id
  name        = "Read-only Auditor"
  description = "Reads the project's configuration and workloads; no writes, no model calls"
  permissions = [
    "api.organization.projects.api_keys.read",
    "api.organization.projects.service_accounts.read",
    "api.organization.projects.users.read",
    "api.files.read",
    "api.batches.read",
    "api.fine_tuning.jobs.read",
  ]
}

# Spend and compliance are organization-wide questions: an organization role.
resource "openai_organization_role" "usage_auditor" {
  name        = "Usage and Audit Reader"
  description = "Reads usage and audit logs across the organization"
  permissions = [
    "api.usage.read",
    "api.audit_logs.read",
  ]
}

locals {
  # Role keys used in var.teams => role IDs.
  project_roles = {
    member      = data.openai_project_role.member.id
    key_manager = openai_project_role.key_manager.id
    auditor     = openai_project_role.auditor.id
  }
  organization_roles = {
    viewer        = data.openai_organization_role.viewer.id
    usage_auditor = openai_organization_role.usage_auditor.id
  }

  # team => roles, flattened to one entry per grant. The keys ("support/auditor")
  # are known at plan time and stable, so adding a grant never touches others.
  project_grants = merge([
    for team, t in var.teams : {
      for role in t.project_roles : "${team}/${role}" => { group_id = t.group_id, role = role }
    }
  ]...)
  organization_grants = merge([
    for team, t in var.teams : {
      for role in t.organization_roles : "${team}/${role}" => { group_id = t.group_id, role = role }
    }
  ]...)
}

# --- Assignments ---------------------------------------------------------------

resource "openai_group_role_assignment" "project" {
  for_each = local.project_grants

  project_id = var.project_id
  group_id   = each.value.group_id
  role_id    = local.project_roles[each.value.role]
}

# No project_id: the role applies in the whole organization.
resource "openai_group_role_assignment" "organization" {
  for_each = local.organization_grants

  group_id = each.value.group_id
  role_id  = local.organization_roles[each.value.role]
}

# Individuals who need access outside their teams; kept short on purpose.
resource "openai_user_role_assignment" "project" {
  for_each = var.project_user_roles

  project_id = var.project_id
  user_id    = each.key
  role_id    = local.project_roles[each.value]
}
