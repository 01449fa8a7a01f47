//! dxlint binary: parse arguments, call the library, map the outcome to an exit code.
#![forbid(unsafe_code)]

mod cli;
mod diagnose_cmd;
mod generated;
mod inputs;
mod run;
mod targets;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let mut out = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            // A label far into a huge line would make miette panic: plain text instead.
            if !dxlint::report::snippet::diagnostic_drawable(e.as_ref())
                || handler.render_report(&mut out, e.as_ref()).is_err()
            {
                out = dxlint::report::snippet::plain(e.as_ref());
            }
            // Messages quote input (names, values): escaped for the terminal and CI log.
            let out = dxlint::report::escape::terminal(&out);
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(out.as_bytes());
            let _ = err.flush();
            ExitCode::from(2)
        }
    }
}
