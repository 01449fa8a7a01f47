//! Platform profiles: what differs by platform and is not written in the configuration
//! (defaults, limits, naming), as data. Each dialect supplies one (`Dialect::profile`); the
//! rules read it through [`RouterModel::profile`](super::RouterModel::profile) instead of
//! asking which vendor wrote the file.

use super::Timers;

/// Reversible encodings a platform stores keys in (dxlint decodes them to compare keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyEncoding {
    /// IOS `7 <hex>` (Vigenère with a fixed table).
    Cisco7,
    /// Junos `$9$…`.
    Junos9,
    /// Arista EOS `password 7 <base64>`: DES-CBC keyed by the neighbor's or peer group's
    /// name (not Cisco type 7).
    EosDes,
}

/// How the platform counts an interface MTU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MtuSemantics {
    /// The IP MTU (IOS `ip mtu`/`mtu`, Linux).
    L3,
    /// The media MTU includes the Ethernet header (`header` bytes) and each 802.1Q tag
    /// (`per_tag` bytes): Junos `mtu` on a physical interface.
    L2 { header: u32, per_tag: u32 },
}

/// How the platform's route filters treat a name no list defines (the policy engine,
/// `dialect::policy`, reads this; configurations name lists before, after or without
/// defining them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicySemantics {
    /// A route-map's `match ip address prefix-list X` with no list X: IOS matches every
    /// route; FRR (and so VyOS) matches none (the oracle's FRR sends nothing through it).
    pub undefined_list_in_map_matches: bool,
    /// A neighbor's outbound prefix-list that is not defined: IOS filters nothing; FRR
    /// sends nothing (the oracle's scenario `undefined-prefix-list-out`; VyOS refuses the
    /// commit).
    pub undefined_outbound_list_permits: bool,
}

impl PolicySemantics {
    /// IOS's reading (and the one dxlint applies where a platform does not say).
    pub const IOS: PolicySemantics = PolicySemantics {
        undefined_list_in_map_matches: true,
        undefined_outbound_list_permits: true,
    };
    /// FRR's reading, as VyOS runs it.
    pub const FRR: PolicySemantics = PolicySemantics {
        undefined_list_in_map_matches: false,
        undefined_outbound_list_permits: false,
    };
}

/// The platform's behaviour where the configuration says nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlatformProfile {
    /// The name findings use for the platform (`--vendor` spelling).
    pub name: &'static str,
    /// BGP keepalive/hold when no timers are configured.
    pub default_timers: Timers,
    /// Phase-1 (IKE SA) lifetime in seconds when none is set; `None` where unknown or the
    /// platform has no IPsec.
    pub default_ike_lifetime: Option<u32>,
    /// Phase-2 (IPsec SA) lifetime in seconds when none is set.
    pub default_ipsec_lifetime: Option<u32>,
    /// The IKE version a peer uses when the configuration does not say (`None`: no fixed one).
    pub default_ike_version: Option<u8>,
    /// Longest TCP-MD5 key the platform stores without truncating it.
    pub md5_key_limit: usize,
    /// Key encodings the platform writes that can be decoded.
    pub reversible_key_encodings: &'static [KeyEncoding],
    /// How `mtu` statements count (the extractor normalises to L3 with this).
    pub mtu: MtuSemantics,
    /// eBGP sends and accepts nothing without a policy unless the configuration says otherwise.
    pub ebgp_requires_policy: bool,
    /// A neighbor with no address family configured still runs IPv4 unicast (Junos); elsewhere
    /// such a neighbor never opens the session.
    pub implicit_ipv4_unicast: bool,
    /// The router accepts the peer's connection to any of its addresses, whatever source it
    /// would use itself (FRR, and VyOS which runs it).
    pub accepts_any_local_address: bool,
    /// VLAN units need a switch on the port to receive tagged frames (Junos `vlan-tagging`).
    pub vlan_tagging_switch: bool,
    /// Name prefixes (lower case) of tunnel interfaces.
    pub tunnel_name_prefixes: &'static [&'static str],
    /// Default MTU of tunnel interfaces whose name starts with the prefix (`""`: any tunnel).
    pub tunnel_default_mtu: &'static [(&'static str, u32)],
    /// The L3 MTU of an Ethernet interface the configuration gives none; `None` where the
    /// configuration does not carry interface MTUs at all (FRR: the host sets them), so
    /// nothing can be said about it.
    pub default_interface_mtu: Option<u32>,
    /// Undefined names in route filters.
    pub policy: PolicySemantics,
}

impl PlatformProfile {
    /// For a model no dialect produced (hand-built in tests): no platform defaults beyond
    /// the common BGP timers.
    pub const GENERIC: PlatformProfile = PlatformProfile {
        name: "the router",
        default_timers: Timers {
            keepalive: 60,
            hold: 180,
        },
        default_ike_lifetime: None,
        default_ipsec_lifetime: None,
        default_ike_version: None,
        md5_key_limit: 80,
        reversible_key_encodings: &[],
        mtu: MtuSemantics::L3,
        ebgp_requires_policy: false,
        implicit_ipv4_unicast: false,
        accepts_any_local_address: false,
        vlan_tagging_switch: false,
        tunnel_name_prefixes: &["tunnel", "st0", "vti"],
        tunnel_default_mtu: &[],
        default_interface_mtu: Some(1500),
        policy: PolicySemantics::IOS,
    };

    /// Whether an interface of this name is a tunnel by the platform's naming.
    pub fn is_tunnel_name(&self, name: &str) -> bool {
        let n = name.to_ascii_lowercase();
        self.tunnel_name_prefixes.iter().any(|p| n.starts_with(p))
    }

    /// The MTU a tunnel interface of this name has when none is configured, if fixed.
    pub fn tunnel_mtu_default(&self, name: &str) -> Option<u32> {
        self.tunnel_default_mtu
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix))
            .map(|&(_, mtu)| mtu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tunnel_names_and_mtu_defaults_follow_the_prefixes() {
        let p = PlatformProfile {
            tunnel_name_prefixes: &["st0"],
            tunnel_default_mtu: &[("st0", 9192)],
            ..PlatformProfile::GENERIC
        };
        assert!(p.is_tunnel_name("st0.1"));
        assert!(p.is_tunnel_name("ST0.1"));
        assert!(!p.is_tunnel_name("ge-0/0/0.100"));
        assert_eq!(p.tunnel_mtu_default("st0.1"), Some(9192));
        assert_eq!(p.tunnel_mtu_default("ge-0/0/0.100"), None);
        let any = PlatformProfile {
            tunnel_default_mtu: &[("", 1500)],
            ..PlatformProfile::GENERIC
        };
        assert_eq!(any.tunnel_mtu_default("vti0"), Some(1500));
    }
}
