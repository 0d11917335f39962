# An organization's access model from scratch: a project, a team (group) and
# its members looked up by email, the team's access to the project with a
# join role, a custom role on top of it, a project owner, an invited newcomer,
# a service account with a role in the project, and short-lived keys handed
# to a pipeline step without reaching the state.
#
# Credentials come from the environment:
#   OPENAI_ADMIN_KEY       an Admin API key (sk-admin-...)
#   OPENAI_ADMIN_BASE_URL  only to target the bundled fake (scripts/check-examples.sh sets it)
# The variable defaults are users of the fake's fixture organization;
# override them for a real organization.
#
# Destroy note: the Admin API cannot delete projects. `terraform destroy`
# archives the project; everything else is removed.

terraform {
  required_providers {
    openai = {
      source = "tfopenai/openai"
    }
  }
}

provider "openai" {}

resource "openai_project" "gamma" {
  name = var.project_name
}

resource "openai_group" "data_science" {
  name = var.team_name
}

# Members are looked up by email: emails are what people know.
data "openai_users" "team" {
  emails = var.team_emails
}

# The complete member list: members added elsewhere are removed.
resource "openai_group_members" "data_science" {
  group_id = openai_group.data_science.id
  user_ids = [for u in data.openai_users.team.users : u.id]
}

# The team joins the project with a predefined project role (the join role).
resource "openai_project_group" "data_science" {
  project_id = openai_project.gamma.id
  group_id   = openai_group.data_science.id
  role       = "role-api-project-member"
}

# A custom role, given to the team on top of its join role.
resource "openai_project_role" "analyst" {
  project_id  = openai_project.gamma.id
  name        = "Analyst"
  description = "Runs evals and reads usage"
  permissions = [
    "api.evals.read",
    "api.evals.write",
    "api.usage.read",
  ]
}

resource "openai_group_role_assignment" "data_science_analyst" {
  # From the project group, so the team has project access first.
  project_id = openai_project_group.data_science.project_id
  group_id   = openai_project_group.data_science.group_id
  role_id    = openai_project_role.analyst.id
}

data "openai_user" "owner" {
  email = var.owner_email
}

resource "openai_project_user" "owner" {
  project_id = openai_project.gamma.id
  user_id    = data.openai_user.owner.id
  role       = "owner"
}

# A new colleague, invited into the organization and, once they accept,
# into the project. After they accept, import them as an
# openai_organization_user to manage their role (the plan says how).
resource "openai_invite" "newcomer" {
  email    = var.invitee_email
  role     = "reader"
  projects = [{ id = openai_project.gamma.id, role = "member" }]
}

# The identity the team's pipelines run as: created without an API key,
# so no secret is produced or stored.
resource "openai_project_service_account" "pipeline" {
  project_id = openai_project.gamma.id
  name       = "data-science-pipeline"
}

# A service account holds project roles like a user: its id is the user_id.
resource "openai_user_role_assignment" "pipeline_member" {
  project_id = openai_project_service_account.pipeline.project_id
  user_id    = openai_project_service_account.pipeline.id
  role_id    = "role-api-project-member"
}

# A short-lived admin key for a pipeline step of this run: created when
# Terraform opens it, deleted when the run ends (and expiring after 15
# minutes regardless); it never reaches the state or the plan. The step here
# only checks it received one; a real one would hand it to a secret store.
ephemeral "openai_admin_api_key" "pipeline" {
  name               = "org-from-scratch pipeline"
  expires_in_seconds = 900
}

# The service account's own API key for the same step, made the same way:
# opened at the start of the run, deleted at its end.
ephemeral "openai_project_service_account_key" "pipeline" {
  project_id         = openai_project_service_account.pipeline.project_id
  service_account_id = openai_project_service_account.pipeline.id
  name               = "org-from-scratch pipeline"
}

resource "terraform_data" "pipeline_step" {
  input = openai_project.gamma.id

  provisioner "local-exec" {
    command = "test -n \"$PIPELINE_ADMIN_KEY\" && test -n \"$PIPELINE_PROJECT_KEY\""
    environment = {
      PIPELINE_ADMIN_KEY   = ephemeral.openai_admin_api_key.pipeline.value
      PIPELINE_PROJECT_KEY = ephemeral.openai_project_service_account_key.pipeline.value
    }
  }
}
