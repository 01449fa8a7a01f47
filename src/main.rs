//! dxlint binary: parse arguments, call the library, map the outcome to an exit code.
#![forbid(unsafe_code)]

mod cli;
mod run;
mod targets;

use clap::Parser;
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
            if handler.render_report(&mut out, e.as_ref()).is_err() {
                out = format!("error: {e}\n");
            }
            eprint!("{out}");
            ExitCode::from(2)
        }
    }
}
