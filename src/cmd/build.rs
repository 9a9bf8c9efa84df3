//! `nhipcau build`: the site into public/ (or --output), atomically.

use nhipcau::build::{build_keeping_site, BuildOptions, Verbosity};
use nhipcau::diag::Diagnostics;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, short, default_value = "public")]
    output: PathBuf,
    #[arg(long)]
    base_url: Option<String>,
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args, verbosity: Verbosity) -> Result<(), Diagnostics> {
    let output = if args.output.is_absolute() { args.output } else { args.root.join(args.output) };
    match build_keeping_site(&BuildOptions { root: args.root, output: output.clone(), base_url: args.base_url, drafts: args.drafts, inject_before_body_end: None }, verbosity) {
        // The process ends here: freeing the site model piece by piece is left to the system,
        // which takes the memory back whole. At 10,000 generated pages the command ended 130 to
        // 150 ms after "done", now about 50 ms (wall 3.17 → 3.06 s, medians of 5, interleaved).
        Ok(built) => {
            std::mem::forget(built);
            Ok(())
        }
        Err(e) => {
            eprintln!("{e}");
            Err(Diagnostics(vec![nhipcau::diag::Diagnostic::new(nhipcau::t!("build-failed", count = e.0.len(), output = output.display().to_string()))]))
        }
    }
}
