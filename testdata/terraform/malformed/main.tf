resource "aws_dx_private_virtual_interface" "edge1" {
  vlan         = 101
  bgp_auth_key = "0xMalformedSecretKey" +
}
