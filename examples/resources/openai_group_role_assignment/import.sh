# Project assignment: <project_id>/<group_id>/<role_id>
terraform import openai_group_role_assignment.support_key_manager proj_alpha/group_support/role_proj_alpha~5e0c7a19f2b84d36

# Organization assignment: <group_id>/<role_id>
terraform import openai_group_role_assignment.finance_viewer group_finance/role-api-organization-viewer
