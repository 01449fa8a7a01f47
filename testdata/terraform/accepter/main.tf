resource "aws_dx_hosted_private_virtual_interface_accepter" "edge1" {
  virtual_interface_id = "dxvif-ffab1234"
  dx_gateway_id        = "5f294f92-bafb-4011-916d-9b0bexample"
}
