data "openai_certificates" "example" {
}
