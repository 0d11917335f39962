# Amounts are in cents: 250000 is $2,500.00 a month.
resource "openai_organization_spend_limit" "example" {
  threshold_amount = 250000
  currency         = "USD"
  interval         = "month"
}
