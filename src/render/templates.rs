//! minijinja environment: theme templates overridable file by file from the site's templates/,
//! Zola-style functions and filters, autoescaping for HTML and XML.

use crate::diag::Diagnostic;
use crate::render::markdown;
use crate::site::Site;
use crate::slug::slugify;
use crate::theme::{BUILTIN, BUILTIN_THEME};
use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State};
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


/// Values templates can look up by path, built once per build and shared by every render.
#[derive(Default)]
pub struct Lookup {
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<String, Value>,
    pub taxonomies: HashMap<String, Value>,
    pub site_paths: HashMap<String, String>,
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

        // get_page(path=…), get_section(path=…), get_taxonomy(kind=…): one lookup each.
        type Pick = fn(&Lookup) -> &HashMap<String, Value>;
        let finders: [(&str, &str, &str, Pick); 3] = [
            ("get_page", "path", "page", |l| &l.pages),
            ("get_section", "path", "section", |l| &l.sections),
            ("get_taxonomy", "kind", "taxonomy", |l| &l.taxonomies),
        ];
        for (name, arg, what, pick) in finders {
            let l = lookup.clone();
            env.add_function(name, move |kwargs: Kwargs| -> Result<Value, Error> {
                let key: String = kwargs.get(arg)?;
                kwargs.assert_all_used()?;
                let key = key.trim_start_matches("@/").trim_start_matches('/');
                let map = pick(&l);
                map.get(key).cloned().ok_or_else(|| not_found(what, key, map.keys()))
            });
        }
        let l = lookup;
        env.add_function("get_url", move |kwargs: Kwargs| -> Result<Value, Error> {
            let path: String = kwargs.get("path")?;
            kwargs.assert_all_used()?;
            if let Some(internal) = path.strip_prefix("@/") {
                let (file, anchor) = internal.split_once('#').map(|(f, a)| (f, Some(a))).unwrap_or((internal, None));
                let site_path = l.site_paths.get(file).ok_or_else(|| not_found("page or section", file, l.site_paths.keys()))?;
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
            let data = crate::load::data::load(&root, &path).map_err(|d| {
                let help = d.help.clone().map(|h| format!(" — {h}")).unwrap_or_default();
                let problem = crate::diag::Diagnostic { help: None, ..d };
                Error::new(ErrorKind::InvalidOperation, format!("load_data(path=\"{path}\") failed: {problem}{help}"))
            })?;
            let value = Value::from(minijinja::value::Serde(data));
            cache.lock().unwrap().insert(path, value.clone());
            Ok(value)
        });
        env.add_filter("date_vi", date_vi);
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
        match &self.theme_templates {
            Some(t) => t.join(name),
            None => Path::new("themes").join(BUILTIN_THEME).join("templates").join(name),
        }
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
            Err(_) if out.bytes.len() >= MAX_PAGE_BYTES => Err(Diagnostic::new(format!(
                "template `{name}` produced more than {} MB for one page, so it was stopped",
                MAX_PAGE_BYTES / 1_000_000
            ))
            .in_file(self.file_of(name))
            .help("look for a loop that repeats or doubles text without end")),
            Err(e) => Err(self.diagnostic(e, name)),
        }
    }

    pub fn diagnostic(&self, err: Error, rendering: &str) -> Diagnostic {
        let in_template = err.name().unwrap_or(rendering).to_string();
        let mut message = match err.detail() {
            Some(detail) => format!("template error ({}): {detail}", err.kind()),
            None => format!("template error: {}", err.kind()),
        };
        if in_template != rendering {
            message.push_str(&format!(" (while rendering {rendering})"));
        }
        let mut source = std::error::Error::source(&err);
        while let Some(inner) = source {
            message.push_str(&format!(": {inner}"));
            source = inner.source();
        }
        let help = match err.kind() {
            ErrorKind::UnknownFunction => "available functions: get_page, get_section, get_taxonomy, get_url, load_data and minijinja's built-ins",
            ErrorKind::UnknownFilter => "available filters: date_vi, markdown, slugify and minijinja's built-ins",
            ErrorKind::TemplateNotFound => "create the template in the site's templates/ folder or in the theme",
            ErrorKind::SyntaxError => "fix the template syntax at this line (minijinja follows Jinja2)",
            ErrorKind::OutOfFuel => "this template runs too many steps for one page: look for loops nested too deep or without end",
            _ => "check the template at this line",
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
        let file = crate::sandbox::read_inside(dir, name).map_err(|d| Error::new(ErrorKind::InvalidOperation, format!("template `{name}`: {}", d.message)))?;
        match std::fs::read_to_string(&file) {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::new(ErrorKind::InvalidOperation, format!("cannot read {}: {e}", file.display()))),
        }
    };
    if let Some(s) = read(site)? {
        return Ok(Some(s));
    }
    if let Some(theme) = theme {
        return read(theme);
    }
    if builtin {
        crate::sandbox::relative_name(name, Path::new("the built-in theme's templates")).map_err(|d| Error::new(ErrorKind::InvalidOperation, format!("template `{name}`: {}", d.message)))?;
        return Ok(BUILTIN.get_file(format!("templates/{name}")).and_then(|f| f.contents_utf8()).map(str::to_string));
    }
    Ok(None)
}

fn not_found<'a>(what: &str, path: &str, keys: impl Iterator<Item = &'a String>) -> Error {
    let keys: Vec<&str> = keys.map(String::as_str).collect();
    let hint = crate::diag::suggest(path, &keys);
    let hint = if hint.starts_with("did you mean") { hint } else { String::new() };
    Error::new(ErrorKind::InvalidOperation, format!("no {what} `{path}` {hint}").trim_end().to_string())
}

/// "2026-03-25" → "ngày 25 tháng 3 năm 2026" (the form Vietnamese documents use).
pub fn date_vi(_state: &State, value: Value) -> Result<String, Error> {
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    let date = text.get(..10).unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let m: u32 = m.parse().map_err(|_| bad_date(&text))?;
            let d: u32 = d.parse().map_err(|_| bad_date(&text))?;
            Ok(format!("ngày {d} tháng {m} năm {y}"))
        }
        _ => Err(bad_date(&text)),
    }
}

fn bad_date(text: &str) -> Error {
    Error::new(ErrorKind::InvalidOperation, format!("date_vi expects a date like 2026-03-25, got `{text}`"))
}
