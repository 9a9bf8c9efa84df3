use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

/// Counts what each page's render allocates, so a template that doubles a string without end
/// stops with a message instead of taking the machine's memory (render::memory).
#[global_allocator]
static ALLOCATOR: nhipcau::render::memory::Guard = nhipcau::render::memory::Guard;

/// nhipcau: static sites for Vietnamese public-information portals, with search in the browser.
#[derive(Parser)]
#[command(name = "nhipcau", version, about)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The language of messages: vi (tiếng Việt) or en (English). Default: NHIPCAU_LANG, else
    /// the system's language.
    #[arg(long, global = true, value_name = "vi|en")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::Args),
    Check(cmd::check::Args),
    Init(cmd::init::Args),
    New(cmd::new::Args),
    Search(cmd::search::Args),
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match nhipcau::i18n::from_environment(cli.lang.as_deref()) {
        Ok(lang) => nhipcau::i18n::choose(lang),
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::FAILURE;
        }
    }
    let verbosity = if cli.quiet { nhipcau::build::Verbosity::Quiet } else { nhipcau::build::Verbosity::Normal };
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(args, verbosity),
        Command::Check(args) => cmd::check::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
