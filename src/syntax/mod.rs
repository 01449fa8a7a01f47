//! Vendor-neutral syntax trees: an indentation tree (Cisco-like), and `set`-style paths
//! that both curly (Junos, VyOS config.boot) and `set` forms flatten into. The path parsers
//! hand their statements to a [`path::Sink`] one at a time (words borrowed from the text), so
//! an extractor can file them without holding them all.

pub mod capture;
pub mod config_edit;
pub mod curly;
pub mod indent;
pub mod path;
pub mod set;
pub mod xml;
