//! minijinja environment: theme templates overridable file by file from the site's templates/,
//! Zola-style functions and filters, autoescaping for HTML and XML.

use crate::diag::Diagnostic;
use crate::render::markdown;
use crate::site::Site;
use crate::slug::slugify;
use crate::theme::{BUILTIN, BUILTIN_THEME};
use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Template instructions one page may run. Every page of the default portal renders within 4,000
/// (measured: the build fails at 3,000); this leaves room for themes thousands of times busier,
/// and stops `{% for a in range(99999) %}{% for b in range(99999) %}` within a second instead
/// of never.
const TEMPLATE_FUEL: u64 = 10_000_000;
/// The most one page's HTML may grow to. The portal's largest page is about 0.3 MB.
pub const MAX_PAGE_BYTES: usize = 50_000_000;

/// Collects a page's HTML and refuses to grow past `cap`.
struct CappedWriter {
    bytes: Vec<u8>,
    cap: usize,
}

impl std::io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            self.bytes.extend_from_slice(&buf[..self.cap - self.bytes.len()]);
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}


/// Templates every site has, whatever its theme: the feeds, sitemap, robots.txt and alias
/// pages. A site's or theme's templates/ file of the same name wins (as in Zola).
pub const BUILTIN_FORMATS: [(&str, &str); 4] = [
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("alias.html", include_str!("builtin/alias.html")),
];

/// Values templates can look up by path, built once per build and shared by every render.
#[derive(Default)]
pub struct Lookup {
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<String, Value>,
    pub taxonomies: HashMap<String, Value>,
    pub site_paths: HashMap<String, String>,
    /// Taxonomy name → term slug → the term's site path, for `get_taxonomy_url`.
    pub term_paths: HashMap<String, HashMap<String, String>>,
}

pub struct Templates {
    pub env: Environment<'static>,
    site_templates: PathBuf,
    theme_templates: Option<PathBuf>,
}

