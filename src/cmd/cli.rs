//! The command line in the officer's language. Every command's and option's help comes from the
//! Fluent files, like every other message (ids `cli-…`, one per command and option, tested), and
//! clap's own words — headings, the help and version flags, its errors — are replaced by ours, so
//! `nhipcau build --help` and a mistyped command read in one language.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use nhipcau::t;

/// The message id of a command or option: `cli` for nhipcau, `cli-new-page` for `nhipcau new
/// page`, `cli-new-page-title` for its `--title`.
fn id_of(parent: &str, name: &str) -> String {
    format!("{parent}-{}", name.replace('_', "-"))
}

/// The command tree with its help in the chosen language.
pub fn localise(cmd: Command) -> Command {
    let help = Arg::new("help").short('h').long("help").global(true).action(ArgAction::Help).help(t!("cli-help-flag"));
    let version = Arg::new("version").short('V').long("version").action(ArgAction::Version).help(t!("cli-version-flag"));
    walk(cmd.disable_help_subcommand(true).disable_version_flag(true).arg(version).arg(help), "cli")
}

fn walk(cmd: Command, id: &str) -> Command {
    let template = format!("{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}", t!("cli-heading-usage"));
    let mut cmd = cmd
        .about(nhipcau::i18n::message(id, None))
        .long_about(None)
        .disable_help_flag(true)
        .help_template(template)
        .subcommand_help_heading(t!("cli-heading-commands"))
        .subcommand_value_name(t!("cli-command-value"));
    let args: Vec<(String, bool)> = cmd.get_arguments().map(|a| (a.get_id().to_string(), a.is_positional())).collect();
    for (arg, positional) in args {
        let heading = if positional { t!("cli-heading-arguments") } else { t!("cli-heading-options") };
        let own = arg != "help" && arg != "version";
        let help = own.then(|| nhipcau::i18n::message(&id_of(id, &arg), None));
        cmd = cmd.mut_arg(arg, |a| {
            // clap's "[default: …]" is worded by us too.
            let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            let a = a.help_heading(heading).long_help(None);
            match help {
                Some(h) if !defaults.is_empty() => a.hide_default_value(true).help(format!("{h} {}", t!("cli-default", value = defaults.join(", ")))),
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for sub in subs {
        let sub_id = id_of(id, &sub);
        cmd = cmd.mut_subcommand(sub, |s| walk(s, &sub_id));
    }
    cmd
}

/// clap's usage placeholders, in the chosen language.
fn words(text: &str) -> String {
    text.replace("[OPTIONS]", &t!("cli-options-placeholder")).replace("<COMMAND>", &format!("<{}>", t!("cli-command-value")))
}

/// What to print for a command line clap refused (or for --help and --version), and the exit code.
pub fn explain(err: &clap::Error) -> (String, bool, i32) {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return (words(&err.render().to_string()), false, 0),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return (words(&err.render().to_string()), true, 2),
        _ => {}
    }
    let get = |kind| context(err, kind).unwrap_or_default();
    let problem = match err.kind() {
        ErrorKind::UnknownArgument => t!("cli-unknown-argument", arg = get(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => t!("cli-unknown-command", command = get(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => t!("cli-missing-argument", arg = get(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => t!("cli-missing-command"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            t!("cli-invalid-value", value = get(ContextKind::InvalidValue), arg = get(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => t!("cli-conflict", arg = get(ContextKind::InvalidArg), other = get(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => t!("cli-wrong-values", arg = get(ContextKind::InvalidArg)),
        _ => t!("cli-invalid"),
    };
    let mut out = format!("{}: {problem}\n", t!("error-label"));
    let suggestion = context(err, ContextKind::SuggestedSubcommand).or_else(|| context(err, ContextKind::SuggestedArg));
    if let Some(s) = suggestion {
        out.push_str(&format!("  {}: {}\n", t!("help-label"), t!("did-you-mean-key", key = s)));
    }
    if let Some(usage) = context(err, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").map(|rest| format!("{}{rest}", t!("cli-heading-usage"))).unwrap_or_else(|| usage.to_string());
        out.push_str(&format!("\n{}\n", words(&usage)));
    }
    out.push_str(&format!("\n{}\n", t!("cli-more-help")));
    (out, true, 2)
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    let text = match err.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(text)
}

/// `nhipcau help [COMMAND…]` as `nhipcau [COMMAND…] --help` (clap's own help command would print
/// its description in English).
pub fn help_command_as_flag(args: &mut Vec<std::ffi::OsString>) {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
}

/// The language asked on the command line, read before clap parses it (clap's help and errors
/// are already in that language).
pub fn lang_flag(args: &[std::ffi::OsString]) -> Option<String> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_string());
        }
        if a == "--lang" {
            return args.next().map(|v| v.into_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_ids(cmd: &Command, id: &str, out: &mut Vec<String>) {
        out.push(id.to_string());
        for a in cmd.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) {
            out.push(id_of(id, a.get_id().as_str()));
        }
        for s in cmd.get_subcommands() {
            all_ids(s, &id_of(id, s.get_name()), out);
        }
    }

    /// Each command and option has its help in the Fluent files (both, by the i18n tests).
    #[test]
    fn every_command_and_option_has_its_help() {
        let mut ids = Vec::new();
        all_ids(&<crate::Cli as clap::CommandFactory>::command(), "cli", &mut ids);
        assert!(ids.len() > 30, "{ids:?}");
        let missing: Vec<&String> = ids.iter().filter(|id| !nhipcau::i18n::exists(id)).collect();
        assert!(missing.is_empty(), "no help text for {missing:?}");
    }

    /// clap's own consistency checks (they run only in debug builds, at parse time) on the
    /// command line as reworded, in both languages' shape.
    #[test]
    fn the_reworded_command_line_passes_clap_s_checks() {
        localise(<crate::Cli as clap::CommandFactory>::command()).debug_assert();
    }

    #[test]
    fn the_language_flag_is_read_before_parsing() {
        let args = |s: &str| s.split(' ').map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_flag(&args("nhipcau build --lang vi")), Some("vi".into()));
        assert_eq!(lang_flag(&args("nhipcau --lang=en build")), Some("en".into()));
        assert_eq!(lang_flag(&args("nhipcau search -- --lang")), None);
        assert_eq!(lang_flag(&args("nhipcau build")), None);
    }
}
