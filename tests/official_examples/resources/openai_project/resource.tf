resource "openai_project" "example" {
  name = "terraform-managed"
}
