# A user by email address (matched case-insensitively)...
data "openai_user" "bob" {
  email = "bob@example.com"
}

# ... or by ID.
data "openai_user" "alice" {
  id = "user_alice"
}

output "bob" {
  value = "${data.openai_user.bob.name} (${data.openai_user.bob.id}) is an organization ${data.openai_user.bob.role}"
}

output "alice_email" {
  value = data.openai_user.alice.email
}
