use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

/// Counts what each page's render allocates, so a template that doubles a string without end
/// stops with a message instead of taking the machine's memory (render::memory).
#[global_allocator]
static ALLOCATOR: nhipcau::render::memory::Guard = nhipcau::render::memory::Guard;

// Every command's and option's help is in locales/*/nhipcau.ftl (`cli-…`), in both languages.
#[derive(Parser)]
#[command(name = "nhipcau", version)]
struct Cli {
    #[arg(long, short, global = true)]
    quiet: bool,
    // Read before clap parses (cmd::cli::lang_flag), so clap's words are in it too; declared
    // here so clap accepts it and lists it.
    #[arg(long, global = true, value_name = "vi|en")]
    #[allow(dead_code)]
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
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The language first, so that clap's help and errors are in it too.
    match nhipcau::i18n::from_environment(cmd::cli::lang_flag(&args).as_deref()) {
        Ok(lang) => nhipcau::i18n::choose(lang),
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::FAILURE;
        }
    }
    cmd::cli::help_command_as_flag(&mut args);
    let parsed = cmd::cli::localise(Cli::command()).try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let (text, is_error, code) = cmd::cli::explain(&err);
            if is_error {
                eprint!("{text}");
            } else if let Err(e) = cmd::print(&text) {
                eprintln!("{e}");
            }
            return ExitCode::from(code as u8);
        }
    };
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
