//! Fuzz target `firewall`: see `dxlint::harness::run_target` for what it exercises.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dxlint::harness::run_target("firewall", data);
});
