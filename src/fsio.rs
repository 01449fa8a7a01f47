//! File access for untrusted inputs: reads bounded by what is actually read (not by what
//! `metadata().len()` claims: `/proc` files say 0, `/dev/zero` never ends), only regular files,
//! paths confined to a root, and writes that never follow a symlink.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadFail {
    /// A FIFO, device, socket or directory: reading it could block forever or never end.
    NotRegular(&'static str),
    /// More than the limit: the size seen so far (at least limit + 1).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadFail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFail::NotRegular(kind) => write!(f, "is a {kind}, not a regular file"),
            ReadFail::TooLarge(n) => write!(f, "larger than the limit (at least {n} bytes)"),
            ReadFail::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What kind of non-regular file this is, or `None` for a regular file.
fn irregular(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("FIFO");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("device");
        }
        if ft.is_socket() {
            return Some("socket");
        }
    }
    Some("special file")
}

/// Open without blocking on a FIFO (the type is checked on the open handle right after).
fn open_read(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Read a regular file (symlinks followed), at most `limit` bytes; refuse anything else.
/// The type is checked on the opened handle, so a swap after a check cannot slip a device in.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    let file = open_read(path).map_err(ReadFail::Io)?;
    let meta = file.metadata().map_err(ReadFail::Io)?;
    if let Some(kind) = irregular(meta.file_type()) {
        return Err(ReadFail::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadFail::TooLarge(meta.len()));
    }
    // Sized by what the file says it holds (plus one byte to see the end), so a large
    // config is not read into a buffer grown by doubling; still bounded by `limit`.
    read_limited_from(file, limit, meta.len().saturating_add(1))
}

/// Read any reader to its end, refusing more than `limit` bytes whatever it claims to hold.
pub fn read_all_limited(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadFail> {
    read_limited_from(r, limit, 0)
}

/// [`read_all_limited`] into a buffer with room for `hint` bytes (at most `limit` + 1).
fn read_limited_from(r: impl Read, limit: u64, hint: u64) -> Result<Vec<u8>, ReadFail> {
    let room = usize::try_from(hint.min(limit.saturating_add(1))).unwrap_or(0);
    let mut buf = Vec::with_capacity(room);
    r.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadFail::Io)?;
    if buf.len() as u64 > limit {
        return Err(ReadFail::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Resolve `rel` (as written in `.dxlint.yaml`) against `root`, the canonical directory that
/// holds it: absolute paths and `..` are refused before touching the file system, and the
/// canonical result (symlinks followed) must still lie inside `root`. Returns the canonical path.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, String> {
    check_relative(rel)?;
    let joined = root.join(rel);
    let real = joined
        .canonicalize()
        .map_err(|e| format!("cannot resolve: {e}"))?;
    if !real.starts_with(root) {
        return Err("resolves (through a symlink) outside the directory of .dxlint.yaml".into());
    }
    Ok(real)
}

/// Refuse absolute paths, drive prefixes and `..`: a path in `.dxlint.yaml` names a file of
/// the repository.
pub fn check_relative(rel: &str) -> Result<(), String> {
    let p = Path::new(rel);
    if rel.starts_with(['/', '\\']) || p.is_absolute() || p.has_root() {
        return Err("is absolute; paths must be relative to the directory of .dxlint.yaml".into());
    }
    if p.components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        || rel.split(['/', '\\']).any(|c| c == "..")
    {
        return Err("leaves the directory of .dxlint.yaml (`..`)".into());
    }
    Ok(())
}

/// Write `text` to `path` without following a symlink at `path` and without writing into a
/// FIFO or device. With `private`, the file ends up mode 0600 even when it existed before
/// (the mode given to `open` applies only to a new file).
pub fn write_file(path: &Path, text: &str, private: bool) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW: a symlink at `path` fails (ELOOP) instead of being written through;
        // O_NONBLOCK: opening a FIFO with no reader fails instead of hanging.
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        o.mode(if private { 0o600 } else { 0o666 });
    }
    let mut f = o.open(path).map_err(|e| {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            std::io::Error::other("is a symlink; dxlint does not write through symlinks")
        } else {
            e
        }
    })?;
    let meta = f.metadata()?;
    if let Some(kind) = irregular(meta.file_type()) {
        return Err(std::io::Error::other(format!(
            "is a {kind}, not a regular file"
        )));
    }
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = private;
    f.set_len(0)?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dxlint-fsio-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d.canonicalize().unwrap()
    }

    #[test]
    fn reads_stop_at_the_limit_whatever_the_size_says() {
        // /dev/zero: a device, refused before any byte is read.
        #[cfg(target_os = "linux")]
        {
            assert!(matches!(
                read_limited(Path::new("/dev/zero"), 1 << 20),
                Err(ReadFail::NotRegular("device"))
            ));
            // A /proc file claims 0 bytes; the read still stops at the limit.
            match read_limited(Path::new("/proc/self/pagemap"), 4096) {
                Err(ReadFail::TooLarge(n)) => assert_eq!(n, 4097),
                Err(ReadFail::Io(_)) => {} // not readable in this sandbox
                other => panic!("{other:?}"),
            }
        }
        let r = read_all_limited(std::io::repeat(b'x'), 1000);
        assert!(matches!(r, Err(ReadFail::TooLarge(1001))));
        let d = temp("read");
        std::fs::write(d.join("a"), "abc").unwrap();
        assert_eq!(read_limited(&d.join("a"), 3).unwrap(), b"abc");
        assert!(matches!(
            read_limited(&d, 3),
            Err(ReadFail::NotRegular("directory"))
        ));
    }

    #[test]
    fn confine_refuses_escapes() {
        let d = temp("confine");
        std::fs::create_dir_all(d.join("r")).unwrap();
        std::fs::write(d.join("r/ok.cfg"), "x").unwrap();
        std::fs::write(d.join("outside"), "x").unwrap();
        let root = d.join("r");
        assert!(confine(&root, "ok.cfg").is_ok());
        assert!(confine(&root, "./ok.cfg").is_ok());
        assert!(confine(&root, "/etc/passwd")
            .unwrap_err()
            .contains("absolute"));
        assert!(confine(&root, "../outside").unwrap_err().contains(".."));
        assert!(confine(&root, "x/../../outside").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("outside"), root.join("link")).unwrap();
            assert!(confine(&root, "link").unwrap_err().contains("outside"));
            std::os::unix::fs::symlink("ok.cfg", root.join("inner")).unwrap();
            assert_eq!(confine(&root, "inner").unwrap(), root.join("ok.cfg"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn writes_are_private_and_never_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let d = temp("write");
        let f = d.join("export.json");
        std::fs::write(&f, "old old old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_file(&f, "new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let target = d.join("target");
        std::fs::write(&target, "keep").unwrap();
        std::os::unix::fs::symlink(&target, d.join("link")).unwrap();
        let e = write_file(&d.join("link"), "evil", false).unwrap_err();
        assert!(e.to_string().contains("symlink"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }
}
