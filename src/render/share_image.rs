//! The picture a page shows when it is shared (og:image): the theme's `share_image.svg` template,
//! filled with the page's title and rendered to a 1200×630 PNG with resvg.
//!
//! The bytes are the same on every machine: the fonts come from the theme's `share/` folder (never
//! the system's), resvg is built without system fonts, and nothing depends on time or threads.
//! A theme without `share_image.svg` gets no images (the benchmark sites, minimal themes).

use crate::diag::{Diagnostic, Result};
use crate::render::templates::{Templates, BUILTIN, BUILTIN_THEME};
use crate::site::Site;
use crate::write::Output;
use minijinja::context;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, Mutex};

pub const TEMPLATE: &str = "share_image.svg";
pub const FILE_NAME: &str = "og.png";
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The title block: at most this wide, in at most this many lines; long titles step down in size.
const TITLE_WIDTH: f32 = 1040.0;
const TITLE_LINES: usize = 4;
const TITLE_SIZES: [f32; 4] = [68.0, 60.0, 52.0, 46.0];

/// What one share image shows.
pub struct Card<'a> {
    /// Site path of the page ("/ke-hoach/dong-thap/"); the image is written beside it.
    pub path: &'a str,
    pub title: &'a str,
    /// `extra.kind` of the page or section, for the theme to name ("plan" → "Kế hoạch").
    pub kind: Option<&'a str>,
    /// A second line the theme may show (the province of a plan or centre).
    pub subtitle: Option<&'a str>,
}

/// Whether the site's templates draw share images at all.
pub fn enabled(t: &Templates) -> bool {
    t.exists(TEMPLATE)
}

/// Renders `card` through the theme's template and writes `{path}og.png`.
pub fn write(site: &Site, t: &Templates, card: &Card<'_>, out: &Output) -> Result<()> {
    let fonts = fonts(site)?;
    let title = if card.title.trim().is_empty() { site.config.title.as_str() } else { card.title };
    let layout = wrap_title(&fonts, title);
    let ctx = context! {
        title => title,
        title_lines => layout.lines,
        title_size => layout.size,
        site_name => &site.config.title,
        kind => card.kind,
        subtitle => card.subtitle,
        width => WIDTH,
        height => HEIGHT,
    };
    let svg = t.render(TEMPLATE, ctx)?;
    let png = render_png(&svg, &fonts).map_err(|e| Diagnostic::new(format!("share image for {}: {e}", card.path)).in_file(t.file_of(TEMPLATE)).help("the template must be valid SVG 1200×630"))?;
    out.write(&format!("{}{FILE_NAME}", card.path.trim_start_matches('/')), &png)
}

/// Rasterises an SVG with only the given fonts.
pub fn render_png(svg: &str, fonts: &Fonts) -> std::result::Result<Vec<u8>, String> {
    let options = usvg::Options { fontdb: fonts.db.clone(), font_family: fonts.family.clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate the image")?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(WIDTH as f32 / size.width(), HEIGHT as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The theme's fonts, loaded once per set of font files.
#[derive(Clone)]
pub struct Fonts {
    pub db: Arc<usvg::fontdb::Database>,
    /// The first font's family: the default for text that names none.
    pub family: String,
    /// The boldest face, used to measure titles.
    measure: Option<usvg::fontdb::ID>,
}

fn fonts(site: &Site) -> Result<Fonts> {
    static CACHE: Mutex<Option<(blake3::Hash, Fonts)>> = Mutex::new(None);
    let files = font_files(site)?;
    let mut hasher = blake3::Hasher::new();
    for f in &files {
        hasher.update(f);
    }
    let key = hasher.finalize();
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, f)) = cache.as_ref() {
        if *k == key {
            return Ok(f.clone());
        }
    }
    let mut db = usvg::fontdb::Database::new();
    for f in files {
        db.load_font_data(f);
    }
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone()).unwrap_or_else(|| "sans-serif".into());
    let measure = db.faces().max_by_key(|f| f.weight.0).map(|f| f.id);
    let fonts = Fonts { db: Arc::new(db), family, measure };
    *cache = Some((key, fonts.clone()));
    Ok(fonts)
}

/// Font files in the theme's `share/` folder, in name order.
fn font_files(site: &Site) -> Result<Vec<Vec<u8>>> {
    let is_font = |name: &str| name.ends_with(".ttf") || name.ends_with(".otf");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    match &site.theme_dir {
        Some(theme) => {
            let dir = theme.join("share");
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if is_font(&name) {
                        let bytes = std::fs::read(e.path()).map_err(|err| Diagnostic::io(&e.path(), &err))?;
                        files.push((name, bytes));
                    }
                }
            }
        }
        None if site.config.theme.as_deref() == Some(BUILTIN_THEME) => {
            if let Some(dir) = BUILTIN.get_dir("share") {
                for f in dir.files() {
                    let name = f.path().to_string_lossy().into_owned();
                    if is_font(&name) {
                        files.push((name, f.contents().to_vec()));
                    }
                }
            }
        }
        None => {}
    }
    files.sort();
    Ok(files.into_iter().map(|(_, b)| b).collect())
}

pub struct TitleLayout {
    pub lines: Vec<String>,
    pub size: f32,
}

/// Breaks the title into lines that fit TITLE_WIDTH, stepping the size down until it fits in
/// TITLE_LINES; at the smallest size the last line ends in "…".
pub fn wrap_title(fonts: &Fonts, title: &str) -> TitleLayout {
    let words: Vec<&str> = title.split_whitespace().collect();
    let width_of = |text: &str, size: f32| text_width(fonts, text, size);
    for (i, &size) in TITLE_SIZES.iter().enumerate() {
        let lines = greedy(&words, |t| width_of(t, size) <= TITLE_WIDTH);
        let last_size = i == TITLE_SIZES.len() - 1;
        if lines.len() <= TITLE_LINES || last_size {
            let mut lines = lines;
            if lines.len() > TITLE_LINES {
                lines.truncate(TITLE_LINES);
                let last = lines.last_mut().expect("TITLE_LINES > 0");
                while !last.is_empty() && width_of(&format!("{last} …"), size) > TITLE_WIDTH {
                    match last.rfind(' ') {
                        Some(i) => last.truncate(i),
                        None => last.clear(),
                    }
                }
                last.push_str(" …");
            }
            return TitleLayout { lines, size };
        }
    }
    unreachable!("the last size always returns")
}

fn greedy(words: &[&str], fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for w in words {
        let candidate = if current.is_empty() { w.to_string() } else { format!("{current} {w}") };
        if current.is_empty() || fits(&candidate) {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, w.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Advance width of `text` at `size` px in the measuring face (NFC text; a missing glyph counts
/// as the font's average width).
fn text_width(fonts: &Fonts, text: &str, size: f32) -> f32 {
    let Some(id) = fonts.measure else { return text.chars().count() as f32 * size * 0.6 };
    fonts
        .db
        .with_face_data(id, |data, index| {
            let face = ttf_parser::Face::parse(data, index).ok()?;
            let per_unit = size / face.units_per_em() as f32;
            let fallback = face.glyph_index('n').and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0) as f32;
            Some(text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(|a| a as f32).unwrap_or(fallback)).sum::<f32>() * per_unit)
        })
        .flatten()
        .unwrap_or(text.chars().count() as f32 * size * 0.6)
}
