//! Embed every rules/DXnnn.yaml file in the binary, so adding a rule file registers it, and
//! generate the `RuleId` enum from the same files, so a misspelled rule id does not compile.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // The checkout being built, read when the script runs: `env!` would be the directory the
    // script was compiled in, and a target directory shared by several checkouts (CI's cache)
    // reuses one compiled script for all of them, embedding another checkout's rule files.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("DX") && n.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    for n in &names {
        println!("cargo:rerun-if-changed=rules/{n}");
        let path = dir.join(n);
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            n.trim_end_matches(".yaml"),
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("rule_files.rs"), out).expect("write rule_files.rs");
    let rules: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).expect("read rule file");
            (n.trim_end_matches(".yaml").to_string(), yaml_name(&text))
        })
        .collect();
    std::fs::write(Path::new(&out_dir).join("rule_ids.rs"), rule_ids(&rules))
        .expect("write rule_ids.rs");
}

/// The top-level `name:` of a rule file (empty when it has none: the YAML tests report that).
fn yaml_name(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("name:"))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
        .unwrap_or_default()
}

/// `pub enum RuleId { DX001, … }` with its id and name strings.
fn rule_ids(rules: &[(String, String)]) -> String {
    let mut s = String::from(
        "/// Every rule of rules/*.yaml, by id.\n\
         #[allow(clippy::upper_case_acronyms)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n\
         pub enum RuleId {\n",
    );
    for (id, _) in rules {
        writeln!(s, "    {id},").expect("write to string");
    }
    s.push_str("}\n\nimpl RuleId {\n    /// Every rule, in id order.\n    pub const ALL: &'static [RuleId] = &[\n");
    for (id, _) in rules {
        writeln!(s, "        RuleId::{id},").expect("write to string");
    }
    s.push_str("    ];\n\n    /// The id as users write it (`DX603`).\n    pub fn as_str(self) -> &'static str {\n        match self {\n");
    for (id, _) in rules {
        writeln!(s, "            RuleId::{id} => {id:?},").expect("write to string");
    }
    s.push_str("        }\n    }\n\n    /// The rule's name (`hold-time-differs`).\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for (id, name) in rules {
        writeln!(s, "            RuleId::{id} => {name:?},").expect("write to string");
    }
    s.push_str("        }\n    }\n}\n");
    s
}
