# <project_id>/<group_id>: the role is read from the group's roles in the
# project when it has exactly one; otherwise the next plan sets it in place.
terraform import openai_project_group.support proj_abc/group_01J1F8ABCDXYZ
