//! `nhipcau check`: validate the site without writing anything.

use nhipcau::check::{check, Severity};
use nhipcau::diag::{Diagnostic, Diagnostics};
use std::path::PathBuf;

/// Check config, front matter, links and anchors, templates, images without alt text and pages
/// without a description. Exits non-zero on any error (and on warnings with --strict).
#[derive(clap::Args)]
pub struct Args {
    /// The site folder (with config.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Treat warnings (e.g. a page without a description) as errors.
    #[arg(long)]
    strict: bool,
    /// Also request every external http(s) link (8 at a time, 10 s timeout each).
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
