# <group_id>: imports every current member of the group.
terraform import openai_group_members.data_science group_01J1F8ABCDXYZ
