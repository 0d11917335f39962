resource "openai_organization_role" "group_manager" {
  name = "Group Manager"
  # A misspelt permission fails the plan, naming the nearest known ones.
  permissions = [
    provider::openai::permission("api.groups.read"),
    provider::openai::permission("api.groups.write"),
  ]
}
