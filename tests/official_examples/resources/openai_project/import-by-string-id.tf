import {
  to = openai_project.example
  id = "proj_123"
}
