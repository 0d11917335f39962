resource "openai_group" "example" {
  name = "terraform-managed"
}
