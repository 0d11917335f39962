variable "project_name" {
  description = "Name of the project to create."
  type        = string
  default     = "Gamma"
}

variable "team_name" {
  description = "Name of the team's group."
  type        = string
  default     = "Data Science"
}

variable "team_emails" {
  description = "Email addresses of the team's members (users of the organization)."
  type        = list(string)
  default     = ["bob@example.com", "dee@example.com"]
}

variable "owner_email" {
  description = "Email address of the project's owner."
  type        = string
  default     = "erin@example.com"
}

variable "invitee_email" {
  description = "Email address of a person to invite (not yet a member of the organization)."
  type        = string
  default     = "newcomer@example.com"
}
