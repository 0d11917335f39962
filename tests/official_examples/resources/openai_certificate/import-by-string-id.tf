import {
  to = openai_certificate.example
  id = "certificate_123"
}
