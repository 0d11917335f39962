# The client certificate's PEM (public: no private key), e.g.
# file("client.pem").
variable "client_certificate_pem" {
  type = string
}

# A client certificate for mutual TLS, active at the organization and in
# one project. Destroying it deactivates it there, then deletes it.
resource "openai_certificate" "example" {
  name               = "client mTLS"
  certificate        = var.client_certificate_pem
  active             = true
  active_project_ids = ["proj_123"]
}
