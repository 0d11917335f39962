# <group_id>. A SCIM-managed group can be imported too, to refer to it; it
# then cannot be renamed or destroyed here (its identity provider owns it).
terraform import openai_group.data_science group_01J1F8ABCDXYZ
