//! `nhipcau new page|section|campaign|centre …`: content with the right front matter.

use nhipcau::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
}

#[derive(clap::Subcommand)]
enum What {
    Page { path: String, #[arg(long)] title: Option<String> },
    Section { path: String, #[arg(long)] title: Option<String> },
    Campaign { name: String, #[arg(long)] title: Option<String> },
    Centre { name: String },
}

/// A file below content/ for a PATH typed on the command line: never outside it.
fn content_file(content: &Path, path: &str, what: &str) -> Result<PathBuf, Diagnostics> {
    let path = path.trim_end_matches('/');
    nhipcau::sandbox::relative_name(path, content).map_err(|d| {
        d.help(nhipcau::t!("new-path-help", what = what))
    })?;
    Ok(content.join(path))
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let content = args.root.join("content");
    match args.what {
        What::Page { path, title } => {
            let file = content_file(&content, &format!("{}.md", path.trim_end_matches(".md")), "page")?;
            let title = title.unwrap_or_else(|| PLACEHOLDER_TITLE.into());
            create(&file, &format!("+++\n{}title = {}\ndescription = \"\"\n\n[extra]\nkind = \"other\"\n+++\n\n{PLACEHOLDER_BODY}\n", draft_line(), quote(&title)))
        }
        What::Section { path, title } => {
            let file = content_file(&content, &path, "section")?.join("_index.md");
            let title = title.unwrap_or_else(|| PLACEHOLDER_TITLE.into());
            create(&file, &format!("+++\n{}title = {}\ndescription = \"\"\nsort_by = \"date\"\n+++\n", draft_line(), quote(&title)))
        }
        What::Campaign { name, title } => {
            let slug = nhipcau::slug::slugify(name.trim_end_matches(".md"));
            if slug.is_empty() {
                return Err(Diagnostic::new(nhipcau::t!("new-campaign-no-letters", name = format!("{name:?}"))).help(nhipcau::t!("new-campaign-no-letters-help")).into());
            }
            let file = content_file(&content, &format!("chien-dich/{slug}.md"), "campaign")?;
            // A name typed as words is the title; a file name (ngay-ctxh-2027) is not.
            let title = title.or_else(|| (name != slug).then(|| name.clone())).unwrap_or_else(|| PLACEHOLDER_TITLE.into());
            let today = jiff::Zoned::now().date();
            create(
                &file,
                &format!(
                    "+++\n{}title = {}\ndescription = \"\"\ndate = {today}\n# expires = {today} # {}\n\n[extra]\nkind = \"campaign\"\n+++\n\n{PLACEHOLDER_BODY}\n",
                    draft_line(),
                    quote(&title),
                    nhipcau::t!("new-expires-comment")
                ),
            )
        }
        What::Centre { name } => add_centre(&args.root.join("data/centres.toml"), &name),
    }
}

use nhipcau::check::{PLACEHOLDER_BODY, PLACEHOLDER_TITLE};

/// New content is a draft until its author removes this line: a scaffold never publishes
/// placeholder text by itself (`nhipcau check` flags what is still a placeholder).
fn draft_line() -> String {
    format!("# {}\ndraft = true\n", nhipcau::t!("new-draft-comment"))
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn create(file: &Path, text: &str) -> Result<(), Diagnostics> {
    if file.exists() {
        return Err(Diagnostic::new(nhipcau::t!("new-exists")).in_file(file).help(nhipcau::t!("new-exists-help")).into());
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    }
    std::fs::write(file, text).map_err(|e| Diagnostic::io(file, &e))?;
    super::print(&(nhipcau::t!("new-created", file = file.display().to_string()) + "\n"))
}

/// Adds a `[[centres]]` row to data/centres.toml. The file is parsed first (toml_edit, which
/// keeps every comment and layout as written): one it cannot read or parse is left byte for byte
/// as it was, never rewritten with its rows lost.
fn add_centre(file: &Path, name: &str) -> Result<(), Diagnostics> {
    let existing = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Diagnostic::new(nhipcau::t!("new-centre-not-utf8")).in_file(file).help(nhipcau::t!("new-save-utf8-help"))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Diagnostic::io(file, &e).into()),
    };
    let doc: toml_edit::DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| nhipcau::diag::line_col(&existing, s.start).0);
        let mut d = Diagnostic::new(nhipcau::t!("new-centre-not-toml", error = e.message())).in_file(file).help(nhipcau::t!("new-centre-not-toml-help"));
        d.line = line;
        d
    })?;
    let slug = nhipcau::slug::slugify(name);
    if slug.is_empty() {
        return Err(Diagnostic::new(nhipcau::t!("new-centre-no-letters", name = format!("{name:?}"))).help(nhipcau::t!("new-centre-no-letters-help")).into());
    }
    let rows = doc.get("centres").and_then(|c| c.as_array_of_tables());
    if doc.get("centres").is_some() && rows.is_none() {
        return Err(Diagnostic::new(nhipcau::t!("new-centre-not-list")).in_file(file).help(nhipcau::t!("new-centre-not-list-help")).into());
    }
    if rows.into_iter().flatten().any(|row| row.get("slug").and_then(|v| v.as_str()) == Some(slug.as_str())) {
        return Err(Diagnostic::new(nhipcau::t!("new-centre-exists", slug = slug.as_str())).in_file(file).help(nhipcau::t!("new-centre-exists-help")).into());
    }
    let today = jiff::Zoned::now().date();
    let row = format!(
        "\n[[centres]]\nslug = {}\nname = {}\n# {}\n# ownership = \"công lập\"\n# managing_agency = \"\"\nprovince = \"\"\n# province_before = \"\"\n# address = \"\"\n# phone = \"\"\n# hours = \"\"\n# services = []\n# target_groups = []\n# capacity = 0\nsource = \"\"\nlast_checked = \"{today}\"\n",
        quote(&slug),
        quote(name),
        nhipcau::t!("new-centre-comment")
    );
    // Appending keeps the file exactly as written above the new row; it is checked to parse
    // with one more row before it replaces the file (written beside it, then renamed).
    let separator = if existing.is_empty() || existing.ends_with('\n') { "" } else { "\n" };
    let updated = format!("{existing}{separator}{row}");
    let check: toml_edit::DocumentMut = updated.parse().map_err(|_| Diagnostic::new(nhipcau::t!("new-centre-would-break")).in_file(file))?;
    let count = |d: &toml_edit::DocumentMut| d.get("centres").and_then(|c| c.as_array_of_tables()).map_or(0, |a| a.len());
    if count(&check) != count(&doc) + 1 {
        return Err(Diagnostic::new(nhipcau::t!("new-centre-not-landed")).in_file(file).help(nhipcau::t!("new-centre-not-landed-help")).into());
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    }
    let temp = file.with_extension("toml.new");
    std::fs::write(&temp, &updated).map_err(|e| Diagnostic::io(&temp, &e))?;
    std::fs::rename(&temp, file).map_err(|e| Diagnostic::io(file, &e))?;
    super::print(&(nhipcau::t!("new-centre-added", name = name, file = file.display().to_string()) + "\n"))
}
