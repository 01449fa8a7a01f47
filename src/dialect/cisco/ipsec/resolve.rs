//! From definitions to peers: which profile, key, proposals and settings serve each address.

use super::*;

/// The entry with the longest prefix that covers `ip`.
fn best<'a, T>(items: impl Iterator<Item = (&'a IpNet, T)>, ip: IpAddr) -> Option<T> {
    items
        .filter(|(n, _)| n.contains(&ip))
        .max_by_key(|(n, _)| n.prefix_len())
        .map(|(_, t)| t)
}

fn is_host(n: &IpNet) -> bool {
    n.prefix_len() == n.max_prefix_len()
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

/// The major number of the `version 17.3` line at the top of a running-config.
fn ios_major(text: &str, tree: &IndentTree) -> Option<u32> {
    tree.roots().find_map(|i| {
        let l = Line::new(text, tree.span(i));
        (l.word(0) == "version")
            .then(|| l.word(1).split('.').next().and_then(parse_u32_digits))
            .flatten()
    })
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
        for p in self.ipsec_profiles.iter().chain(&self.crypto_maps) {
            for t in &p.transform_sets {
                if !self.transform_sets.iter().any(|x| x.name == t.value) {
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
                if !self.ikev2_profiles.iter().any(|x| x.name == v.value) {
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
                if !self.isakmp_profiles.iter().any(|x| x.name == v.value) {
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
        for p in &self.ikev2_profiles {
            if let Some(k) = &p.keyring {
                if !self.ikev2_keyrings.iter().any(|x| x.name == k.value) {
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
        for p in &self.isakmp_profiles {
            for k in &p.keyrings {
                if !self.keyrings.iter().any(|x| x.name == *k) {
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
        for pol in &self.ikev2_policies {
            for pr in &pol.proposals {
                if pr.value != "default" && !self.ikev2_proposals.iter().any(|x| x.name == pr.value)
                {
                    out.push((
                        pr.span,
                        format!("no `crypto ikev2 proposal {}` is defined", pr.value),
                    ));
                }
            }
        }
        for i in &model.interfaces {
            if let Some(prot) = i.tunnel.as_ref().and_then(|t| t.protection.as_ref()) {
                if !self.ipsec_profiles.iter().any(|x| x.name == prot.value) {
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

    /// Tunnel destinations first (in interface order), then single-host addresses the
    /// crypto configuration names, each address once.
    fn candidates(&self, interfaces: &[Interface]) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for (n, i) in interfaces.iter().enumerate() {
            let Some(t) = &i.tunnel else { continue };
            if let (Some(_), Some(d)) = (&t.protection, &t.destination) {
                if !out.iter().any(|c| c.addr == d.value) {
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
                if !out.iter().any(|c| c.addr == a.value) {
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
        for p in &self.isakmp_profiles {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in &self.keyrings {
            named.extend(k.entries.iter().map(|e| (e.net, e.psk.span)));
        }
        named.extend(self.isakmp_keys.iter().map(|e| (e.net, e.psk.span)));
        for p in &self.ikev2_profiles {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in &self.ikev2_keyrings {
            for p in &k.peers {
                named.extend(p.nets.iter().map(|n| (*n, p.span)));
            }
        }
        for (net, span) in named {
            if is_host(&net) && !out.iter().any(|c| c.addr == net.addr()) {
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

    fn names_v2(&self, ip: IpAddr) -> bool {
        self.ikev2_profiles
            .iter()
            .flat_map(|p| p.identities.iter())
            .any(|s| s.value.contains(&ip))
            || self
                .ikev2_keyrings
                .iter()
                .flat_map(|k| k.peers.iter())
                .flat_map(|p| p.nets.iter())
                .any(|n| n.contains(&ip))
    }

    fn names_v1(&self, ip: IpAddr) -> bool {
        self.isakmp_profiles
            .iter()
            .flat_map(|p| p.identities.iter())
            .any(|s| s.value.contains(&ip))
            || self
                .keyrings
                .iter()
                .flat_map(|k| k.entries.iter())
                .chain(self.isakmp_keys.iter())
                .any(|e| e.net.contains(&ip))
    }

    /// IKEv1: the isakmp profile, the key and DPD for one address.
    fn resolve_v1(&self, peer: &mut IkePeer, ip: IpAddr, set_profile: Option<&str>) {
        let profile = match set_profile {
            Some(n) => self.isakmp_profiles.iter().find(|p| p.name == n),
            None => best(
                self.isakmp_profiles
                    .iter()
                    .flat_map(|p| p.identities.iter().map(move |s| (&s.value, p))),
                ip,
            ),
        };
        let rings: Vec<&Keyring> = match profile {
            Some(p) if !p.keyrings.is_empty() => self
                .keyrings
                .iter()
                .filter(|k| p.keyrings.contains(&k.name))
                .collect(),
            _ => self.keyrings.iter().collect(),
        };
        let entry = best(
            rings
                .iter()
                .flat_map(|k| k.entries.iter().map(move |e| (&e.net, (k, e)))),
            ip,
        );
        let global = best(self.isakmp_keys.iter().map(|e| (&e.net, e)), ip);
        let searched_global = profile.is_none_or(|p| p.keyrings.is_empty());
        peer.psk = entry
            .map(|(_, e)| e.psk.clone())
            .or_else(|| global.filter(|_| searched_global).map(|e| e.psk.clone()));
        peer.keyring = entry.map(|(k, _)| k.name.clone());
        if let Some(p) = profile {
            peer.name = p.name.clone();
            peer.span = p.span;
            peer.profile = Some(p.name.clone());
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
            self.pre_share.clone()
        };
    }

    /// IKEv2: the ikev2 profile, its key, proposals, lifetime and DPD for one address.
    fn resolve_v2(
        &self,
        peer: &mut IkePeer,
        ip: IpAddr,
        set_profile: Option<&str>,
        problems: &mut Vec<(Span, String)>,
    ) {
        let profile = match set_profile {
            Some(n) => self.ikev2_profiles.iter().find(|p| p.name == n),
            None => best(
                self.ikev2_profiles
                    .iter()
                    .flat_map(|p| p.identities.iter().map(move |s| (&s.value, p))),
                ip,
            ),
        };
        let ring = profile
            .and_then(|p| p.keyring.as_ref())
            .and_then(|k| self.ikev2_keyrings.iter().find(|r| r.name == k.value));
        let ring_peer = ring.and_then(|r| {
            best(
                r.peers
                    .iter()
                    .flat_map(|p| p.nets.iter().map(move |n| (n, p))),
                ip,
            )
        });
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
            let mut v: Vec<String> = Vec::new();
            for pr in self.ikev2_policies.iter().flat_map(|p| p.proposals.iter()) {
                if !v.contains(&pr.value) {
                    v.push(pr.value.clone());
                }
            }
            v
        };
    }

    /// Resolve every peer and write the crypto configuration into the model.
    pub(in crate::dialect::cisco) fn finish(
        self,
        model: &mut RouterModel,
        text: &str,
        tree: &IndentTree,
    ) {
        let Some(first) = self.first else {
            // No `crypto` at all: tunnels that name a profile still point at nothing.
            self.check_references(model);
            return;
        };
        self.check_references(model);
        let anchor = Span::new(first.start, 0);
        let mut problems: Vec<(Span, String)> = Vec::new();
        let mut peers: Vec<IkePeer> = Vec::new();
        for c in self.candidates(&model.interfaces) {
            let tunnel = c.tunnel.map(|n| &model.interfaces[n]);
            let prot = tunnel.and_then(|i| i.tunnel.as_ref()?.protection.as_ref());
            let profile = prot
                .and_then(|p| self.ipsec_profiles.iter().find(|x| x.name == p.value))
                .or_else(|| c.map.map(|n| &self.crypto_maps[n]));
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
                (_, false) if self.names_v2(c.addr) && !self.names_v1(c.addr) => {
                    Spanned::new(2, c.span)
                }
                _ => Spanned::new(1, c.span),
            };
            if version.value == 2 {
                let set = profile
                    .and_then(|p| p.ikev2_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v2(&mut peer, c.addr, set, &mut problems);
            } else {
                let set = profile
                    .and_then(|p| p.isakmp_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v1(&mut peer, c.addr, set);
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
        let mut ike = self.isakmp_policies;
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
        let mut v2 = self.ikev2_proposals;
        if uses("default") && !v2.iter().any(|p| p.name == "default") {
            v2.push(ikev2_default_proposal(ios_major(text, tree), anchor));
        }
        ike.extend(v2);
        model.ipsec = Ipsec {
            ike_proposals: ike,
            ipsec_proposals: self.transform_sets,
            peers,
        };
        for (span, m) in problems {
            Self::problem(model, span, m);
        }
    }
}
