# <project_id>/<role_id>
terraform import openai_project_role.key_manager proj_alpha/role_proj_alpha~5e0c7a19f2b84d36
