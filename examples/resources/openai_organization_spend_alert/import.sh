# <alert_id>
terraform import openai_organization_spend_alert.example alert_abc123
