//! What a user meets first, through the binary: fix lines that paste whole at any width,
//! captured text with prompts and pagers, `-v`, completions and the man page, summary wording.

mod common;
use common::*;
use std::process::{Command, Output};

const VIF: &str = "testdata/aws/vif-private.json";

/// dxlint with COLUMNS set (`None`: unset, as on a pipe from a script).
fn dxlint_cols(args: &[&str], columns: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dxlint"));
    c.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    match columns {
        Some(n) => c.env("COLUMNS", n),
        None => c.env_remove("COLUMNS"),
    };
    c.output().expect("run dxlint")
}

const LONG_FIX: &str = "            set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 neighbor 169.254.100.1 bfd-liveness-detection minimum-interval 300\n";

#[test]
fn fix_lines_are_never_wrapped_at_80_columns() {
    let o = dxlint_cols(
        &["testdata/junos/long-group.set", "--vif-json", VIF],
        Some("80"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(LONG_FIX), "{out}");
    assert!(
        out.contains("            set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 neighbor 169.254.100.1 peer-as 64512\n"),
        "{out}"
    );
    // Message text does wrap at 80, and never inside a word.
    for line in out
        .lines()
        .filter(|l| l.starts_with("  × ") || l.starts_with("  ☞ "))
    {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    assert!(!out.contains("bfd-\n"), "{out}");
}

#[test]
fn fix_lines_are_whole_on_a_pipe_without_columns() {
    let o = dxlint_cols(&["testdata/junos/long-group.set", "--vif-json", VIF], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(LONG_FIX), "{out}");
    // A pipe without COLUMNS wraps message text at 100.
    let widest = out
        .lines()
        .filter(|l| l.starts_with("  × ") || l.starts_with("  │ "))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        widest <= 100 && widest > 80,
        "widest message line {widest}\n{out}"
    );
}

#[test]
fn quoted_source_lines_are_not_wrapped() {
    let o = dxlint_cols(
        &["testdata/junos/long-group.set", "--vif-json", VIF],
        Some("60"),
    );
    let out = stdout(&o);
    assert!(
        out.contains(" │ set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 peer-as 64513\n"),
        "{out}"
    );
}
