//! From definitions to peers: which profile, key, proposals and settings serve each address.

use super::*;
use std::collections::HashSet;

/// Address ranges → values, for "which entry covers this peer": single hosts by hash, wider
/// ranges scanned; the longest prefix wins, the first defined among equals.
struct ByAddr<T> {
    hosts: HashMap<IpAddr, T>,
    ranges: Vec<(IpNet, T)>,
}

impl<T: Copy> ByAddr<T> {
    fn new() -> Self {
        ByAddr {
            hosts: HashMap::new(),
            ranges: Vec::new(),
        }
    }

    fn push(&mut self, net: IpNet, v: T) {
        if is_host(&net) {
            self.hosts.entry(net.addr()).or_insert(v);
        } else {
            self.ranges.push((net, v));
        }
    }

    /// The best entry covering `ip`, with its prefix length.
    fn best(&self, ip: IpAddr) -> Option<(u8, T)> {
        if let Some(v) = self.hosts.get(&ip) {
            let len = if ip.is_ipv4() { 32 } else { 128 };
            return Some((len, *v));
        }
        self.ranges
            .iter()
            .rev()
            .filter(|(n, _)| n.contains(&ip))
            .max_by_key(|(n, _)| n.prefix_len())
            .map(|(n, v)| (n.prefix_len(), *v))
    }
}

fn is_host(n: &IpNet) -> bool {
    n.prefix_len() == n.max_prefix_len()
}

type RingEntry<'a> = (&'a Keyring, &'a PskEntry);

/// Lookups built once per file, so resolving N peers stays linear.
struct Index<'a> {
    isakmp_by_id: ByAddr<&'a IsakmpProfile>,
    ring_entries: HashMap<&'a str, ByAddr<RingEntry<'a>>>,
    all_entries: ByAddr<RingEntry<'a>>,
    global_keys: ByAddr<&'a PskEntry>,
    ikev2_by_id: ByAddr<&'a Ikev2Profile>,
    ikev2_ring_peers: HashMap<&'a str, ByAddr<&'a Ikev2KeyringPeer>>,
    /// Addresses some IKEv1 / IKEv2 configuration names.
    v1_names: ByAddr<()>,
    v2_names: ByAddr<()>,
    /// Names of the isakmp policies a pre-shared-key peer can use.
    pre_share: Vec<String>,
    /// Every proposal the `crypto ikev2 policy`s list, once.
    ikev2_policy_proposals: Vec<String>,
}

impl<'a> Index<'a> {
    fn new(b: &'a IpsecBuilder) -> Self {
        let mut ix = Index {
            isakmp_by_id: ByAddr::new(),
            ring_entries: HashMap::new(),
            all_entries: ByAddr::new(),
            global_keys: ByAddr::new(),
            ikev2_by_id: ByAddr::new(),
            ikev2_ring_peers: HashMap::new(),
            v1_names: ByAddr::new(),
            v2_names: ByAddr::new(),
            pre_share: b
                .isakmp_policies
                .iter()
                .filter(|p| p.pre_share)
                .map(|p| p.proposal.name.clone())
                .collect(),
            ikev2_policy_proposals: Vec::new(),
        };
        for p in b.isakmp_profiles.iter() {
            for id in &p.identities {
                ix.isakmp_by_id.push(id.value, p);
                ix.v1_names.push(id.value, ());
            }
        }
        for k in b.keyrings.iter() {
            let mut one = ByAddr::new();
            for e in &k.entries {
                one.push(e.net, (k, e));
                ix.all_entries.push(e.net, (k, e));
                ix.v1_names.push(e.net, ());
            }
            ix.ring_entries.insert(k.name.as_str(), one);
        }
        for e in &b.isakmp_keys {
            ix.global_keys.push(e.net, e);
            ix.v1_names.push(e.net, ());
        }
        for p in b.ikev2_profiles.iter() {
            for id in &p.identities {
                ix.ikev2_by_id.push(id.value, p);
                ix.v2_names.push(id.value, ());
            }
        }
        for k in b.ikev2_keyrings.iter() {
            let mut one = ByAddr::new();
            for p in k.peers.iter() {
                for n in &p.nets {
                    one.push(*n, p);
                    ix.v2_names.push(*n, ());
                }
            }
            ix.ikev2_ring_peers.insert(k.name.as_str(), one);
        }
        let mut seen = HashSet::new();
        for pr in b.ikev2_policies.iter().flat_map(|p| p.proposals.iter()) {
            if seen.insert(pr.value.as_str()) {
                ix.ikev2_policy_proposals.push(pr.value.clone());
            }
        }
        ix
    }
}

