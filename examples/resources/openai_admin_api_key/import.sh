# Import an existing admin API key by its ID: <key_id>.
terraform import openai_admin_api_key.old_laptop key_abc123
