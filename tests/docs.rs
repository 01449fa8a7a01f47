//! docs/rules.md must match rules/*.yaml; every emitted rule has metadata and vice versa.

use dxlint::rules::{meta, EMITTED};

#[test]
fn rule_files_parse_and_match_their_names() {
    let errs = meta::parse_errors();
    assert!(errs.is_empty(), "{errs:#?}");
    for (file, _) in meta::RULE_FILES {
        assert!(
            meta::get(file).is_some(),
            "rules/{file}.yaml: id differs from file name"
        );
    }
}

#[test]
fn every_emitted_rule_has_metadata() {
    for id in EMITTED {
        assert!(
            meta::get(id.as_str()).is_some(),
            "{id} is emitted but has no rules/{id}.yaml"
        );
    }
}

#[test]
fn docs_rules_md_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = dxlint::docs::rules_markdown();
    if std::env::var_os("DXLINT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `DXLINT_BLESS=1 cargo test --test docs`"
    );
}
