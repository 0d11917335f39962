resource "openai_certificate" "example" {
  certificate = file("path/to/certificate.pem")
}
