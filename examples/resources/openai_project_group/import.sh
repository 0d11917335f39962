# <project_id>/<group_id>/<role_id>: the role_id part names the join role, one of the
# roles the group holds in the project (refused otherwise); openai-admin export writes this.
terraform import openai_project_group.support proj_abc/8f3b2c1d4e5f60718293a4b5c6d7e8f9/role-api-project-member

# <project_id>/<group_id>: the role is read from the group's roles in the
# project when it has exactly one; otherwise the next plan sets it in place.
terraform import openai_project_group.support proj_abc/8f3b2c1d4e5f60718293a4b5c6d7e8f9
