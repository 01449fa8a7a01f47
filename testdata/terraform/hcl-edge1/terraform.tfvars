vlan = 101
