//! Positions by name (or any key) for names read from the configuration (BGP peers,
//! interfaces, policies, routes), with no `String` key per entry and one hash per lookup: a
//! large config looks up one new name per neighbor, interface and route.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// Positions (dense, in insertion order) of the entries of a list, by the entry's name.
/// The caller keeps the names and compares them: entries of one name (a peer in several
/// VRFs) and names that happen to share a hash come back as candidates in insertion order.
#[derive(Default)]
pub(crate) struct NameIndex {
    state: RandomState,
    /// First and last position of each hash.
    chains: HashMap<u64, (u32, u32), BuildHasherDefault<PassThrough>>,
    /// Next position with the same hash, or `END`.
    next: Vec<u32>,
}

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NameIndex({} entries)", self.next.len())
    }
}

const END: u32 = u32::MAX;

/// The table's hasher passes its `u64` key through. The keys are already std's keyed
/// SipHash-1-3 of the names (`RandomState`, seeded per process), so the table is as hard
/// to flood with collisions as a `HashMap<String, _>`, and each name is hashed once.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; fold anything else rather than lose it.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl NameIndex {
    /// The key of a name (or of any value the caller compares), for
    /// [`NameIndex::candidates`] and [`NameIndex::push`].
    pub fn key<T: std::hash::Hash + ?Sized>(&self, name: &T) -> u64 {
        self.state.hash_one(name)
    }

    /// Positions whose name may be the one `key` came from, in insertion order.
    pub fn candidates(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.chains.get(&key).map_or(END, |&(first, _)| first);
        std::iter::from_fn(move || {
            if at == END {
                return None;
            }
            let here = at;
            at = self.next[here as usize];
            Some(here as usize)
        })
    }

    /// Record the next position (`len()` of the caller's list before its push) under `key`.
    pub fn push(&mut self, key: u64) {
        let pos = self.next.len() as u32;
        self.next.push(END);
        match self.chains.entry(key) {
            Entry::Occupied(mut e) => {
                let (_, last) = *e.get();
                self.next[last as usize] = pos;
                e.get_mut().1 = pos;
            }
            Entry::Vacant(e) => {
                e.insert((pos, pos));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_position_of_a_name_in_order() {
        let names = ["a", "b", "a", "c", "a"];
        let mut idx = NameIndex::default();
        for n in names {
            let k = idx.key(n);
            idx.push(k);
        }
        let of = |n: &str| -> Vec<usize> {
            idx.candidates(idx.key(n))
                .filter(|&i| names[i] == n)
                .collect()
        };
        assert_eq!(of("a"), vec![0, 2, 4]);
        assert_eq!(of("c"), vec![3]);
        assert!(of("d").is_empty());
        // Two entries pushed under one key (a collision) both come back, in order.
        let mut idx = NameIndex::default();
        idx.push(7);
        idx.push(7);
        assert_eq!(idx.candidates(7).collect::<Vec<_>>(), vec![0, 1]);
    }
}
