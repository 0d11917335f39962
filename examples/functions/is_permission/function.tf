variable "permissions" {
  type    = set(string)
  default = ["api.files.read", "api.model.request"]

  validation {
    condition     = alltrue([for p in var.permissions : provider::openai::is_permission(p)])
    error_message = "Every permission must be one the openai provider knows."
  }
}
