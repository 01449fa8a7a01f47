//! Shared by the IOS-XR, NX-OS and EOS rule suites: lint a variant of a platform's clean
//! fixture against the private VIF, find one rule's finding, apply its fix and lint again.
#![allow(dead_code)]

use dxlint::lint::{Finding, LintResult};
use dxlint::model::Vendor;
use dxlint::testing::{lint_str, rule_ids, testdata};

pub struct Suite {
    pub vendor: Vendor,
    pub fixture: &'static str,
}

impl Suite {
    pub fn clean(&self) -> String {
        testdata(self.fixture)
    }

    /// The clean fixture with the first `from` replaced by `to`.
    pub fn with(&self, from: &str, to: &str) -> String {
        let c = self.clean();
        assert!(c.contains(from), "fixture lacks {from:?}");
        c.replacen(from, to, 1)
    }

    /// Linted as this platform, and detected as it too.
    pub fn lint(&self, cfg: &str) -> LintResult {
        let vif = testdata("aws/vif-private.json");
        let detected = lint_str(cfg, None, &vif);
        assert_eq!(
            detected.models[0].vendor,
            Some(self.vendor),
            "detected as another dialect"
        );
        lint_str(cfg, Some(self.vendor), &vif)
    }

    /// The first finding of `rule`; panics (listing what fired) when there is none.
    pub fn fires(&self, cfg: &str, rule: &str) -> Finding {
        let r = self.lint(cfg);
        r.findings
            .iter()
            .find(|f| f.rule == rule)
            .cloned()
            .unwrap_or_else(|| panic!("{rule} did not fire; got {:?}", rule_ids(&r)))
    }

    pub fn quiet(&self, cfg: &str, rule: &str) {
        let r = self.lint(cfg);
        assert!(
            !rule_ids(&r).contains(&rule),
            "{rule} fired: {:#?}",
            r.findings
        );
    }

    /// The finding's message contains each of `parts`, and its fix is exactly `fix`.
    pub fn check(&self, cfg: &str, rule: &str, parts: &[&str], fix: Option<&str>) -> Finding {
        let f = self.fires(cfg, rule);
        for p in parts {
            assert!(f.message.contains(p), "{rule}: {:?} lacks {p:?}", f.message);
        }
        if let Some(fix) = fix {
            assert_eq!(f.fix.as_deref(), Some(fix), "{rule}: fix");
        }
        f
    }

    /// Apply `rule`'s fix to `cfg` (its lines appended: a later block of the same name
    /// merges into the earlier, as on the router; `commit` and comments dropped), lint
    /// again: the rule no longer fires.
    pub fn round_trip(&self, cfg: &str, rule: &str) {
        let f = self.fires(cfg, rule);
        let fix = f.fix.unwrap_or_else(|| panic!("{rule}: no fix"));
        let mut fixed = cfg.trim_end_matches("end\n").to_string();
        fixed.push('\n');
        for line in fix.lines() {
            let t = line.trim();
            if t == "commit" || t.starts_with('!') {
                continue;
            }
            fixed.push_str(line);
            fixed.push('\n');
        }
        let r = self.lint(&fixed);
        assert!(
            !rule_ids(&r).contains(&rule),
            "{rule} still fires after its fix:\n{fixed}\n{:#?}",
            r.findings
        );
    }
}
