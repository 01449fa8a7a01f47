//! Saved `show bgp neighbors` output (filled in a later step).

use super::{Context, FileReport};

pub struct Parsed;

pub fn parse(_text: &str) -> Option<Parsed> {
    None
}

pub fn report(name: &str, _p: &Parsed, _ctx: &Context) -> FileReport {
    FileReport {
        file: name.to_string(),
        what: "show output".into(),
        packets: 0,
        notes: Vec::new(),
        sessions: Vec::new(),
    }
}
