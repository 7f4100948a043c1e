//! The `gangmu` binary: parse the command line, run, and turn the outcome into an exit code.
//! Usage errors exit 2 (clap), runtime errors print one line and exit 1, and a closed pipe
//! (`gangmu --print doc | head`) ends quietly with 0.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = gangmu::cli::Cli::parse();
    match gangmu::run(&cli) {
        Ok(gangmu::Exit::Ok) => ExitCode::SUCCESS,
        Ok(gangmu::Exit::Failure) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gangmu: {}", gangmu::display::sanitize(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
