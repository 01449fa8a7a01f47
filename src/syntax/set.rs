//! `set`-line paths (Junos `display set`, VyOS commands) (work in progress).
