//! RouterModel: what a dialect extractor learned from one router configuration.
//! Every value carries the span of the line it came from; inherited values carry the
//! span of the line that set them (a peer-group, a template, a Junos group).

use super::profile::PlatformProfile;
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::net::IpAddr;

/// Configuration dialects dxlint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vendor {
    CiscoIos,
    Frr,
    Junos,
    Vyos,
    /// Cisco IOS-XR (ASR 9000, NCS, 8000): hierarchical BGP, RPL, commit-based.
    CiscoIosXr,
    /// Cisco NX-OS (Nexus): nested neighbor blocks, templates.
    CiscoNxos,
    /// Arista EOS: IOS-like flat BGP with its own encodings.
    AristaEos,
    /// Cisco ASA 9.x (firewall; IOS-like syntax, its own crypto and `tunnel-group`s).
    CiscoAsa,
    /// Fortinet FortiOS (`config … / edit … / set … / next / end`).
    Fortios,
    /// Palo Alto PAN-OS (`set` commands or the brace form of `show config running`).
    Panos,
}

impl Vendor {
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::CiscoIos => "cisco-ios",
            Vendor::Frr => "frr",
            Vendor::Junos => "junos",
            Vendor::Vyos => "vyos",
            Vendor::CiscoIosXr => "cisco-iosxr",
            Vendor::CiscoNxos => "cisco-nxos",
            Vendor::AristaEos => "arista-eos",
            Vendor::CiscoAsa => "cisco-asa",
            Vendor::Fortios => "fortios",
            Vendor::Panos => "panos",
        }
    }

    pub fn parse(s: &str) -> Option<Vendor> {
        match s.to_ascii_lowercase().as_str() {
            "cisco-ios" | "cisco" | "ios" | "ios-xe" | "iosxe" | "cisco-ios-xe" => {
                Some(Vendor::CiscoIos)
            }
            "frr" | "quagga" => Some(Vendor::Frr),
            "junos" | "juniper" => Some(Vendor::Junos),
            "vyos" => Some(Vendor::Vyos),
            "cisco-iosxr" | "iosxr" | "ios-xr" | "cisco-ios-xr" | "xr" => Some(Vendor::CiscoIosXr),
            "cisco-nxos" | "nxos" | "nx-os" | "cisco-nx-os" => Some(Vendor::CiscoNxos),
            "arista-eos" | "eos" | "arista" => Some(Vendor::AristaEos),
            "cisco-asa" | "asa" => Some(Vendor::CiscoAsa),
            "fortios" | "fortigate" | "fortinet" => Some(Vendor::Fortios),
            "panos" | "pan-os" | "paloalto" | "palo-alto" => Some(Vendor::Panos),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct RouterModel {
    pub vendor: Option<Vendor>,
    /// The platform's defaults and limits (set by the dialect that read the file).
    pub profile: Option<&'static PlatformProfile>,
    pub hostname: Option<String>,
    pub interfaces: Vec<Interface>,
    /// One BGP process per routing table: the global one and one per VRF/routing instance.
    pub bgp: Vec<BgpProcess>,
    pub ipsec: Ipsec,
    /// Packet filters and NAT (ACLs, firewall filters, rule-sets) and where they apply.
    pub filters: crate::model::filter::Filters,
    /// Malformed lines that matter (become DX001 findings).
    pub problems: Vec<ConfigProblem>,
    /// Inline suppressions (`dxlint-disable`) found in comments.
    pub suppressions: Vec<Suppression>,
    /// Every comment (its full text span, including the comment marker), in order.
    pub comments: Vec<Span>,
    pub stats: ParseStats,
}

impl RouterModel {
    /// The platform profile of the dialect that read the file ([`PlatformProfile::GENERIC`]
    /// for a model built by hand).
    pub fn profile(&self) -> &'static PlatformProfile {
        self.profile.unwrap_or(&PlatformProfile::GENERIC)
    }

    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.interfaces
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
    }

    pub fn neighbors(&self) -> impl Iterator<Item = (&BgpProcess, &Neighbor)> {
        self.bgp
            .iter()
            .flat_map(|p| p.neighbors.iter().map(move |n| (p, n)))
    }

    pub fn neighbor_count(&self) -> usize {
        self.bgp.iter().map(|p| p.neighbors.len()).sum()
    }

    /// The BGP process (global or a VRF's) that has a neighbor at `addr`.
    pub fn bgp_process_of(&self, addr: IpAddr) -> Option<&BgpProcess> {
        self.bgp
            .iter()
            .find(|p| p.neighbors.iter().any(|n| n.addr == addr))
    }

    /// Every key the dialect read: neighbors' MD5 passwords and IKE peers' pre-shared keys
    /// (what the reports mask, wherever it appears).
    pub fn secrets(&self) -> impl Iterator<Item = &Spanned<Password>> {
        self.neighbors()
            .filter_map(|(_, n)| n.password.as_ref())
            .chain(self.ipsec.peers.iter().filter_map(|p| p.psk.as_ref()))
    }

    /// The L3 MTU an interface really uses: the smallest of its own and its parent port's
    /// (a sub-interface / unit / vif never carries more than its port), else the platform's
    /// default; `None` where the configuration carries no MTU and the platform leaves it to
    /// the host (FRR). The span is the line of the limiting MTU.
    pub fn l3_mtu(&self, iface: &Interface) -> Option<(u32, Option<Span>)> {
        let own = iface.mtu.as_ref();
        let parent = iface
            .parent
            .as_deref()
            .and_then(|p| self.interface(p))
            .and_then(|p| p.mtu.as_ref());
        let limit = match (own, parent) {
            (Some(o), Some(p)) if p.value < o.value => Some(p),
            (Some(o), _) => Some(o),
            (None, p) => p,
        };
        match limit {
            Some(m) => Some((m.value, Some(m.span))),
            None => self.profile().default_interface_mtu.map(|d| (d, None)),
        }
    }

    /// [`Self::l3_mtu`], with Ethernet's 1500 where nothing is known.
    pub fn effective_mtu(&self, iface: &Interface) -> (u32, Option<Span>) {
        self.l3_mtu(iface).unwrap_or((1500, None))
    }

    /// Administratively down, itself or through its parent.
    pub fn disabled_span(&self, iface: &Interface) -> Option<Span> {
        iface.disabled.or_else(|| {
            iface
                .parent
                .as_deref()
                .and_then(|p| self.interface(p))
                .and_then(|p| p.disabled)
        })
    }
}

