# Every user of the organization.
data "openai_users" "everyone" {}

# Only the users with these email addresses; an email no user has is an error.
data "openai_users" "data_science" {
  emails = ["bob@example.com", "dee@example.com"]
}

output "organization_owners" {
  value = [for user in data.openai_users.everyone.users : user.email if user.role == "owner"]
}

output "data_science_ids" {
  value = data.openai_users.data_science.users[*].id
}