/// The peer's address as the IKE profile names it (`match identity … address A`), when it
/// names this host: the line an address fix changes besides `tunnel destination`.
fn point_at_identity(peer: &mut IkePeer, ids: &[Spanned<IpNet>], ip: IpAddr) {
    if let Some(id) = ids
        .iter()
        .find(|i| is_host(&i.value) && i.value.addr() == ip)
    {
        peer.address = Some(Spanned::new(ip, id.span));
    }
}

/// IOS's built-in IKEv2 `default` proposal. IOS-XE 16 and later show AES-CBC-256,
/// SHA-512/384 and groups 19, 14, 21, 5; IOS 15 and older showed AES-CBC-256/192/128,
/// SHA-512/384/256, SHA-1, MD5 and groups 5, 2. The `version` line picks; without one,
/// the newer set.
fn ikev2_default_proposal(major: Option<u32>, span: Span) -> IkeProposal {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let legacy = major.is_some_and(|m| m < 16);
    IkeProposal {
        name: "default".into(),
        span,
        encryption: if legacy {
            s(&["aes256", "aes192", "aes128"])
        } else {
            s(&["aes256"])
        },
        integrity: if legacy {
            s(&["sha2-512", "sha2-384", "sha2-256", "sha1", "md5"])
        } else {
            s(&["sha2-512", "sha2-384"])
        },
        dh_groups: if legacy {
            vec![5, 2]
        } else {
            vec![19, 14, 21, 5]
        },
        lifetime: None,
    }
}

/// An isakmp policy as IOS runs it: the values `show running-config` hides are DES, SHA-1
/// and DH group 1.
fn with_ios_defaults(mut p: IkeProposal) -> IkeProposal {
    if p.encryption.is_empty() {
        p.encryption.push("des".into());
    }
    if p.integrity.is_empty() {
        p.integrity.push("sha1".into());
    }
    if p.dh_groups.is_empty() {
        p.dh_groups.push(1);
    }
    p
}

/// IOS's default isakmp policies for pre-shared keys with AES (used when none is configured).
fn isakmp_default_policies(span: Span) -> Vec<IkeProposal> {
    [("65508", "sha1"), ("65510", "md5")]
        .into_iter()
        .map(|(name, hash)| IkeProposal {
            name: name.into(),
            span,
            encryption: vec!["aes128".into()],
            integrity: vec![hash.into()],
            dh_groups: vec![5],
            lifetime: None,
        })
        .collect()
}

/// Where a peer comes from before it is resolved.
struct Candidate {
    addr: IpAddr,
    /// Index into `model.interfaces` of the tunnel whose destination it is.
    tunnel: Option<usize>,
    /// Index into the crypto map entries whose `set peer` it is.
    map: Option<usize>,
    /// The line that named the address.
    span: Span,
}

impl IpsecBuilder {
    fn problem(model: &mut RouterModel, span: Span, message: String) {
        model.problems.push(ConfigProblem { span, message });
    }

