# <group_id>. A SCIM-managed group can be imported too, to refer to it; it
# then cannot be renamed or destroyed here (its identity provider owns it).
terraform import openai_group.data_science 8f3b2c1d4e5f60718293a4b5c6d7e8f9
