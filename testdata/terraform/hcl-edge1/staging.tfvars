# Read only with -var-file=staging.tfvars: dxlint does not read it either.
vlan = 999
