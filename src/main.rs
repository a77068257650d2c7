//! The `gapmap` command: parses arguments, dispatches, and maps errors to exit codes.
//!
//! Exit codes: 0 success; 2 bad input or usage (clap's own usage errors are 2 as well);
//! 1 anything else.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

#[allow(clippy::print_stderr, reason = "reporting the error is main's job")]
fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gapmap: error: {e:#}");
            ExitCode::from(exit_code(&e))
        }
    }
}

fn exit_code(e: &anyhow::Error) -> u8 {
    let input = e
        .downcast_ref::<gapmap::Error>()
        .is_some_and(gapmap::Error::is_input)
        || e.downcast_ref::<gapmap::InputError>().is_some()
        || e.downcast_ref::<cmd::UsageError>().is_some();
    if input { 2 } else { 1 }
}
