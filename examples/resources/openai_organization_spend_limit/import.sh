# organization (the only ID)
terraform import openai_organization_spend_limit.example organization
