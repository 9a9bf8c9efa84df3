//! `nhipcau build`: the site into public/ (or --output), atomically.

use nhipcau::build::{build, BuildOptions, Verbosity};
use nhipcau::diag::Diagnostics;
use std::path::PathBuf;

/// Build the site into a folder of static files.
#[derive(clap::Args)]
pub struct Args {
    /// The site folder (with config.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site; relative paths are below --root.
    #[arg(long, short, default_value = "public")]
    output: PathBuf,
    /// Override config.toml's base_url (e.g. for a preview host).
    #[arg(long)]
    base_url: Option<String>,
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args, verbosity: Verbosity) -> Result<(), Diagnostics> {
    let output = if args.output.is_absolute() { args.output } else { args.root.join(args.output) };
    let result = build(&BuildOptions { root: args.root, output: output.clone(), base_url: args.base_url, drafts: args.drafts, inject_before_body_end: None }, verbosity);
    if let Err(e) = &result {
        let n = e.0.len();
        eprintln!("{e}");
        return Err(Diagnostics(vec![nhipcau::diag::Diagnostic::new(nhipcau::t!("build-failed", count = n, output = output.display().to_string()))]));
    }
    Ok(())
}