impl Templates {
    pub fn new(site: &Site, lookup: Arc<Lookup>) -> Templates {
        let site_templates = site.root.join("templates");
        let theme_templates = site.theme_dir.as_ref().map(|t| t.join("templates"));
        let use_builtin = crate::theme::is_builtin(site);
        let mut env = Environment::new();
        env.set_fuel(Some(TEMPLATE_FUEL));
        {
            let site_templates = site_templates.clone();
            let theme_templates = theme_templates.clone();
            env.set_loader(move |name| load_template(name, &site_templates, theme_templates.as_deref(), use_builtin));
        }
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        // minijinja's HTML escaping also escapes `/`, which would hide site paths ("/css/…") from
        // the write stage's relative-URL rewrite; `&<>"'` is what HTML needs.
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() {
                if let Some(s) = value.as_str() {
                    return out.write_str(&markdown::escape_attr(s)).map_err(Error::from);
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.add_global("config", Value::from(minijinja::value::Serde(&site.config)));
        env.add_global("lang", site.config.default_language.clone());
        env.add_global("hotlines", Value::from(minijinja::value::Serde(site.config.hotlines())));

        // get_page(path=…), get_section(path=…), get_taxonomy(kind=…): one lookup each.
        type Pick = fn(&Lookup) -> &HashMap<String, Value>;
        // What was looked for, in the officer's words (worded only when it is not found).
        type Named = fn() -> String;
        let finders: [(&str, &str, Named, Pick); 3] = [
            ("get_page", "path", || crate::t!("lookup-page"), |l| &l.pages),
            ("get_section", "path", || crate::t!("lookup-section"), |l| &l.sections),
            ("get_taxonomy", "kind", || crate::t!("lookup-taxonomy"), |l| &l.taxonomies),
        ];
        for (name, arg, what, pick) in finders {
            let l = lookup.clone();
            env.add_function(name, move |kwargs: Kwargs| -> Result<Value, Error> {
                let key: String = kwargs.get(arg)?;
                kwargs.assert_all_used()?;
                let key = key.trim_start_matches("@/").trim_start_matches('/');
                let map = pick(&l);
                map.get(key).cloned().ok_or_else(|| not_found(&what(), key, map.keys()))
            });
        }
        let l = lookup.clone();
        env.add_function("get_taxonomy_url", move |kwargs: Kwargs| -> Result<Value, Error> {
            let kind: String = kwargs.get("kind")?;
            let name: String = kwargs.get("name")?;
            kwargs.assert_all_used()?;
            let terms = l.term_paths.get(&kind).ok_or_else(|| not_found(&crate::t!("lookup-taxonomy"), &kind, l.term_paths.keys()))?;
            // Terms are found by slug, so "Trẻ em", "trẻ em" and "Tre em" are one term, as they are
            // one page.
            let path = terms.get(&slugify(&name)).ok_or_else(|| {
                let names: Vec<String> = terms.keys().cloned().collect();
                not_found(&crate::t!("lookup-term", taxonomy = kind.as_str()), &name, names.iter())
            })?;
            Ok(Value::from(path.clone()))
        });
        let l = lookup;
        env.add_function("get_url", move |kwargs: Kwargs| -> Result<Value, Error> {
            let path: String = kwargs.get("path")?;
            kwargs.assert_all_used()?;
            if let Some(internal) = path.strip_prefix("@/") {
                let (file, anchor) = internal.split_once('#').map(|(f, a)| (f, Some(a))).unwrap_or((internal, None));
                let site_path = l.site_paths.get(file).ok_or_else(|| not_found(&crate::t!("lookup-page-or-section"), file, l.site_paths.keys()))?;
                return Ok(Value::from(match anchor {
                    Some(a) => format!("{site_path}#{a}"),
                    None => site_path.clone(),
                }));
            }
            Ok(Value::from(format!("/{}", path.trim_start_matches('/'))))
        });
        let root = site.root.clone();
        let cache: Arc<Mutex<HashMap<String, Value>>> = Default::default();
        env.add_function("load_data", move |kwargs: Kwargs| -> Result<Value, Error> {
            let path: String = kwargs.get("path")?;
            kwargs.assert_all_used()?;
            if let Some(v) = cache.lock().unwrap().get(&path) {
                return Ok(v.clone());
            }
            let data = crate::data::load(&root, &path).map_err(|d| {
                let help = d.help.clone().map(|h| format!(" — {h}")).unwrap_or_default();
                let problem = crate::diag::Diagnostic { help: None, ..d };
                Error::new(ErrorKind::InvalidOperation, crate::t!("template-load-data-failed", path = path.as_str(), problem = problem.to_string(), help = help))
            })?;
            let value = Value::from(minijinja::value::Serde(data));
            cache.lock().unwrap().insert(path, value.clone());
            Ok(value)
        });
        env.add_filter("date_vi", date_vi);
        env.add_filter("rfc3339", |value: Value| rfc3339_text(&value_text(&value)));
        let base_url = site.config.base_url.clone();
        // Plain text, not markup: in an autoescaped feed it is escaped, as Atom's type="html"
        // content must be; `| safe` after it gives markup.
        env.add_filter("absolute_urls", move |html: String| crate::write::urls::rewrite_root_paths(&html, &base_url));
        env.add_filter("markdown", |s: String| Value::from_safe_string(markdown::render_plain(&s)));
        env.add_filter("slugify", |s: String| slugify(&s));
        Templates { env, site_templates, theme_templates }
    }

    /// The file a template name comes from, so errors can name it.
    pub fn file_of(&self, name: &str) -> PathBuf {
        let site = self.site_templates.join(name);
        if site.is_file() {
            return site;
        }
        let theme = match &self.theme_templates {
            Some(t) => t.join(name),
            None => Path::new("themes").join(BUILTIN_THEME).join("templates").join(name),
        };
        let in_builtin_theme = self.theme_templates.is_none() && BUILTIN.get_file(format!("templates/{name}")).is_some();
        if !theme.is_file() && !in_builtin_theme && BUILTIN_FORMATS.iter().any(|(n, _)| *n == name) {
            return Path::new("(built-in templates)").join(name);
        }
        theme
    }

    pub fn exists(&self, name: &str) -> bool {
        self.env.get_template(name).is_ok()
    }

    /// Renders one output. A template that loops without end runs out of fuel, and one whose
    /// output grows past [`MAX_PAGE_BYTES`] is stopped there: both are errors naming it.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Diagnostic> {
        let tmpl = self.env.get_template(name).map_err(|e| self.diagnostic(e, name))?;
        let mut out = CappedWriter { bytes: Vec::new(), cap: MAX_PAGE_BYTES };
        match tmpl.render_captured_to(ctx, &mut out) {
            Ok(_) => Ok(String::from_utf8(out.bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) if out.bytes.len() >= MAX_PAGE_BYTES => Err(Diagnostic::new(crate::t!("template-too-big", name = name, mb = MAX_PAGE_BYTES / 1_000_000))
                .in_file(self.file_of(name))
                .help(crate::t!("template-too-big-help"))),
            Err(e) => Err(self.diagnostic(e, name)),
        }
    }

    pub fn diagnostic(&self, err: Error, rendering: &str) -> Diagnostic {
        let in_template = err.name().unwrap_or(rendering).to_string();
        // minijinja's own words (the kind, the detail) are English; the frame is the officer's.
        let mut message = match err.detail() {
            Some(detail) => crate::t!("template-error-detail", kind = err.kind().to_string(), detail = detail),
            None => crate::t!("template-error", kind = err.kind().to_string()),
        };
        if in_template != rendering {
            message.push_str(&crate::t!("template-while-rendering", name = rendering));
        }
        let mut source = std::error::Error::source(&err);
        let mut bad_date = false;
        while let Some(inner) = source {
            if inner.is::<BadDate>() {
                bad_date = true;
            } else {
                message.push_str(&format!(": {inner}"));
            }
            source = inner.source();
        }
        let help = match err.kind() {
            _ if bad_date => crate::t!("template-bad-date-help"),
            ErrorKind::UnknownFunction => crate::t!("template-unknown-function-help"),
            ErrorKind::UnknownFilter => crate::t!("template-unknown-filter-help"),
            ErrorKind::TemplateNotFound => crate::t!("template-not-found-help"),
            ErrorKind::SyntaxError => crate::t!("template-syntax-help"),
            ErrorKind::OutOfFuel => crate::t!("template-out-of-fuel-help"),
            _ => crate::t!("template-check-help"),
        };
        let mut d = Diagnostic::new(message).in_file(self.file_of(&in_template)).help(help);
        d.line = err.line();
        d
    }
}

/// A template by name, from the site's templates/, else the theme's (or the built-in theme).
/// Names resolve only inside those folders ([`crate::sandbox::read_inside`]): `template =
/// "/etc/passwd"` in front matter or `{% include "../x" %}` reads nothing outside them.
fn load_template(name: &str, site: &Path, theme: Option<&Path>, builtin: bool) -> Result<Option<String>, Error> {
    let read = |dir: &Path| -> Result<Option<String>, Error> {
        let file = crate::sandbox::read_inside(dir, name).map_err(|d| refused_template(name, d))?;
        match std::fs::read_to_string(&file) {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::new(ErrorKind::InvalidOperation, crate::t!("template-cannot-read", file = file.display().to_string(), error = e.to_string()))),
        }
    };
    if let Some(s) = read(site)? {
        return Ok(Some(s));
    }
    if let Some(theme) = theme {
        if let Some(s) = read(theme)? {
            return Ok(Some(s));
        }
    } else if builtin {
        crate::sandbox::relative_name(name, Path::new(&crate::t!("builtin-theme-templates"))).map_err(|d| refused_template(name, d))?;
        if let Some(s) = BUILTIN.get_file(format!("templates/{name}")).and_then(|f| f.contents_utf8()) {
            return Ok(Some(s.to_string()));
        }
    }
    Ok(BUILTIN_FORMATS.iter().find(|(n, _)| *n == name).map(|(_, s)| s.to_string()))
}

fn refused_template(name: &str, d: crate::diag::Diagnostic) -> Error {
    Error::new(ErrorKind::InvalidOperation, crate::t!("template-refused", name = name, why = d.message))
}

fn not_found<'a>(what: &str, path: &str, keys: impl Iterator<Item = &'a String>) -> Error {
    let keys: Vec<&str> = keys.map(String::as_str).collect();
    let hint = crate::diag::closest(path, &keys).map(|k| crate::t!("did-you-mean-key", key = k)).unwrap_or_default();
    Error::new(ErrorKind::InvalidOperation, crate::t!("lookup-not-found", what = what, path = path, hint = hint).trim_end().to_string())
}

