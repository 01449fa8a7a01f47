//! Shell completions and the man page, generated at run time from the clap definition so
//! they can never disagree with the binary that prints them.

use crate::cli::Cli;
use clap::CommandFactory;

/// `dxlint completions SHELL`: the script that shell sources.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dxlint", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `dxlint man`: dxlint(1) in roff, with the subcommands as sections of the one page.
pub fn man_page() -> String {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = man.render(&mut out);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let _ = writeln_roff(&mut out, sub);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One subcommand as a section: its synopsis line, about and options.
fn writeln_roff(out: &mut Vec<u8>, sub: &clap::Command) -> std::io::Result<()> {
    use std::io::Write;
    let name = format!("dxlint {}", sub.get_name());
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    let man = clap_mangen::Man::new(sub.clone().bin_name(name));
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)
}
