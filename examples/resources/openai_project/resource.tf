# A project. The API cannot delete projects: `terraform destroy` archives it.
resource "openai_project" "gamma" {
  name = "Gamma"
}
