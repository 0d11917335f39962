# <project_id>/<role_id>
terraform import openai_project_role.key_manager proj_alpha/role_01J1F8PROJ
