resource "openai_group" "auditors" {
  name = "Auditors"
}

# The auditors see the whole organization, read-only.
resource "openai_group_role_assignment" "auditors_viewer" {
  group_id = openai_group.auditors.id
  role_id  = provider::openai::predefined_organization_role_id("viewer")
}
