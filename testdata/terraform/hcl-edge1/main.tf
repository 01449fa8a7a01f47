locals {
  site     = "edge1"
  v4_block = "169.254.100"
}

resource "aws_dx_gateway" "main" {
  name            = "${local.site}-gw"
  amazon_side_asn = "64512"
}

resource "aws_dx_private_virtual_interface" "edge1" {
  connection_id    = "dxcon-fgab5678"
  name             = "${local.site}-prod"
  vlan             = var.vlan
  address_family   = "ipv4"
  bgp_asn          = var.customer_asn
  amazon_address   = "${local.v4_block}.1/30"
  customer_address = "${local.v4_block}.2/30"
  bgp_auth_key     = var.md5_key
  dx_gateway_id    = aws_dx_gateway.main.id
}

resource "aws_customer_gateway" "hq" {
  bgp_asn    = var.customer_asn
  ip_address = "198.51.100.7"
  type       = "ipsec.1"
}

resource "aws_ec2_transit_gateway" "core" {
  description = "no amazon_side_asn: AWS's default applies"
}

resource "aws_vpn_connection" "hq" {
  customer_gateway_id   = aws_customer_gateway.hq.id
  transit_gateway_id    = aws_ec2_transit_gateway.core.id
  type                  = "ipsec.1"
  preshared_key_storage = "SecretsManager"
  tunnel1_inside_cidr   = "169.254.10.0/30"
  tunnel2_inside_cidr   = cidrsubnet("169.254.20.0/24", 6, 0)
}
