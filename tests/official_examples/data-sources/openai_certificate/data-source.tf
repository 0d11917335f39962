data "openai_certificate" "example" {
  certificate_id = "certificate_123"
}
