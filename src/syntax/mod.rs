//! Vendor-neutral syntax trees: an indentation tree (Cisco-like), and `set`-style paths
//! that both curly (Junos, VyOS config.boot) and `set` forms flatten into.

pub mod curly;
pub mod indent;
pub mod path;
pub mod set;
