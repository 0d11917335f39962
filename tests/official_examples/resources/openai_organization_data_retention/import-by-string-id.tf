import {
  to = openai_organization_data_retention.example
  id = "organization"
}
