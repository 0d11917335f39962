# <group_id>/<user_id>
terraform import openai_group_user.bob group_01J1F8ABCDXYZ/user_abc123
