import {
  to = openai_group.example
  id = "group_123"
}