    /// Dangling names: IOS stops at the first missing piece, so each one matters.
    fn check_references(&self, model: &mut RouterModel) {
        let mut out = Vec::new();
        for p in self.ipsec_profiles.iter().chain(self.crypto_maps.iter()) {
            for t in &p.transform_sets {
                if !self.transform_sets.contains(&t.value) {
                    out.push((
                        t.span,
                        format!(
                            "{} {}: no `crypto ipsec transform-set {}` is defined",
                            p.kind, p.name, t.value
                        ),
                    ));
                }
            }
            if let Some(v) = &p.ikev2_profile {
                if !self.ikev2_profiles.contains(&v.value) {
                    out.push((
                        v.span,
                        format!(
                            "{} {}: no `crypto ikev2 profile {}` is defined",
                            p.kind, p.name, v.value
                        ),
                    ));
                }
            }
            if let Some(v) = &p.isakmp_profile {
                if !self.isakmp_profiles.contains(&v.value) {
                    out.push((
                        v.span,
                        format!(
                            "{} {}: no `crypto isakmp profile {}` is defined",
                            p.kind, p.name, v.value
                        ),
                    ));
                }
            }
        }
        for p in self.ikev2_profiles.iter() {
            if let Some(k) = &p.keyring {
                if !self.ikev2_keyrings.contains(&k.value) {
                    out.push((
                        k.span,
                        format!(
                            "ikev2 profile {}: no `crypto ikev2 keyring {}` is defined",
                            p.name, k.value
                        ),
                    ));
                }
            }
        }
        for p in self.isakmp_profiles.iter() {
            for k in &p.keyrings {
                if !self.keyrings.contains(k) {
                    out.push((
                        p.span,
                        format!(
                            "isakmp profile {}: no `crypto keyring {k}` is defined",
                            p.name
                        ),
                    ));
                }
            }
        }
        for pol in self.ikev2_policies.iter() {
            for pr in &pol.proposals {
                if pr.value != "default" && !self.ikev2_proposals.contains(&pr.value) {
                    out.push((
                        pr.span,
                        format!("no `crypto ikev2 proposal {}` is defined", pr.value),
                    ));
                }
            }
        }
        for i in &model.interfaces {
            if let Some(prot) = i.tunnel.as_ref().and_then(|t| t.protection.as_ref()) {
                if !self.ipsec_profiles.contains(&prot.value) {
                    out.push((
                        prot.span,
                        format!(
                            "{}: no `crypto ipsec profile {}` is defined",
                            i.name, prot.value
                        ),
                    ));
                }
            }
        }
        for (span, m) in out {
            Self::problem(model, span, m);
        }
    }

