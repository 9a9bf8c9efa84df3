//! One file per command.

pub mod build;
pub mod check;
pub mod cli;
pub mod init;
pub mod new;
pub mod search;
pub mod serve;

/// Prints what a command answers. A reader that stops early (`nhipcau search … | head`) closes
/// the pipe: that ends the output, not the command, which stays a success.
pub fn print(text: &str) -> Result<(), nhipcau::diag::Diagnostics> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(nhipcau::diag::Diagnostic::new(nhipcau::t!("print-failed", error = nhipcau::diag::io_reason(&e))).into()),
        _ => Ok(()),
    }
}
