# organization (the only ID)
terraform import openai_organization_data_retention.example organization
