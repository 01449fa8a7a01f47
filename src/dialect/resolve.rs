//! One inheritance rule for BGP neighbor session settings, shared by the dialects: a neighbor
//! keeps what it sets itself, and each setting it leaves unset comes from the first layer of
//! its chain that sets it (peer-group, then templates or group levels), with that layer's
//! span, so findings point at the line that set the value.
//!
//! Every session setting is named once, in the `session_settings!` list below: a setting
//! added to the model's `Neighbor` and to that list is inherited by every dialect that
//! resolves through here (VyOS's peer-groups, Cisco's peer-groups and peer-session templates,
//! Junos's group and `protocols bgp` levels).

use crate::model::{Neighbor, NeighborRare, Password, RemoteAs, Timers};
use crate::source::{Span, Spanned};

macro_rules! session_settings {
    (
        common: [$($c:ident: $t:ty),* $(,)?],
        rare: [$($r:ident),* $(,)?] $(,)?
    ) => {
        /// A layer of session settings as a dialect reads it (a neighbor's own lines, a
        /// peer-group, a template), before inheritance.
        #[derive(Debug, Default, Clone)]
        pub struct SessionLayer {
            $(pub $c: Option<$t>,)*
            /// The rarely set ones, boxed as in the model's neighbor (a large router has
            /// 10,000s of layers and few set any).
            pub rare: Option<Box<NeighborRare>>,
        }

        /// Fill what `n` leaves unset from the first layer of `chain` (most specific first)
        /// that sets it. The session source is one setting: the interface or the address,
        /// whichever the nearest layer that names one says.
        pub fn inherit(n: &mut Neighbor, chain: &[&Neighbor]) {
            if chain.is_empty() {
                return;
            }
            $(
                if n.$c.is_none() {
                    n.$c = chain.iter().find_map(|l| l.$c.clone());
                }
            )*
            let mut rare = n.take_rare();
            inherit_rare(&mut rare, chain, |l| l.rare());
            n.set_rare(rare);
        }

        /// Give `n` the settings of its own layer `own` (moved), each unset one from the first
        /// layer of `chain` that sets it (cloned).
        pub fn resolve_into<L: AsRef<SessionLayer>>(
            n: &mut Neighbor,
            mut own: SessionLayer,
            chain: &[&L],
        ) {
            $(
                n.$c = own
                    .$c
                    .take()
                    .or_else(|| chain.iter().find_map(|l| l.as_ref().$c.clone()));
            )*
            let mut rare = own.rare.take().map(|b| *b).unwrap_or_default();
            inherit_rare(&mut rare, chain, |l| l.as_ref().rare());
            n.set_rare(rare);
        }

        fn inherit_rare<L>(
            rare: &mut NeighborRare,
            chain: &[&L],
            get: impl Fn(&L) -> &NeighborRare,
        ) {
            if chain.is_empty() {
                return;
            }
            if rare.update_source.is_none() && rare.local_address.is_none() {
                if let Some(l) = chain
                    .iter()
                    .map(|l| get(l))
                    .find(|r| r.update_source.is_some() || r.local_address.is_some())
                {
                    rare.update_source = l.update_source.clone();
                    rare.local_address = l.local_address.clone();
                }
            }
            $(
                if rare.$r.is_none() {
                    rare.$r = chain.iter().find_map(|l| get(l).$r.clone());
                }
            )*
        }
    };
}

// Every session setting, once. A new one: a field on the model's `Neighbor` (or
// `NeighborRare`) and its name here.
session_settings! {
    common: [
        remote_as: Spanned<RemoteAs>,
        password: Spanned<Password>,
        timers: Spanned<Timers>,
        bfd: Span,
        description: String,
    ],
    rare: [local_as, ebgp_multihop, ttl_security, disable_connected_check, shutdown],
}

impl SessionLayer {
    pub fn rare(&self) -> &NeighborRare {
        self.rare
            .as_deref()
            .unwrap_or(&crate::model::NO_RARE_SETTINGS)
    }

    pub fn rare_mut(&mut self) -> &mut NeighborRare {
        self.rare.get_or_insert_with(Default::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: usize) -> Span {
        Span::new(start, 1)
    }

    #[test]
    fn own_values_win_and_the_nearest_layer_fills_the_rest() {
        let addr = "169.254.100.1".parse().unwrap();
        let mut n = Neighbor::new(addr, at(0));
        n.remote_as = Some(Spanned::new(RemoteAs::Number(64512), at(1)));
        let mut group = Neighbor::new(addr, at(10));
        group.remote_as = Some(Spanned::new(RemoteAs::Number(1), at(11)));
        group.timers = Some(Spanned::new(
            Timers {
                keepalive: 30,
                hold: 90,
            },
            at(12),
        ));
        let mut template = Neighbor::new(addr, at(20));
        template.timers = Some(Spanned::new(
            Timers {
                keepalive: 10,
                hold: 30,
            },
            at(21),
        ));
        template.rare_mut().ebgp_multihop = Some(Spanned::new(2, at(22)));
        template.rare_mut().local_address = Some(Spanned::new(addr, at(23)));
        group.rare_mut().update_source = Some(Spanned::new("lo0".into(), at(13)));
        inherit(&mut n, &[&group, &template]);
        assert_eq!(n.remote_as.as_ref().unwrap().span, at(1), "own value kept");
        assert_eq!(
            n.timers.as_ref().unwrap().span,
            at(12),
            "the group is nearer"
        );
        assert_eq!(n.rare().ebgp_multihop.as_ref().unwrap().span, at(22));
        // The source as one setting: the group's interface, not the template's address.
        assert_eq!(n.rare().update_source.as_ref().unwrap().span, at(13));
        assert!(n.rare().local_address.is_none());
    }
}
