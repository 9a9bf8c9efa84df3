//! `nhipcau check`: validate the site without writing anything.

use nhipcau::check::{check, Severity};
use nhipcau::diag::{Diagnostic, Diagnostics};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long)]
    strict: bool,
    #[arg(long)]
    external: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let findings = check(args.root, args.external);
    let (mut errors, mut warnings) = (0, 0);
    for f in &findings {
        let label = match f.severity {
            Severity::Error => {
                errors += 1;
                nhipcau::t!("error-label")
            }
            Severity::Warning => {
                warnings += 1;
                nhipcau::t!("warning-label")
            }
        };
        eprintln!("{label}: {}", f.diagnostic);
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    eprintln!("{}", nhipcau::t!("check-summary", errors = errors, warnings = warnings));
    if failed {
        return Err(Diagnostic::new(nhipcau::t!("check-failed")).into());
    }
    Ok(())
}
