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

fn match_components(pat: &[&str], parts: &[&str]) -> bool {
    match pat.split_first() {
        None => parts.is_empty(),
        Some((&"**", rest)) => (0..=parts.len()).any(|skip| match_components(rest, &parts[skip..])),
        Some((p, rest)) => match parts.split_first() {
            Some((first, more)) => {
                match_component(p.as_bytes(), first.as_bytes()) && match_components(rest, more)
            }
            None => false,
        },
    }
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
/// (`.git`, …) and symlinked directories are not entered unless the pattern names them.
pub fn expand(base: &Path, pattern: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    // Walk only below the pattern's literal prefix (`routers/` in `routers/**/*.cfg`).
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|c| !is_glob(c))
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let absolute = pattern.starts_with('/');
    let mut start = if absolute {
        PathBuf::from("/")
    } else {
        base.to_path_buf()
    };
    for c in &literal {
        start.push(c);
    }
    let prefix = if absolute {
        format!("/{}", literal.join("/"))
    } else {
        literal.join("/")
    };
    walk(&start, &prefix, pattern, &mut out, 0);
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn walk(dir: &Path, rel: &str, pattern: &str, out: &mut Vec<(PathBuf, String)>, depth: usize) {
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
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.') || pattern.contains(&format!("/{name}/")) {
                walk(&path, &child, pattern, out, depth + 1);
            }
        } else if (ft.is_file() || (ft.is_symlink() && path.is_file())) && matches(pattern, &child)
        {
            out.push((path, child));
        }
    }
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
        let abs = format!("{}/r/?.cfg", dir.display());
        let found = expand(Path::new("elsewhere"), &abs);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, format!("{}/r/a.cfg", dir.display()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
