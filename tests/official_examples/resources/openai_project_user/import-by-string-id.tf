import {
  to = openai_project_user.example
  id = "proj_123/user_123"
}
