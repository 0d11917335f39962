# <certificate_id>
terraform import openai_certificate.example cert_abc123
