data "openai_project_hosted_tool_permissions" "example" {
  project_id = "proj_123"
}
