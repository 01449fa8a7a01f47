vyos@edge1:~$ show configuration
interfaces {
    ethernet eth0 {
        address 192.0.2.10/24
        description "management"
    }
    ethernet eth1 {
        description "Direct Connect dxcon-fgab5678"
        mtu 1500
        vif 101 {
            address 169.254.100.2/30
            description "dxvif-ffab1234 edge1-prod"
            mtu 1500
        }
    }
    loopback lo {
    }
}
policy {
    prefix-list AWS-OUT {
        rule 10 {
            action permit
            prefix 10.10.0.0/16
        }
    }
}
protocols {
    bgp {
        address-family {
            ipv4-unicast {
                network 10.10.0.0/16 {
                }
            }
        }
        neighbor 169.254.100.1 {
            address-family {
                ipv4-unicast {
                    prefix-list {
                        export AWS-OUT
                    }
                }
            }
            bfd {
            }
            description "AWS dxvif-ffab1234"
            password "0xDxLintExampleKey01"
            remote-as 64512
            timers {
                holdtime 90
                keepalive 30
            }
        }
        parameters {
            router-id 192.0.2.10
        }
        system-as 65010
    }
}
system {
    host-name edge1
}
// Warning: Do not remove the following line.
// vyos-config-version: "bgp@5:interfaces@32:policy@8:system@27"
// Release version: 1.4.0
[edit]
vyos@edge1# exit
