//! `nhipcau serve`: preview with live reload.

use nhipcau::diag::{Diagnostic, Diagnostics};
use nhipcau::serve::{serve, ServeOptions};
use std::path::PathBuf;

/// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
#[derive(clap::Args)]
pub struct Args {
    /// The site folder (with config.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Only change it on a trusted network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Include drafts and pages dated in the future.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    serve(ServeOptions { root: args.root, bind: args.bind, port: args.port, drafts: args.drafts, open: args.open })
        .map_err(|e| Diagnostic::new(nhipcau::t!("serve-stopped", error = e.to_string())).help(nhipcau::t!("serve-stopped-help")).into())
}
