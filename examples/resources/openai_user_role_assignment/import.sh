# Project assignment: <project_id>/<user_id>/<role_id>
terraform import openai_user_role_assignment.alice_key_manager proj_alpha/user_alice/role_proj_alpha~5e0c7a19f2b84d36

# Organization assignment: <user_id>/<role_id>
terraform import openai_user_role_assignment.carol_viewer user_carol/role-api-organization-viewer
