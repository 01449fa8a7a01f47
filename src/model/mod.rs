//! The vendor-independent model every rule reads: the router side and the AWS side.

pub mod peering;
pub mod profile;
pub mod router;

pub use peering::*;
pub use profile::{KeyEncoding, MtuSemantics, PlatformProfile, PolicySemantics};
pub use router::*;
pub mod filter;
pub mod filter_eval;