/// Counters for `--verbose`: what the extractor read and what it skipped.
#[derive(Debug, Default, Clone)]
pub struct ParseStats {
    pub lines: usize,
    pub statements: usize,
    pub unknown: usize,
    /// Lines blanked as capture artefacts (prompts, pagers, `Building configuration...`).
    pub capture_lines: usize,
    /// With `--vendor`: what detection would have said, when that differs.
    pub detected: Option<Vendor>,
    /// The first [`ParseStats::SKIPPED_KEPT`] statements counted in `unknown`, for `-v`.
    pub skipped: Vec<Span>,
    /// Why detection chose this dialect, when it was not sure (the IOS-like dialects share
    /// most keywords); `None` when the dialect was given or the markers were clear.
    pub detection_note: Option<String>,
}

impl ParseStats {
    /// Statements whose place `-v` lists; the rest are only counted.
    pub const SKIPPED_KEPT: usize = 20;

    /// Count a statement dxlint does not read, keeping where it is while few are kept.
    pub fn skip(&mut self, span: Span) {
        self.unknown += 1;
        if self.skipped.len() < Self::SKIPPED_KEPT {
            self.skipped.push(span);
        }
    }
}

/// A relevant line dxlint could not read (e.g. `remote-as abc`, VLAN 5000).
#[derive(Debug, Clone)]
pub struct ConfigProblem {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub reason: String,
    /// The comment itself.
    pub span: Span,
    /// The statement it silences; `None` for a whole-file suppression.
    pub target: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VlanTags {
    pub outer: u16,
    pub inner: Option<u16>,
}

#[derive(Debug, Clone)]
pub struct Interface {
    pub name: String,
    /// The line that opens the interface (or unit/vif) definition.
    pub span: Span,
    /// The port of a unit / sub-interface / vif. Shared: a port's 1,000s of units all name it.
    pub parent: Option<std::sync::Arc<str>>,
    pub vlan: Option<Spanned<VlanTags>>,
    /// The VLAN is the port's native VLAN (IOS `encapsulation dot1Q N native`): frames leave
    /// untagged although the interface names a VLAN. The span is the line that says so.
    pub native_vlan: Option<Span>,
    /// Junos: whether the physical port enables tagging (`vlan-tagging`, …).
    /// `None` where the vendor has no such switch.
    pub tagging_enabled: Option<bool>,
    pub addresses: Vec<InterfaceAddress>,
    /// L3 MTU, already normalised from the vendor's way of counting.
    pub mtu: Option<Spanned<u32>>,
    /// The line as the vendor writes MTU, to label findings (e.g. `mtu 9018` on Junos media).
    pub disabled: Option<Span>,
    pub vrf: Option<String>,
    pub description: Option<String>,
    /// Boxed: few interfaces are tunnels, and the details are large.
    pub tunnel: Option<Box<Tunnel>>,
    /// TCP MSS clamp on the interface (`ip tcp adjust-mss`, …).
    pub tcp_mss: Option<Spanned<u32>>,
}

impl Interface {
    pub fn new(name: impl Into<String>, span: Span) -> Self {
        Interface {
            name: name.into(),
            span,
            parent: None,
            vlan: None,
            native_vlan: None,
            tagging_enabled: None,
            addresses: Vec::new(),
            mtu: None,
            disabled: None,
            vrf: None,
            description: None,
            tunnel: None,
            tcp_mss: None,
        }
    }

