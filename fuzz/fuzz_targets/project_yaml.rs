//! Fuzz target `project_yaml`: see `dxlint::harness::run_target` for what it exercises.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dxlint::harness::run_target("project_yaml", data);
});
