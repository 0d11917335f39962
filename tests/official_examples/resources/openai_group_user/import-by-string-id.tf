import {
  to = openai_group_user.example
  id = "group_123/user_123"
}