    /// The address entry (if any) whose host equals `ip`.
    pub fn address_of(&self, ip: IpAddr) -> Option<&InterfaceAddress> {
        self.addresses.iter().find(|a| a.net.addr() == ip)
    }
}

#[derive(Debug, Clone)]
pub struct InterfaceAddress {
    pub net: IpNet,
    pub span: Span,
    pub secondary: bool,
}

/// Tunnel interface details for Site-to-Site VPN.
#[derive(Debug, Clone, Default)]
pub struct Tunnel {
    pub source: Option<Spanned<String>>,
    pub destination: Option<Spanned<IpAddr>>,
    /// IPsec profile / VPN binding that protects this tunnel.
    pub protection: Option<Spanned<String>>,
    /// IOS `tunnel mode` as written after `mode` (`ipsec ipv4`, `gre ip`, …). `None`: not
    /// written, which on IOS means GRE; vendors whose tunnels are IPsec by construction
    /// (Junos st0, VyOS vti) leave it `None`.
    pub mode: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct BgpProcess {
    pub vrf: Option<String>,
    pub local_as: Option<Spanned<u32>>,
    pub router_id: Option<Spanned<IpAddr>>,
    /// Process-wide timers (`timers bgp k h`).
    pub timers: Option<Spanned<Timers>>,
    /// The line that opens the process (`router bgp 65000`).
    pub span: Span,
    pub neighbors: Vec<Neighbor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    pub keepalive: u32,
    pub hold: u32,
}

/// A stored key as the router holds it.
#[derive(Debug, Clone)]
pub enum Password {
    /// Clear text, or decoded from a reversible encoding (Cisco type 7, Junos `$9$`).
    Known(Secret),
    /// Stored with an irreversible hash or a device-specific key (type 6/8/9, `$8$`).
    Unverifiable(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Afi {
    Ipv4,
    Ipv6,
}

impl Afi {
    pub fn of(ip: IpAddr) -> Afi {
        match ip {
            IpAddr::V4(_) => Afi::Ipv4,
            IpAddr::V6(_) => Afi::Ipv6,
        }
    }
    /// The family of a prefix.
    pub fn of_net(net: &IpNet) -> Afi {
        Afi::of(net.addr())
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Afi::Ipv4 => "ipv4",
            Afi::Ipv6 => "ipv6",
        }
    }
}

/// What a neighbor advertises in one address family, as far as the config shows.
#[derive(Debug, Clone, Default)]
pub struct Advertisement {
    /// Prefixes that will be sent (after outbound filters), each with its origin line.
    pub prefixes: Vec<Spanned<IpNet>>,
    /// Set when the count cannot be bounded from the config (redistribute without a
    /// filter, a policy dxlint cannot evaluate): the line and why.
    pub unbounded: Option<Box<Spanned<String>>>,
    /// `default-originate` or equivalent.
    pub default_originate: Option<Span>,
    /// Why nothing is sent whatever the family offers (IOS-XR: an eBGP neighbor without
    /// an outbound `route-policy` advertises nothing): the line and the reason.
    pub withheld: Option<Box<Spanned<String>>>,
}

#[derive(Debug, Clone)]
pub struct NeighborFamily {
    pub afi: Afi,
    /// The line that activates the family for this neighbor; `None` if not active.
    pub activated: Option<Span>,
    /// `address-family` block that contains it (where a fix goes).
    pub block: Option<Span>,
    pub advertised: Advertisement,
    pub maximum_prefix: Option<Spanned<u32>>,
}

#[derive(Debug, Clone)]
pub struct Neighbor {
    pub addr: IpAddr,
    pub span: Span,
    pub remote_as: Option<Spanned<RemoteAs>>,
    pub password: Option<Spanned<Password>>,
    pub timers: Option<Spanned<Timers>>,
    pub bfd: Option<Span>,
    pub families: Vec<NeighborFamily>,
    pub description: Option<String>,
    /// Peer-group / BGP group name, for messages and fixes. Shared: every neighbor of a
    /// group names it (a large router has 10,000s of neighbors in a few groups).
    pub group: Option<std::sync::Arc<str>>,
    /// What few neighbors set, boxed: a large router has 10,000s of neighbors, and these
    /// fields, empty in nearly all of them, took 130 bytes in each. Read through
    /// [`Neighbor::rare`], written through [`Neighbor::rare_mut`].
    rare: Option<Box<NeighborRare>>,
}

/// The settings of a neighbor that most configurations leave out.
#[derive(Debug, Clone, Default)]
pub struct NeighborRare {
    /// `local-as` override: the ASN this neighbor sees in our OPEN.
    pub local_as: Option<Spanned<u32>>,
    pub update_source: Option<Spanned<String>>,
    /// Explicit local address (Junos `local-address`).
    pub local_address: Option<Spanned<IpAddr>>,
    pub ebgp_multihop: Option<Spanned<u32>>,
    pub ttl_security: Option<Spanned<u32>>,
    pub disable_connected_check: Option<Span>,
    pub shutdown: Option<Span>,
    /// The `shutdown` is a Junos `inactive:` / `deactivate`: the neighbor is not in the
    /// configuration the router runs, so a session that was up ends with Cease 6/3.
    pub deconfigured: bool,
}

/// All `None`: what [`Neighbor::rare`] (and builders with the same settings) answer when
/// nothing is set.
pub(crate) static NO_RARE_SETTINGS: NeighborRare = NeighborRare {
    local_as: None,
    update_source: None,
    local_address: None,
    ebgp_multihop: None,
    ttl_security: None,
    disable_connected_check: None,
    shutdown: None,
    deconfigured: false,
};

impl Neighbor {
    pub fn new(addr: IpAddr, span: Span) -> Self {
        Neighbor {
            addr,
            span,
            remote_as: None,
            password: None,
            timers: None,
            bfd: None,
            // Each dialect reserves what it adds (one or two families; the default growth
            // would reserve four).
            families: Vec::new(),
            description: None,
            group: None,
            rare: None,
        }
    }

