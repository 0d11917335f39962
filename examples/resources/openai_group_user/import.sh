# <group_id>/<user_id>
terraform import openai_group_user.bob 8f3b2c1d4e5f60718293a4b5c6d7e8f9/user_abc123
