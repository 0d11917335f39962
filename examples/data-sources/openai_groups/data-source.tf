# Every group of the organization.
data "openai_groups" "all" {}

# The groups the identity provider manages through SCIM: refer to them, but
# change them (and their members) in the identity provider.
output "scim_managed_groups" {
  value = [for group in data.openai_groups.all.groups : group.name if group.is_scim_managed]
}

# Group names need not be unique: group the IDs by name.
output "group_ids_by_name" {
  value = { for group in data.openai_groups.all.groups : group.name => group.id... }
}
