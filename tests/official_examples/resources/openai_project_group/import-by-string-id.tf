import {
  to = openai_project_group.example
  id = "proj_123/group_123/role-api-project-member"
}