    /// Tunnel destinations first (in interface order), then crypto map peers, then
    /// single-host addresses the crypto configuration names, each address once.
    fn candidates(&self, interfaces: &[Interface]) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let mut seen: HashSet<IpAddr> = HashSet::new();
        for (n, i) in interfaces.iter().enumerate() {
            let Some(t) = &i.tunnel else { continue };
            if let (Some(_), Some(d)) = (&t.protection, &t.destination) {
                if seen.insert(d.value) {
                    out.push(Candidate {
                        addr: d.value,
                        tunnel: Some(n),
                        map: None,
                        span: d.span,
                    });
                }
            }
        }
        for (n, m) in self.crypto_maps.iter().enumerate() {
            for a in &m.peers {
                if seen.insert(a.value) {
                    out.push(Candidate {
                        addr: a.value,
                        tunnel: None,
                        map: Some(n),
                        span: a.span,
                    });
                }
            }
        }
        let mut named: Vec<(IpNet, Span)> = Vec::new();
        for p in self.isakmp_profiles.iter() {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in self.keyrings.iter() {
            named.extend(k.entries.iter().map(|e| (e.net, e.psk.span)));
        }
        named.extend(self.isakmp_keys.iter().map(|e| (e.net, e.psk.span)));
        for p in self.ikev2_profiles.iter() {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in self.ikev2_keyrings.iter() {
            for p in k.peers.iter() {
                named.extend(p.nets.iter().map(|n| (*n, p.span)));
            }
        }
        for (net, span) in named {
            if is_host(&net) && seen.insert(net.addr()) {
                out.push(Candidate {
                    addr: net.addr(),
                    tunnel: None,
                    map: None,
                    span,
                });
            }
        }
        out
    }

    /// IKEv1: the isakmp profile, the key and DPD for one address.
    fn resolve_v1(&self, ix: &Index, peer: &mut IkePeer, ip: IpAddr, set_profile: Option<&str>) {
        let profile = match set_profile {
            Some(n) => self.isakmp_profiles.get(n),
            None => ix.isakmp_by_id.best(ip).map(|(_, p)| p),
        };
        let entry = match profile {
            // The profile's keyrings only; the longest match among them (first among equals).
            Some(p) if !p.keyrings.is_empty() => p
                .keyrings
                .iter()
                .filter_map(|k| ix.ring_entries.get(k.as_str())?.best(ip))
                .rev()
                .max_by_key(|(len, _)| *len),
            _ => ix.all_entries.best(ip),
        }
        .map(|(_, e)| e);
        let global = ix.global_keys.best(ip).map(|(_, e)| e);
        let searched_global = profile.is_none_or(|p| p.keyrings.is_empty());
        peer.psk = entry
            .map(|(_, e)| e.psk.clone())
            .or_else(|| global.filter(|_| searched_global).map(|e| e.psk.clone()));
        peer.keyring = entry.map(|(k, _)| k.name.clone());
        if let Some(p) = profile {
            peer.name = p.name.clone();
            peer.span = p.span;
            peer.profile = Some(p.name.clone());
            point_at_identity(peer, &p.identities, ip);
        } else if let Some((k, e)) = entry {
            peer.name = k.name.clone();
            peer.span = e.psk.span;
        } else if let Some(e) = global {
            peer.name = format!("isakmp key {ip}");
            peer.span = e.psk.span;
        }
        peer.dpd = profile
            .and_then(|p| p.keepalive.clone())
            .or_else(|| self.isakmp_keepalive.clone());
        peer.ike_proposals = if self.isakmp_policies.is_empty() {
            vec!["65508".into(), "65510".into()]
        } else {
            ix.pre_share.clone()
        };
    }

    /// IKEv2: the ikev2 profile, its key, proposals, lifetime and DPD for one address.
    fn resolve_v2(
        &self,
        ix: &Index,
        peer: &mut IkePeer,
        ip: IpAddr,
        set_profile: Option<&str>,
        problems: &mut Vec<(Span, String)>,
    ) {
        let profile = match set_profile {
            Some(n) => self.ikev2_profiles.get(n),
            None => ix.ikev2_by_id.best(ip).map(|(_, p)| p),
        };
        let ring = profile
            .and_then(|p| p.keyring.as_ref())
            .and_then(|k| self.ikev2_keyrings.get(&k.value));
        let ring_peer = ring
            .and_then(|r| ix.ikev2_ring_peers.get(r.name.as_str())?.best(ip))
            .map(|(_, p)| p);
        peer.keyring = ring.map(|r| r.name.clone());
        peer.keyring_peer = ring_peer.map(|p| p.name.clone());
        if let Some(rp) = ring_peer {
            if let (Some(l), Some(r)) = (&rp.local, &rp.remote) {
                if let (Password::Known(a), Password::Known(b)) = (&l.value, &r.value) {
                    if a != b {
                        problems.push((
                            r.span,
                            format!(
                                "ikev2 keyring peer {}: the local and remote pre-shared keys differ; AWS uses one key for both directions",
                                rp.name
                            ),
                        ));
                    }
                }
            }
        }
        peer.psk = profile
            .and_then(|p| p.local_key.clone())
            .or_else(|| ring_peer.and_then(|rp| rp.psk.clone().or_else(|| rp.local.clone())));
        if let Some(p) = profile {
            peer.name = p.name.clone();
            peer.span = p.span;
            peer.profile = Some(p.name.clone());
            point_at_identity(peer, &p.identities, ip);
            peer.ike_lifetime = p.lifetime.clone();
            peer.dpd = p.dpd.clone();
        } else if let Some(rp) = ring_peer {
            peer.name = rp.name.clone();
            peer.span = rp.span;
        }
        if peer.dpd.is_none() {
            peer.dpd = self.ikev2_dpd.clone();
        }
        peer.ike_proposals = if self.ikev2_policies.is_empty() {
            vec!["default".into()]
        } else {
            ix.ikev2_policy_proposals.clone()
        };
    }

    /// Resolve every peer and write the crypto configuration into the model.
    pub(in crate::dialect::cisco) fn finish(self, model: &mut RouterModel, ios_major: Option<u32>) {
        let Some(first) = self.first else {
            // No `crypto` at all: tunnels that name a profile still point at nothing.
            self.check_references(model);
            return;
        };
        self.check_references(model);
        let anchor = Span::new(first.start(), 0);
        let mut problems: Vec<(Span, String)> = Vec::new();
        let mut peers: Vec<IkePeer> = Vec::new();
        let ix = Index::new(&self);
        for c in self.candidates(&model.interfaces) {
            let tunnel = c.tunnel.map(|n| &model.interfaces[n]);
            let prot = tunnel.and_then(|i| i.tunnel.as_ref()?.protection.as_ref());
            let profile = prot
                .and_then(|p| self.ipsec_profiles.get(&p.value))
                .or_else(|| c.map.map(|n| &self.crypto_maps.items[n]));
            let mut peer = IkePeer {
                name: c.addr.to_string(),
                span: c.span,
                address: Some(Spanned::new(c.addr, c.span)),
                interface: tunnel.map(|i| i.name.clone()),
                ..Default::default()
            };
            // A tunnel or crypto map without an IKEv2 profile initiates IKEv1.
            let bound = tunnel.is_some() || c.map.is_some();
            let version = match (profile, bound) {
                (Some(p), _) if p.ikev2_profile.is_some() => {
                    Spanned::new(2, p.ikev2_profile.as_ref().map_or(c.span, |s| s.span))
                }
                (Some(p), _) if p.isakmp_profile.is_some() => {
                    Spanned::new(1, p.isakmp_profile.as_ref().map_or(c.span, |s| s.span))
                }
                (_, true) => Spanned::new(1, prot.map_or(c.span, |s| s.span)),
                (_, false)
                    if ix.v2_names.best(c.addr).is_some() && ix.v1_names.best(c.addr).is_none() =>
                {
                    Spanned::new(2, c.span)
                }
                _ => Spanned::new(1, c.span),
            };
            if version.value == 2 {
                let set = profile
                    .and_then(|p| p.ikev2_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v2(&ix, &mut peer, c.addr, set, &mut problems);
            } else {
                let set = profile
                    .and_then(|p| p.isakmp_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v1(&ix, &mut peer, c.addr, set);
            }
            peer.ike_version = Some(version);
            if let Some(p) = profile {
                peer.ipsec_proposals = p.transform_sets.iter().map(|t| t.value.clone()).collect();
                peer.pfs_group = p.pfs.clone();
                peer.ipsec_lifetime = p.lifetime.clone();
            }
            if peer.ipsec_lifetime.is_none() {
                peer.ipsec_lifetime = self.sa_lifetime.clone();
            }
            peers.push(peer);
        }
        drop(ix);
        let mut ike: Vec<IkeProposal> = self
            .isakmp_policies
            .items
            .into_iter()
            .map(|p| with_ios_defaults(p.proposal))
            .collect();
        let uses = |name: &str| {
            peers
                .iter()
                .any(|p| p.ike_proposals.iter().any(|n| n == name))
        };
        if ike.is_empty()
            && peers
                .iter()
                .any(|p| p.ike_version.as_ref().is_some_and(|v| v.value == 1))
        {
            ike.extend(isakmp_default_policies(anchor));
        }
        let mut v2 = self.ikev2_proposals.items;
        if uses("default") && !v2.iter().any(|p| p.name == "default") {
            v2.push(ikev2_default_proposal(ios_major, anchor));
        }
        ike.extend(v2);
        let ike_policy = self
            .ikev2_policies
            .index
            .iter()
            .find(|(_, &i)| i == 0)
            .map(|(name, _)| name.clone());
        model.ipsec = Ipsec {
            ike_proposals: ike,
            ipsec_proposals: self.transform_sets.items,
            peers,
            ike_policy,
        };
        for (span, m) in problems {
            Self::problem(model, span, m);
        }
    }
}
