//! `nhipcau build`: the site into public/ (or --output), atomically.

use nhipcau::build::{build, BuildOptions, Verbosity};
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
    let result = build(&BuildOptions { root: args.root, output: output.clone(), base_url: args.base_url, drafts: args.drafts, inject_before_body_end: None }, verbosity);
    if let Err(e) = &result {
        let n = e.0.len();
        eprintln!("{e}");
        return Err(Diagnostics(vec![nhipcau::diag::Diagnostic::new(nhipcau::t!("build-failed", count = n, output = output.display().to_string()))]));
    }
    Ok(())
}
