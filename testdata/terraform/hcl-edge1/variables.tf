variable "vlan" {
  description = "802.1Q tag of the VIF (terraform.tfvars sets the real one)"
  type        = number
  default     = 100
}

variable "customer_asn" {
  type    = number
  default = 65010
}

# No default and not in terraform.tfvars: given at apply time (-var or TF_VAR_md5_key).
variable "md5_key" {
  type      = string
  sensitive = true
}
