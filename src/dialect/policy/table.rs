//! Named lists (prefix-lists, route-maps) by id: configurations name a list before, after
//! or without defining it, so a name gets its id on first mention.

use crate::dialect::name_index::NameIndex;

/// Items by name, ids in the order of first mention.
#[derive(Debug)]
pub(crate) struct Table<T> {
    /// Every name, one after another (by id: `ends[id - 1]..ends[id]`): a lookup compares
    /// with a small block of names rather than with the configuration text, far apart in a
    /// large file, and no name costs an allocation of its own.
    names: String,
    ends: Vec<u32>,
    ids: NameIndex,
    items: Vec<T>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            names: String::new(),
            ends: Vec::new(),
            ids: NameIndex::default(),
            items: Vec::new(),
        }
    }
}

impl<T: Default> Table<T> {
    /// The id of `name`, given (with a default item) on first mention.
    pub fn id(&mut self, name: &str) -> u32 {
        let key = self.ids.key(name);
        if let Some(i) = self.find(key, name) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(T::default());
        self.ids.push(key);
        self.names.push_str(name);
        self.ends.push(self.names.len() as u32);
        i
    }
}

impl<T> Table<T> {
    pub fn name(&self, id: u32) -> &str {
        let id = id as usize;
        let start = id.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.names[start..self.ends[id] as usize]
    }

    fn find(&self, key: u64, name: &str) -> Option<u32> {
        let mut c = self.ids.candidates(key);
        c.find(|&i| self.name(i as u32) == name).map(|i| i as u32)
    }

    /// The item named `name`, if it was mentioned.
    pub fn get(&self, name: &str) -> Option<&T> {
        let id = self.find(self.ids.key(name), name)?;
        Some(&self.items[id as usize])
    }

    pub fn at(&self, id: u32) -> &T {
        &self.items[id as usize]
    }

    pub fn at_mut(&mut self, id: u32) -> &mut T {
        &mut self.items[id as usize]
    }

    /// How many names were mentioned (ids are `0..len`).
    pub fn len(&self) -> u32 {
        self.items.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_by_first_mention_and_names_kept_in_one_block() {
        let mut t: Table<Vec<u8>> = Table::default();
        assert_eq!(t.id("RM-A"), 0);
        assert_eq!(t.id("B"), 1);
        assert_eq!(t.id("RM-A"), 0);
        assert_eq!(t.id(""), 2);
        assert_eq!((t.name(0), t.name(1), t.name(2)), ("RM-A", "B", ""));
        t.at_mut(1).push(7);
        assert_eq!(t.get("B"), Some(&vec![7]));
        assert!(t.get("C").is_none());
        assert_eq!(t.len(), 3);
    }
}
