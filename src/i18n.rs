//! The words an officer reads — errors, help lines, stage summaries, what `new` and `init`
//! write — in Vietnamese or English, from Fluent files (locales/{vi,en}/nhipcau.ftl) embedded in
//! the binary. The binary chooses once at start ([`from_environment`]); the library speaks English
//! until told otherwise, so tests and integrators get stable text.
//!
//! A message is `t!("id")` or `t!("id", name = value, …)`. Both files hold the same ids with the
//! same variables (tested), and every id the code uses is in them (tested), so a missing
//! translation is a failing test, never a blank line in front of an officer.

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::{FluentArgs, FluentValue};
use fluent_bundle::FluentResource;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Vi,
}

const EN: &str = include_str!("../locales/en/nhipcau.ftl");
const VI: &str = include_str!("../locales/vi/nhipcau.ftl");

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Sets the language for the rest of the process (the first call wins).
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

pub fn current() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// The language asked for: `--lang`, else `NHIPCAU_LANG`, else the system's (LC_ALL, LC_MESSAGES
/// or LANG on Linux and macOS terminals; the display language on Windows and macOS). Vietnamese
/// for any `vi…` locale, English otherwise. A `--lang` or `NHIPCAU_LANG` naming neither is an
/// error, so a typo does not silently give the other language.
pub fn from_environment(flag: Option<&str>) -> Result<Lang, String> {
    let asked = flag.map(str::to_string).or_else(|| std::env::var("NHIPCAU_LANG").ok().filter(|v| !v.is_empty()));
    if let Some(asked) = asked {
        return parse(&asked).ok_or_else(|| format!("unknown language {asked:?}: use vi (tiếng Việt) or en (English)"));
    }
    let system = sys_locale::get_locale().unwrap_or_default();
    Ok(parse(&system).unwrap_or(Lang::En))
}

fn parse(tag: &str) -> Option<Lang> {
    let primary = tag.split(['_', '-', '.', '@']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "vi" => Some(Lang::Vi),
        "en" | "c" | "posix" => Some(Lang::En),
        _ => None,
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] = [OnceLock::new(), OnceLock::new()];
    let (slot, source, tag) = match lang {
        Lang::En => (&BUNDLES[0], EN, "en"),
        Lang::Vi => (&BUNDLES[1], VI, "vi"),
    };
    slot.get_or_init(|| {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
        let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().expect("a valid language tag")]);
        // No Unicode isolation marks: they show as junk in terminals and in test assertions.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// The message `id` in the chosen language (English where the chosen one lacks it).
pub fn message(id: &str, args: Option<&FluentArgs<'_>>) -> String {
    for lang in [current(), Lang::En] {
        let bundle = bundle(lang);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, args, &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// Whether `id` is a message (of the English file, so of both).
pub fn exists(id: &str) -> bool {
    bundle(Lang::En).has_message(id)
}

/// A message argument from a string, a number or anything Fluent takes.
pub fn arg<'a>(value: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    value.into()
}

/// `t!("id")`, `t!("id", file = path.display().to_string(), count = n)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::message($id, None)
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $(args.set(stringify!($key), $crate::i18n::arg($value));)+
        $crate::i18n::message($id, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Each message id with the variables its text uses.
    fn messages(source: &str, file: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| panic!("{file} does not parse: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    collect_variables(p, &mut vars);
                }
                assert!(m.value.is_some(), "{file}: message {} has no text", m.id.name);
                out.insert(m.id.name.to_string(), vars);
            }
        }
        out
    }

    fn collect_variables(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_in_expression(expression, vars);
            }
        }
    }

    fn collect_in_expression(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => collect_in_inline(i, vars),
            ast::Expression::Select { selector, variants } => {
                collect_in_inline(selector, vars);
                for v in variants {
                    collect_variables(&v.value, vars);
                }
            }
        }
    }

    fn collect_in_inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => collect_in_expression(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    collect_in_inline(a, vars);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn both_languages_have_the_same_messages_with_the_same_variables() {
        let en = messages(EN, "locales/en/nhipcau.ftl");
        let vi = messages(VI, "locales/vi/nhipcau.ftl");
        let only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
        let only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty() && only_vi.is_empty(), "untranslated: {only_en:?}; only in Vietnamese: {only_vi:?}");
        for (id, vars) in &en {
            assert_eq!(vars, &vi[id], "message {id} uses different variables in the two languages");
        }
    }

    /// Every `t!("id"` in src/ names a message of the English file (so of both).
    #[test]
    fn every_message_the_code_uses_exists() {
        let en = messages(EN, "locales/en/nhipcau.ftl");
        let mut missing = Vec::new();
        let mut used = 0;
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, _) in text.match_indices("t!(\"") {
                // `t!(`, `crate::t!(`, not `format!(` or `print!(`.
                if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let id: String = text[i + 4..].chars().take_while(|c| *c != '"').collect();
                if id == "id" {
                    continue; // the macro's own documentation
                }
                used += 1;
                if !en.contains_key(&id) {
                    missing.push(format!("{}: {id}", entry.path().display()));
                }
            }
        }
        assert!(used > 20, "the scan found only {used} uses of t!");
        assert!(missing.is_empty(), "messages used but not defined: {missing:?}");
    }

    #[test]
    fn locales_are_read_from_the_usual_forms() {
        assert_eq!(parse("vi_VN.UTF-8"), Some(Lang::Vi));
        assert_eq!(parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(parse("VI"), Some(Lang::Vi));
        assert_eq!(parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(parse("fr_FR"), None);
        assert!(from_environment(Some("vietnamese")).is_err());
        assert_eq!(from_environment(Some("vi")), Ok(Lang::Vi));
    }

    #[test]
    fn a_message_is_formatted_with_its_arguments_and_without_isolation_marks() {
        let vi = bundle(Lang::Vi);
        let mut args = FluentArgs::new();
        args.set("count", 2);
        args.set("output", "public");
        let pattern = vi.get_message("build-failed").unwrap().value().unwrap();
        let text = vi.format_pattern(pattern, Some(&args), &mut Vec::new()).into_owned();
        assert!(text.contains("public") && text.contains('2') && !text.contains('\u{2068}'), "{text}");
        assert_ne!(text, message("build-failed", Some(&args)), "the library speaks English until the binary chooses");
    }
}
