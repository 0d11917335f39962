# <user_id>. This is the only way to bring a member under Terraform (they
# join by accepting an invite); an import block works too (see above).
terraform import openai_organization_user.example user-abc123
