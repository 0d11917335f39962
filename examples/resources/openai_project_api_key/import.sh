# <project_id>/<api_key_id>: the key's secret is never read; destroying the
# resource revokes the key.
terraform import openai_project_api_key.old_laptop proj_abc/key_abc
