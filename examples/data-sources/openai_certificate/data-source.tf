data "openai_certificate" "example" {
  certificate_id = "cert_abc123"
}
