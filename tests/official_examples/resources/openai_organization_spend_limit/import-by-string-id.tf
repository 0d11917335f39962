import {
  to = openai_organization_spend_limit.example
  id = "organization"
}
