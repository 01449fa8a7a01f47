//! `Secret`: MD5 keys and pre-shared keys. The value can be compared and measured, never printed.

/// A secret value. It deliberately implements neither `Display` nor a revealing `Debug`,
/// nor `Serialize`, `AsRef<str>`, `Deref` or `Into<String>` (a test checks each), and offers
/// no accessor that returns the text: rules compare secrets through methods here.
///
/// The one way to the value is [`Secret::expose_with`], which lends it to a closure. Some
/// such way must exist (`dxlint export --include-secrets` writes keys on request); the
/// closure cannot return the borrowed `&str` itself, copying it out is explicit at the call
/// site, and `tests/secrets.rs` fails on any caller outside a reviewed list.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({})", self.describe())
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn char_len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has_leading_whitespace(&self) -> bool {
        self.0.starts_with(char::is_whitespace)
    }

    pub fn has_trailing_whitespace(&self) -> bool {
        self.0.ends_with(char::is_whitespace)
    }

    pub fn has_inner_whitespace(&self) -> bool {
        self.0.trim().contains(char::is_whitespace)
    }

    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// Equal once leading and trailing whitespace is ignored.
    pub fn eq_trimmed(&self, other: &Secret) -> bool {
        self.0.trim() == other.0.trim()
    }

    /// Equal once look-alike Unicode characters are folded to their ASCII twins
    /// (full-width forms, Cyrillic/Greek homoglyphs, typographic dashes and spaces).
    pub fn eq_folded(&self, other: &Secret) -> bool {
        fold_lookalikes(&self.0) == fold_lookalikes(&other.0)
    }

    /// Positions (1-based, in characters) of non-ASCII characters, for messages.
    pub fn non_ascii_positions(&self) -> Vec<usize> {
        self.0
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// Whether every character is in the given predicate (for format rules such as VPN PSKs).
    pub fn all_chars(&self, pred: impl Fn(char) -> bool) -> bool {
        self.0.chars().all(pred)
    }

    pub fn starts_with(&self, c: char) -> bool {
        self.0.starts_with(c)
    }

    /// A safe description: length and whitespace markers, never the value.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} characters", self.char_len())];
        if self.has_leading_whitespace() {
            parts.push("leading whitespace".into());
        }
        if self.has_trailing_whitespace() {
            parts.push("trailing whitespace".into());
        }
        if self.has_inner_whitespace() {
            parts.push("inner whitespace".into());
        }
        if !self.is_ascii() {
            parts.push(format!(
                "non-ASCII at position {}",
                join_positions(&self.non_ascii_positions())
            ));
        }
        parts.join(", ")
    }

    /// Exposes the value to `f` only, for the few places that must hand it to a system
    /// (writing an export with `--include-secrets`, configuring a test daemon).
    pub fn expose_with<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(&self.0)
    }
}

fn join_positions(p: &[usize]) -> String {
    p.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn fold_lookalikes(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        // Full-width ASCII block.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        // Cyrillic and Greek homoglyphs of Latin letters.
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        // Zero-width characters vanish.
        _ => c,
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2 ");
        let d = format!("{s:?}");
        assert!(!d.contains("hunter2"), "{d}");
        assert!(d.contains("8 characters"));
        assert!(d.contains("trailing whitespace"));
    }

    /// Whether `T` implements a trait, decided at compile time without naming an impl:
    /// the inherent constant exists only when the bound holds, otherwise the trait's
    /// default (`false`) is found.
    macro_rules! implements {
        ($t:ty: $($bound:tt)+) => {{
            struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
            #[allow(dead_code)]
            trait No {
                const YES: bool = false;
            }
            impl<T: ?Sized> No for Probe<T> {}
            impl<T: ?Sized + $($bound)+> Probe<T> {
                #[allow(dead_code)]
                const YES: bool = true;
            }
            <Probe<$t>>::YES
        }};
    }

    #[test]
    fn no_trait_hands_out_the_value() {
        // The probe itself works.
        assert!(implements!(String: std::fmt::Display));
        assert!(implements!(Secret: Clone));
        // No way to print, serialise or borrow the text.
        assert!(!implements!(Secret: std::fmt::Display));
        assert!(!implements!(Secret: serde::Serialize));
        assert!(!implements!(Secret: AsRef<str>));
        assert!(!implements!(Secret: AsRef<[u8]>));
        assert!(!implements!(Secret: std::ops::Deref<Target = str>));
        assert!(!implements!(Secret: std::borrow::Borrow<str>));
        assert!(!implements!(Secret: Into<String>));
    }

    #[test]
    fn lookalikes_fold_to_ascii() {
        let a = Secret::new("0xAbcOK");
        let b = Secret::new("0xАbcОK"); // Cyrillic А and О
        assert_ne!(a, b);
        assert!(a.eq_folded(&b));
        assert_eq!(b.non_ascii_positions(), vec![3, 6]);
        assert!(!a.eq_folded(&Secret::new("0xAbcOL")));
    }
}
