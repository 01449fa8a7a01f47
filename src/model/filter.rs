//! Packet filters and NAT as the router applies them, in one vocabulary for every vendor:
//! IOS access lists, Junos firewall filters, VyOS firewall rule-sets all become ordered
//! [`FilterTerm`]s with a platform default, bound somewhere ([`FilterBinding`]). Rules ask
//! [`crate::model::filter_eval`] whether BGP's or IKE's packets pass; they never read
//! vendor syntax.

use crate::model::Afi;
use crate::source::{Span, Spanned};
use ipnet::IpNet;

/// IP protocol numbers the rules use.
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;
pub const PROTO_ESP: u8 = 50;

/// What a term does with a packet it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAction {
    Accept,
    /// Dropped silently (IOS `deny`, Junos `discard`, VyOS `drop`).
    Discard,
    /// Dropped with an ICMP unreachable or a TCP RST (Junos/VyOS `reject`).
    Reject,
    /// Junos `next term` with no terminating action: matching changes nothing.
    Next,
}

impl FilterAction {
    pub fn drops(self) -> bool {
        matches!(self, FilterAction::Discard | FilterAction::Reject)
    }
}

/// An inclusive port range.
pub type PortRange = (u16, u16);

/// One entry of an access list / term of a filter / rule of a rule-set. Empty lists match
/// anything. A condition dxlint does not model makes the term [`FilterTerm::unmodelled`].
#[derive(Debug, Clone)]
pub struct FilterTerm {
    /// Sequence number, term name or rule number, for messages.
    pub name: String,
    /// The line (or first line) of the entry, where a finding points.
    pub span: Span,
    /// IP protocol numbers (empty: any).
    pub protocols: Vec<u8>,
    pub sources: Vec<IpNet>,
    /// Junos `source-address X except`: excluded from `sources`.
    pub source_except: Vec<IpNet>,
    pub destinations: Vec<IpNet>,
    pub destination_except: Vec<IpNet>,
    pub source_ports: Vec<PortRange>,
    pub destination_ports: Vec<PortRange>,
    /// Junos `address` / `prefix-list`: the source or the destination is one of these.
    pub addresses: Vec<IpNet>,
    /// Junos `port`: the source or the destination port is in one of these.
    pub ports: Vec<PortRange>,
    /// The filter this term was copied from (a VyOS `jump` target inlined into its base
    /// chain), so findings and fixes name the rule-set the user wrote it in. A term named
    /// `default-action` with an origin is that rule-set's default.
    pub origin: Option<String>,
    /// Arriving interface names the term is limited to (VyOS 1.4 `inbound-interface name`,
    /// `*` a wildcard); empty: any.
    pub in_interfaces: Vec<String>,
    /// The named list the sources come from (Junos `source-prefix-list`, an object group),
    /// where a finding about a peer list lacking the AWS address points.
    pub source_list: Option<Spanned<String>>,
    /// Matches only packets of a connection already under way (IOS `established`, Junos
    /// `tcp-established`, VyOS `state established`).
    pub established_only: bool,
    /// Matches only the first packet of a connection (Junos `tcp-initial`, VyOS `state new`).
    pub initial_only: bool,
    /// A match condition dxlint does not evaluate (its text): the term may or may not match.
    pub unmodelled: Option<Spanned<String>>,
    pub action: FilterAction,
}

impl FilterTerm {
    pub fn new(name: impl Into<String>, span: Span, action: FilterAction) -> Self {
        FilterTerm {
            name: name.into(),
            span,
            protocols: Vec::new(),
            sources: Vec::new(),
            source_except: Vec::new(),
            destinations: Vec::new(),
            destination_except: Vec::new(),
            source_ports: Vec::new(),
            destination_ports: Vec::new(),
            addresses: Vec::new(),
            ports: Vec::new(),
            origin: None,
            in_interfaces: Vec::new(),
            source_list: None,
            established_only: false,
            initial_only: false,
            unmodelled: None,
            action,
        }
    }
}

