# <group_id>: imports every current member of the group.
terraform import openai_group_members.data_science 8f3b2c1d4e5f60718293a4b5c6d7e8f9
