# <project_id>/<user_id>
terraform import openai_project_user.bob proj_abc/user_abc
