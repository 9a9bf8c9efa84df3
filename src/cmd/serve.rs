//! `nhipcau serve`: preview with live reload.

use nhipcau::diag::{Diagnostic, Diagnostics};
use nhipcau::serve::{serve, ServeOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    #[arg(long)]
    drafts: bool,
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    serve(ServeOptions { root: args.root, bind: args.bind, port: args.port, drafts: args.drafts, open: args.open })
        .map_err(|e| Diagnostic::new(nhipcau::t!("serve-stopped", error = e.to_string())).help(nhipcau::t!("serve-stopped-help")).into())
}
