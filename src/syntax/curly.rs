//! Brace tree (Junos curly, VyOS config.boot), flattened to path statements (work in progress).