    /// The rarely set settings (all `None` when none is set).
    pub fn rare(&self) -> &NeighborRare {
        self.rare.as_deref().unwrap_or(&NO_RARE_SETTINGS)
    }

    /// The rarely set settings, for writing (allocated on first use).
    pub fn rare_mut(&mut self) -> &mut NeighborRare {
        self.rare.get_or_insert_with(Default::default)
    }

    /// Take the rarely set settings out (all `None` when none is set), e.g. to merge them.
    pub fn take_rare(&mut self) -> NeighborRare {
        self.rare.take().map(|b| *b).unwrap_or_default()
    }

    /// Store the rarely set settings; nothing is allocated when none is set.
    pub fn set_rare(&mut self, rare: NeighborRare) {
        self.rare = (!rare.is_empty()).then(|| Box::new(rare));
    }

    pub fn family(&self, afi: Afi) -> Option<&NeighborFamily> {
        self.families.iter().find(|f| f.afi == afi)
    }
}

impl NeighborRare {
    fn is_empty(&self) -> bool {
        let NeighborRare {
            local_as,
            update_source,
            local_address,
            ebgp_multihop,
            ttl_security,
            disable_connected_check,
            shutdown,
            deconfigured,
        } = self;
        local_as.is_none()
            && update_source.is_none()
            && local_address.is_none()
            && ebgp_multihop.is_none()
            && ttl_security.is_none()
            && disable_connected_check.is_none()
            && shutdown.is_none()
            && !deconfigured
    }
}

/// `remote-as` as written: a number, or FRR/VyOS's `external` / `internal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteAs {
    Number(u32),
    External,
    Internal,
}

// ---------------------------------------------------------------- IPsec / IKE (VPN)

/// What the router offers for Site-to-Site VPN, in one vocabulary for every vendor:
///
/// - algorithm names are AWS's names in lower case (`aes128`, `aes256`, `aes128-gcm-16`,
///   `aes256-gcm-16`, `sha1`, `sha2-256`, `sha2-384`, `sha2-512`), others in the same style
///   (`aes192`, `3des`, `des`, `md5`); each dialect maps its own names to these;
/// - DH groups are numbers (`14`, not `group14` / `modp2048`);
/// - lifetimes are seconds; `None` means the platform default (IOS: 86400 s for IKE,
///   Junos/VyOS 28800 s; 3600 s for IPsec; see [`PlatformProfile::default_ike_lifetime`]);
/// - an algorithm the configuration leaves at the platform default (IOS hides default
///   values in `show running-config`) is filled in and points at the proposal's first line.
#[derive(Debug, Clone, Default)]
pub struct Ipsec {
    pub ike_proposals: Vec<IkeProposal>,
    pub ipsec_proposals: Vec<IpsecProposal>,
    pub peers: Vec<IkePeer>,
    /// IOS: the first `crypto ikev2 policy`, where a fix adds a proposal (`None`: no policy
    /// is configured, IOS uses its default one).
    pub ike_policy: Option<String>,
}

/// A phase-1 proposal (Cisco isakmp policy / ikev2 proposal, Junos ike proposal, VyOS
/// ike-group). IOS isakmp policies are named by their priority (`"200"`).
#[derive(Debug, Clone, Default)]
pub struct IkeProposal {
    pub name: String,
    pub span: Span,
    pub encryption: Vec<String>,
    pub integrity: Vec<String>,
    pub dh_groups: Vec<u32>,
    pub lifetime: Option<Spanned<u32>>,
}

/// A phase-2 proposal (IOS transform-set, Junos ipsec proposal, VyOS esp-group). An AEAD
/// cipher (GCM) has no separate integrity algorithm: `integrity` stays empty.
#[derive(Debug, Clone, Default)]
pub struct IpsecProposal {
    pub name: String,
    pub span: Span,
    pub encryption: Vec<String>,
    pub integrity: Vec<String>,
    pub pfs_group: Option<u32>,
    pub lifetime: Option<Spanned<u32>>,
}

/// One IKE peer (an AWS tunnel endpoint as the router sees it).
#[derive(Debug, Clone, Default)]
pub struct IkePeer {
    pub name: String,
    pub span: Span,
    pub address: Option<Spanned<IpAddr>>,
    pub ike_version: Option<Spanned<u8>>,
    pub psk: Option<Spanned<Password>>,
    /// Names of the phase-1 and phase-2 proposals this peer uses (empty: all defined).
    pub ike_proposals: Vec<String>,
    pub ipsec_proposals: Vec<String>,
    /// Dead-peer detection is on; the value is the vendor's main DPD timer in seconds (IOS
    /// and Junos: the probe interval; VyOS: the timeout).
    pub dpd: Option<Spanned<u32>>,
    /// Tunnel interface this peer protects, when the config binds them.
    pub interface: Option<String>,
    /// Phase-1 lifetime set on the peer rather than on a proposal (IOS: `lifetime` in the
    /// `crypto ikev2 profile`); when set it wins over the proposals' lifetimes. `None`: see
    /// the proposals, else the platform default.
    pub ike_lifetime: Option<Spanned<u32>>,
    /// Phase-2 lifetime set for this peer rather than on a proposal (IOS: `set
    /// security-association lifetime seconds` in the `crypto ipsec profile`, or the global
    /// `crypto ipsec security-association lifetime seconds`). `None`: see the proposals,
    /// else the platform default.
    pub ipsec_lifetime: Option<Spanned<u32>>,
    /// PFS group set for this peer rather than on a proposal (IOS: `set pfs` in the
    /// `crypto ipsec profile`). `None`: see the proposals' `pfs_group`; no PFS if neither.
    pub pfs_group: Option<Spanned<u32>>,
    /// Vendor objects a fix must name (IOS: the `crypto isakmp profile` / `crypto ikev2
    /// profile` matching this peer, the `crypto keyring` / `crypto ikev2 keyring` holding its
    /// key, and that IKEv2 keyring's `peer` block). `None` where the vendor has no such
    /// object or the configuration none for this peer. Junos: `profile` is the gateway's
    /// `ike-policy` (when that policy is defined).
    pub profile: Option<String>,
    pub keyring: Option<String>,
    pub keyring_peer: Option<String>,
}

impl IkePeer {
    /// The PFS group this peer asks for: its own, else the first its proposals name.
    pub fn effective_pfs(&self, ipsec: &Ipsec) -> Option<u32> {
        self.pfs_group.as_ref().map(|g| g.value).or_else(|| {
            ipsec
                .ipsec_proposals
                .iter()
                .filter(|p| self.ipsec_proposals.contains(&p.name))
                .find_map(|p| p.pfs_group)
        })
    }
}
