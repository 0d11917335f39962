data "openai_groups" "example" {
}
