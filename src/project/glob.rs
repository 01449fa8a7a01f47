//! Just enough glob for `targets[].config`: `*` and `?` within one path component, `**`
//! for any number of directories. Paths are matched with `/` separators, relative to the
//! directory of `.dxlint.yaml`; results come back sorted so runs are deterministic.

use std::path::{Path, PathBuf};

/// Whether a pattern needs expanding (otherwise it is a plain path).
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Match a `/`-separated relative path against a pattern.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let parts: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    match_components(&pat, &parts)
}

/// Components against components, `**` matching any number of them. The classic wildcard
/// loop with one backtrack point (the last `**`): at most pattern × path component matches,
/// however many `**` the pattern repeats (recursion over each `**` was exponential).
fn match_components(pat: &[&str], parts: &[&str]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < parts.len() {
        if pi < pat.len() && pat[pi] == "**" {
            star = Some((pi, si));
            pi += 1;
        } else if pi < pat.len() && match_component(pat[pi].as_bytes(), parts[si].as_bytes()) {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    pat[pi..].iter().all(|p| *p == "**")
}

/// `*` and `?` within one component (iterative, with one backtrack point: linear enough).
fn match_component(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

/// Every file under `base` whose relative path matches, sorted. Hidden directories
/// (`.git`, …) are not entered unless the pattern names them; symlinked directories never
/// are, and a symlinked file counts only when it resolves inside `base`. The pattern must be
/// relative without `..` (checked by the caller): the walk never leaves `base`.
pub fn expand(base: &Path, pattern: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(root) = base.canonicalize() else {
        return out;
    };
    if crate::fsio::check_relative(pattern).is_err() {
        return out;
    }
    // Walk only below the pattern's literal prefix (`routers/` in `routers/**/*.cfg`).
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|c| !is_glob(c))
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let mut start = base.to_path_buf();
    for c in &literal {
        start.push(c);
    }
    // The literal prefix itself may go through a symlinked directory.
    if !start.canonicalize().is_ok_and(|s| s.starts_with(&root)) {
        return out;
    }
    let prefix = literal.join("/");
    walk(&root, &start, &prefix, pattern, &mut out, 0);
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn walk(
    root: &Path,
    dir: &Path,
    rel: &str,
    pattern: &str,
    out: &mut Vec<(PathBuf, String)>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        // The entry's own type: a symlink is reported as a symlink, never followed here.
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.') || pattern.contains(&format!("/{name}/")) {
                walk(root, &path, &child, pattern, out, depth + 1);
            }
        } else if (ft.is_file() || (ft.is_symlink() && inside(root, &path)))
            && matches(pattern, &child)
        {
            out.push((path, child));
        }
    }
}

/// A symlink that resolves to a regular file inside `root`.
fn inside(root: &Path, link: &Path) -> bool {
    link.canonicalize()
        .is_ok_and(|real| real.starts_with(root) && real.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches("routers/*.cfg", "routers/edge1.cfg"));
        assert!(!matches("routers/*.cfg", "routers/dc/edge1.cfg"));
        assert!(matches("routers/**/*.cfg", "routers/edge1.cfg"));
        assert!(matches("routers/**/*.cfg", "routers/dc/a/edge1.cfg"));
        assert!(matches("**/edge?.cfg", "x/edge1.cfg"));
        assert!(!matches("**/edge?.cfg", "x/edge12.cfg"));
        assert!(matches("./r/*", "r/a"));
        assert!(matches("*a*b*", "xxaxxbxx"));
        assert!(!matches("*a*b", "xxaxxbxxc"));
        assert!(matches("**/**/a/**", "x/a/y"));
        assert!(!matches("a/**/b", "a/x/c"));
    }

    /// A pattern of many `**` against a deep path fails fast (it ran for minutes).
    #[test]
    fn repeated_double_stars_are_linear() {
        let pat = format!("{}x", "**/".repeat(48));
        let path = vec!["d"; 32].join("/");
        let t = std::time::Instant::now();
        assert!(!matches(&pat, &path));
        let comp = format!("{}b", "*a".repeat(5000));
        assert!(!match_component(
            comp.as_bytes(),
            "a".repeat(5000).as_bytes()
        ));
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn expand_walks_and_sorts() {
        let dir = std::env::temp_dir().join(format!("dxlint-glob-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in ["r/b.cfg", "r/a.cfg", "r/x/c.cfg", "r/.git/d.cfg", "r/a.txt"] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let names: Vec<String> = expand(&dir, "r/**/*.cfg")
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(names, vec!["r/a.cfg", "r/b.cfg", "r/x/c.cfg"]);
        let names: Vec<String> = expand(&dir, "r/*.cfg").into_iter().map(|x| x.1).collect();
        assert_eq!(names, vec!["r/a.cfg", "r/b.cfg"]);
        // Absolute patterns and `..` never walk outside the base.
        let abs = format!("{}/r/?.cfg", dir.display());
        assert!(expand(&dir.join("r"), &abs).is_empty());
        assert!(expand(&dir.join("r/x"), "../*.cfg").is_empty());
        #[cfg(unix)]
        {
            // A symlinked directory or file pointing outside is not followed.
            std::fs::create_dir_all(dir.join("out")).unwrap();
            std::fs::write(dir.join("out/secret.cfg"), "").unwrap();
            std::os::unix::fs::symlink(dir.join("out"), dir.join("r/ld")).unwrap();
            std::os::unix::fs::symlink(dir.join("out/secret.cfg"), dir.join("r/lf.cfg")).unwrap();
            std::os::unix::fs::symlink("a.cfg", dir.join("r/inner.cfg")).unwrap();
            let names: Vec<String> = expand(&dir.join("r"), "**/*.cfg")
                .into_iter()
                .map(|x| x.1)
                .collect();
            assert_eq!(names, vec!["a.cfg", "b.cfg", "inner.cfg", "x/c.cfg"]);
            assert!(expand(&dir.join("r"), "ld/*.cfg").is_empty());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
