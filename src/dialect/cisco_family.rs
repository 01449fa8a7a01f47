//! Telling the IOS-like dialects apart (IOS, IOS-XR, NX-OS, EOS): they share most
//! keywords, so each platform's folder lists the markers only it writes
//! (`iosxr::markers`, `nxos::markers`, `eos::markers`), and this adds them up.

use crate::model::Vendor;

/// What detection chose, and why when it was not sure (`note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub vendor: Vendor,
    /// Set when the choice rests on weak markers or another dialect scored close.
    pub note: Option<String>,
}

/// A marker that settles the question on its own (a banner the platform prints).
pub(crate) const STRONG: i32 = 10;

/// Points per IOS-like dialect, from the lines seen so far.
#[derive(Default, Debug)]
pub struct Scores {
    xr: i32,
    nxos: i32,
    eos: i32,
    /// Markers seen, per dialect (the first few), to explain a choice.
    why: [Vec<String>; 3],
    /// Indentation of the last non-blank line.
    prev_indent: usize,
    /// Blocks whose first line is indented two (NX-OS's habit) and three (EOS's) spaces:
    /// a hint in the note, never a reason (IOS files are indented every way).
    indent2: i32,
    indent3: i32,
}

impl Scores {
    /// The scores of the lines detection reads.
    pub fn of(text: &str) -> Scores {
        let mut s = Scores::default();
        for line in text.lines().take(5000) {
            s.line(line);
        }
        s
    }

    /// The detection score of `vendor` (one of IOS-XR, NX-OS, EOS): above IOS's when these
    /// markers choose it, else 0. `ios` is IOS's score of the same text.
    pub fn score_for(&self, vendor: Vendor, ios: i64) -> i64 {
        let chosen = self.choose().vendor;
        if chosen != vendor {
            return 0;
        }
        let own = match vendor {
            Vendor::CiscoIosXr => self.xr,
            Vendor::CiscoNxos => self.nxos,
            _ => self.eos,
        };
        ios + i64::from(own)
    }

    /// Add one line's markers.
    pub fn line(&mut self, line: &str) {
        let t = line.trim();
        if t.is_empty() {
            return;
        }
        let indent = line.len() - line.trim_start().len();
        let prev = std::mem::replace(&mut self.prev_indent, indent);
        // A block's first child: IOS and IOS-XR indent one space, NX-OS two, EOS three.
        let first_child = prev == 0 && indent > 0 && !line.starts_with('\t');
        let mut add = |i: usize, points: i32, what: &str| {
            match i {
                0 => self.xr += points,
                1 => self.nxos += points,
                _ => self.eos += points,
            }
            if self.why[i].len() < 3 && !self.why[i].iter().any(|w| w == what) {
                self.why[i].push(what.to_string());
            }
        };
        if let Some((p, what)) = super::iosxr::markers(t, indent) {
            add(0, p, what);
        }
        if let Some((p, what)) = super::nxos::markers(t, indent) {
            add(1, p, what);
        }
        if let Some((p, what)) = super::eos::markers(t, indent) {
            add(2, p, what);
        }
        if first_child && !t.starts_with('!') {
            match indent {
                2 => self.indent2 += 1,
                3 => self.indent3 += 1,
                _ => {}
            }
        }
    }

    /// The dialect these markers point to (IOS when none does), with a note when unsure.
    pub fn choose(&self) -> Detection {
        let mut ranked = [
            (self.xr, Vendor::CiscoIosXr, 0usize),
            (self.nxos, Vendor::CiscoNxos, 1),
            (self.eos, Vendor::AristaEos, 2),
        ];
        ranked.sort_by_key(|r| -r.0);
        let (best, vendor, i) = ranked[0];
        let second = ranked[1].0;
        // Below 3 points nothing platform-specific was seen, and two platforms' markers in
        // equal measure point to neither: IOS.
        if best < 3 || best == second {
            let hint = if self.indent2 > self.indent3 {
                Some((self.indent2, "two", Vendor::CiscoNxos))
            } else {
                Some((self.indent3, "three", Vendor::AristaEos))
            };
            // A marker or two, not enough: say so (indentation alone says nothing).
            let note = hint.filter(|_| best > 0).map(|(_, n, _)| {
                format!(
                    "read as cisco-ios: {} writes some of what is here ({}), not enough to be sure (blocks indented {n} spaces); pass --vendor if this is wrong",
                    vendor.as_str(),
                    self.why[i].join(", ")
                )
            });
            return Detection {
                vendor: Vendor::CiscoIos,
                note,
            };
        }
        let sure = best >= STRONG && second * 2 < best || second == 0 && best >= 6;
        let note = (!sure).then(|| {
            let mut s = format!(
                "read as {} ({} points: {})",
                vendor.as_str(),
                best,
                self.why[i].join(", ")
            );
            if second > 0 {
                let (p, other, j) = ranked[1];
                s.push_str(&format!(
                    "; {} scored {} ({})",
                    other.as_str(),
                    p,
                    self.why[j].join(", ")
                ));
            }
            s.push_str("; pass --vendor if this is wrong");
            s
        });
        Detection { vendor, note }
    }
}
