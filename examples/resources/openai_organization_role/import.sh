# <role_id>
terraform import openai_organization_role.auditor role_01J1F8ORG
