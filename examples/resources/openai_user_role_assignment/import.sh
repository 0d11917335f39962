# Project assignment: <project_id>/<user_id>/<role_id>
terraform import openai_user_role_assignment.alice_key_manager proj_alpha/user_alice/role_01J1F8PROJ

# Organization assignment: <user_id>/<role_id>
terraform import openai_user_role_assignment.carol_viewer user_carol/role-api-organization-viewer
