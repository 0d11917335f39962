variable "project_id" {
  type    = string
  default = "proj_abc"
}

variable "service_account_id" {
  type    = string
  default = "svc_acct_abc"
}

# A key for the service account that exists only while this run does: created
# when Terraform opens it, deleted when the run ends, never in state or plan.
ephemeral "openai_project_service_account_key" "deploy" {
  project_id         = var.project_id
  service_account_id = var.service_account_id
  name               = "deploy-pipeline"
}

# Hand the key to a step that needs it during the run (here a script; a
# secret store's write-only attribute works the same way).
resource "terraform_data" "smoke_test" {
  input = var.service_account_id

  provisioner "local-exec" {
    command = "test -n \"$OPENAI_API_KEY\""
    environment = {
      OPENAI_API_KEY = ephemeral.openai_project_service_account_key.deploy.value
    }
  }
}