/// An access list / firewall filter / rule-set.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: String,
    /// The family it filters (IOS `ip` vs `ipv6 access-list`, Junos `family inet` / `inet6`).
    /// `None`: both (VyOS 1.3 rule-sets are per family by name; Junos `family any`).
    pub afi: Option<Afi>,
    /// The line that defines it.
    pub span: Span,
    pub terms: Vec<FilterTerm>,
    /// What happens to a packet no term matched: IOS/Junos discard, VyOS the rule-set's
    /// `default-action` (1.3 named sets: drop; 1.4 base chains: accept).
    pub default_action: FilterAction,
    /// The `default-action` line, when the config sets it.
    pub default_span: Option<Span>,
    /// Tracks connections (VyOS/nftables): a reply to a packet the router sent is
    /// `established` whatever its protocol. Stateless ACLs only know TCP's ACK bit.
    pub stateful: bool,
}

/// Which packets a binding sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Arriving on the interface: both to the router itself and through it.
    In,
    /// Packets the router itself sends, leaving through the interface (`None`: any; VyOS
    /// 1.4 `output filter`). IOS outbound lists and VyOS 1.3 `out` see routed traffic only
    /// ([`Direction::Transit`]).
    Out,
    /// Only packets to the router itself (Junos `lo0`, VyOS `local`/`input`, IOS control
    /// plane), arriving on `interface` or, when that is `None`, on any interface.
    Local,
    /// Only packets routed through the router (VyOS 1.3 `in`, 1.4 `forward filter`).
    Transit,
}

/// A filter (or an ordered list of filters, Junos `input-list`) applied somewhere.
#[derive(Debug, Clone)]
pub struct FilterBinding {
    /// The interface (unit, vif) it is applied to; `None`: every interface.
    pub interface: Option<String>,
    pub direction: Direction,
    /// Family the binding applies to (`ip access-group` vs `ipv6 traffic-filter`); `None`: both.
    pub afi: Option<Afi>,
    /// Filters in evaluation order: a packet an earlier filter accepts goes on to the next
    /// (Junos input-list: accept ends the list; see [`FilterBinding::accept_ends`]).
    pub filters: Vec<Spanned<String>>,
    /// Junos `input-list`: a terminating accept in one filter ends the whole list; VyOS
    /// base chains and separate bindings (unit + lo0) each decide on their own.
    pub accept_ends: bool,
    /// The binding line (where a finding about the implicit default points).
    pub span: Span,
}

/// Source NAT rule that may catch traffic to the VPC before it is encrypted.
#[derive(Debug, Clone)]
pub struct NatRule {
    /// The rule line (IOS `ip nat inside source list`, Junos rule, VyOS `nat source rule`).
    pub span: Span,
    pub name: String,
    /// Traffic it translates, by destination (empty: any destination). Sources are not
    /// needed: the question is whether traffic *toward the VPC* is translated.
    pub destinations: Vec<IpNet>,
    /// Destinations it explicitly leaves alone (deny entries before the permit, `exclude`
    /// rules, `source-nat off`).
    pub exempt: Vec<IpNet>,
    /// The matching condition could not be read (undefined ACL, unmodelled condition).
    pub unmodelled: Option<String>,
    /// Interfaces whose outgoing traffic it translates (IOS: the `ip nat outside` ones;
    /// VyOS `outbound-interface`; Junos the rule-set's `to interface` / `to zone`).
    /// Empty: any interface.
    pub interfaces: Vec<String>,
}

/// Everything about packet filtering and NAT a dialect read.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub filters: Vec<Filter>,
    pub bindings: Vec<FilterBinding>,
    pub nat: Vec<NatRule>,
    /// Junos prefix lists built by `apply-path` (their names), for messages.
    pub apply_path_lists: Vec<String>,
}

impl Filters {
    pub fn filter(&self, name: &str) -> Option<&Filter> {
        self.filters.iter().find(|f| f.name == name)
    }
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty() && self.bindings.is_empty() && self.nat.is_empty()
    }
}
