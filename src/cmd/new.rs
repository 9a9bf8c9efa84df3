//! `nhipcau new page|section|campaign|centre …`: content with the right front matter.

use nhipcau::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// Create a page, a section, a campaign page or a centre row, with the right front matter.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
    /// The site folder (with config.toml).
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
}

#[derive(clap::Subcommand)]
enum What {
    /// A page: PATH below content/, e.g. ho-tro/nguoi-khuyet-tat (".md" is added).
    Page { path: String, #[arg(long)] title: Option<String> },
    /// A section: PATH below content/, e.g. tin-tuc (creates PATH/_index.md).
    Section { path: String, #[arg(long)] title: Option<String> },
    /// A dated campaign page in content/chien-dich/, e.g. ngay-ctxh-2027.
    Campaign { slug: String, #[arg(long)] title: Option<String> },
    /// A new row in data/centres.toml with every known field, empty where unknown.
    Centre { name: String },
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let content = args.root.join("content");
    match args.what {
        What::Page { path, title } => {
            let file = content.join(format!("{}.md", path.trim_end_matches(".md")));
            let title = title.unwrap_or_else(|| "Tiêu đề trang".into());
            create(&file, &format!("+++\ntitle = {}\ndescription = \"\"\n\n[extra]\nkind = \"other\"\n+++\n\nNội dung trang.\n", quote(&title)))
        }
        What::Section { path, title } => {
            let file = content.join(path.trim_matches('/')).join("_index.md");
            let title = title.unwrap_or_else(|| "Tên mục".into());
            create(&file, &format!("+++\ntitle = {}\ndescription = \"\"\nsort_by = \"date\"\n+++\n", quote(&title)))
        }
        What::Campaign { slug, title } => {
            let file = content.join("chien-dich").join(format!("{}.md", slug.trim_end_matches(".md")));
            let title = title.unwrap_or_else(|| "Tên chiến dịch".into());
            let today = jiff::Zoned::now().date();
            create(
                &file,
                &format!("+++\ntitle = {}\ndescription = \"\"\ndate = {today}\n# expires = {today} # the page is unpublished after this day\n\n[extra]\nkind = \"campaign\"\n+++\n\nNội dung chiến dịch.\n", quote(&title)),
            )
        }
        What::Centre { name } => add_centre(&args.root.join("data/centres.toml"), &name),
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn create(file: &Path, text: &str) -> Result<(), Diagnostics> {
    if file.exists() {
        return Err(Diagnostic::new("this file already exists").in_file(file).help("choose another name; nhipcau new never overwrites").into());
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    }
    std::fs::write(file, text).map_err(|e| Diagnostic::io(file, &e))?;
    println!("Created {}", file.display());
    Ok(())
}

fn add_centre(file: &Path, name: &str) -> Result<(), Diagnostics> {
    let existing = std::fs::read_to_string(file).unwrap_or_default();
    let slug = nhipcau::slug::slugify(name);
    if existing.contains(&format!("slug = \"{slug}\"")) {
        return Err(Diagnostic::new(format!("a centre with slug `{slug}` already exists")).in_file(file).help("edit that row instead").into());
    }
    let today = jiff::Zoned::now().date();
    let row = format!(
        "\n[[centres]]\nslug = \"{slug}\"\nname = {}\n# Fill in only what a source states; leave the rest out.\n# ownership = \"công lập\"\n# managing_agency = \"\"\nprovince = \"\"\n# province_before = \"\"\n# address = \"\"\n# phone = \"\"\n# hours = \"\"\n# services = []\n# target_groups = []\n# capacity = 0\nsource = \"\"\nlast_checked = \"{today}\"\n",
        quote(name)
    );
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    }
    std::fs::write(file, format!("{existing}{row}")).map_err(|e| Diagnostic::io(file, &e))?;
    println!("Added {name} to {}: fill in province and source before publishing", file.display());
    Ok(())
}
