data "openai_organization_spend_alerts" "all" {}