/// Marks an error about a date (as its source), so its help line says how to write one.
#[derive(Debug)]
struct BadDate;

impl std::fmt::Display for BadDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bad date")
    }
}

impl std::error::Error for BadDate {}

fn value_text(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())
}


/// "2026-03-25" → "ngày 25 tháng 3 năm 2026" (the form Vietnamese documents use). An impossible
/// date ("2026-13-45") is an error, not "ngày 45 tháng 13".
pub fn date_vi(value: Value) -> Result<String, Error> {
    let text = value_text(&value);
    let d = crate::load::parse_day(&text).ok_or_else(|| bad_date("date_vi", &text))?;
    Ok(format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year()))
}

/// RFC 3339, which Atom requires: a plain date is midnight and a local time is in Vietnam
/// (+07:00); a time with an offset or Z is kept as written.
pub fn rfc3339_text(text: &str) -> Result<String, Error> {
    let text = text.trim();
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        if text.len() == 10 {
            return Ok(format!("{d}T00:00:00+07:00"));
        }
    }
    if text.parse::<jiff::Timestamp>().is_ok() {
        return Ok(text.to_string());
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return Ok(format!("{}+07:00", dt.strftime("%Y-%m-%dT%H:%M:%S")));
    }
    Err(bad_date("rfc3339", text))
}

fn bad_date(filter: &str, text: &str) -> Error {
    Error::new(ErrorKind::InvalidOperation, crate::t!("template-bad-date", text = text, filter = filter)).with_source(BadDate)
}
