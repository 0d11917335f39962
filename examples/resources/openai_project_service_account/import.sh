# <project_id>/<service_account_id>
terraform import openai_project_service_account.example proj_123/svc_acct_abc123
