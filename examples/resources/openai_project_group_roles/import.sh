# <project_id>/<group_id>: imports every role the group has in the project.
terraform import openai_project_group_roles.support proj_alpha/group_support
