//! The picture a page shows when it is shared (og:image): the theme's `share_image.svg` template,
//! filled with the page's title and rendered to a 1200×630 PNG with resvg.
//!
//! The bytes are the same on every machine: the fonts come from the theme's `share/` folder (never
//! the system's), resvg is built without system fonts, and nothing depends on time or threads.
//! A theme without `share_image.svg` gets no images (the benchmark sites, minimal themes).

use crate::diag::{Diagnostic, Result};
use crate::render::templates::Templates;
use crate::theme::{BUILTIN, BUILTIN_THEME};
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

/// Whether the site's templates draw share images, and the site has not turned them off with
/// `[extra] share_images = false` (about 5–10 ms of CPU per page).
pub fn enabled(site: &Site, t: &Templates) -> bool {
    site.config.extra.get("share_images").and_then(|v| v.as_bool()) != Some(false) && t.exists(TEMPLATE)
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
    let rel = format!("{}{FILE_NAME}", card.path.trim_start_matches('/'));
    // The previous build's image is reused when it was drawn from the same SVG and fonts (its
    // key is in the PNG): rebuilding a large site redraws only what changed.
    let key = image_key(&svg, &fonts);
    if let Some(previous) = previous_image(&out.final_dir.join(&rel), &key) {
        return out.write(&rel, &previous);
    }
    let png = render_png_keyed(&svg, &fonts, Some(&key)).map_err(|e| Diagnostic::new(crate::t!("share-image-failed", path = card.path, error = e)).in_file(t.file_of(TEMPLATE)).help(crate::t!("share-image-failed-help")))?;
    out.write(&rel, &png)
}

const KEY_CHUNK: &str = "nhipcau-share-image";

/// What an image is drawn from: the SVG, the fonts, and this version of the generator.
fn image_key(svg: &str, fonts: &Fonts) -> String {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(fonts.key.as_bytes());
    h.update(svg.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The PNG at `path` if it carries `key` (in a tEXt chunk before the image data).
fn previous_image(path: &std::path::Path, key: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let head = &bytes[..bytes.len().min(256)];
    let marker = format!("{KEY_CHUNK}\0{key}");
    head.windows(marker.len()).any(|w| w == marker.as_bytes()).then_some(bytes)
}

/// Rasterises an SVG with only the given fonts.
pub fn render_png(svg: &str, fonts: &Fonts) -> std::result::Result<Vec<u8>, String> {
    render_png_keyed(svg, fonts, None)
}

fn render_png_keyed(svg: &str, fonts: &Fonts, key: Option<&str>) -> std::result::Result<Vec<u8>, String> {
    let options = usvg::Options { fontdb: fonts.db.clone(), font_family: fonts.family.clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;

    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| crate::t!("share-image-no-memory"))?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(WIDTH as f32 / size.width(), HEIGHT as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode_opaque(&pixmap, key)
}

/// The image is opaque: RGB without alpha and fast deflate take a fifth of the time of
/// tiny-skia's own encoder for about the same size (measured on the portal: ~100 KB a page).
fn encode_opaque(pixmap: &tiny_skia::Pixmap, key: Option<&str>) -> std::result::Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    if let Some(key) = key {
        encoder.add_text_chunk(KEY_CHUNK.into(), key.into()).map_err(|e| e.to_string())?;
    }
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The theme's fonts, loaded once per set of font files.
#[derive(Clone)]
pub struct Fonts {
    pub db: Arc<usvg::fontdb::Database>,
    /// The first font's family: the default for text that names none.
    pub family: String,
    /// The boldest face, used to measure titles.
    measure: Option<usvg::fontdb::ID>,
    /// Hash of the font files.
    key: String,
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
    let fonts = Fonts { db: Arc::new(db), family, measure, key: key.to_hex().to_string() };
    *cache = Some((key, fonts.clone()));
    Ok(fonts)
}

/// Font files in the theme's `share/` folder, in name order.
fn font_files(site: &Site) -> Result<Vec<Vec<u8>>> {
    let is_font = |name: &str| name.ends_with(".ttf") || name.ends_with(".otf");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    match &site.theme_dir {
        Some(theme) => {
            let (found, problems) = crate::sandbox::files_below(theme, &theme.join("share"), true);
            if let Some(problem) = problems.into_iter().next() {
                return Err(problem.into());
            }
            for (path, name) in found.into_iter().filter(|(_, name)| is_font(name)) {
                let bytes = std::fs::read(&path).map_err(|err| Diagnostic::io(&path, &err))?;
                files.push((name, bytes));
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
    // "2021 - 2030" stays on one line: a lone dash joins the words on both sides.
    let mut words: Vec<String> = Vec::new();
    let mut glue = false;
    for w in title.split_whitespace() {
        let dash = matches!(w, "-" | "–" | "—");
        match words.last_mut() {
            Some(last) if dash || glue => {
                last.push(' ');
                last.push_str(w);
            }
            _ => words.push(w.to_string()),
        }
        glue = dash;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(BUILTIN.get_file("share/DejaVuSans-Bold-vi.ttf").expect("the theme's font").contents().to_vec());
        let measure = db.faces().next().map(|f| f.id);
        Fonts { db: Arc::new(db), family: "DejaVu Sans".into(), measure, key: String::new() }
    }

    #[test]
    fn titles_wrap_to_the_width_and_keep_year_ranges_whole() {
        let f = fonts();
        let t = wrap_title(&f, "Kế hoạch triển khai thực hiện Chương trình phát triển công tác xã hội giai đoạn 2021 - 2030 (tỉnh Đồng Tháp)");
        assert!(t.lines.len() <= TITLE_LINES && t.lines.len() > 1, "{:?}", t.lines);
        assert!(t.lines.iter().all(|l| text_width(&f, l, t.size) <= TITLE_WIDTH), "{:?}", t.lines);
        assert!(t.lines.iter().any(|l| l.contains("2021 - 2030")), "{:?}", t.lines);
        assert_eq!(t.lines.join(" "), "Kế hoạch triển khai thực hiện Chương trình phát triển công tác xã hội giai đoạn 2021 - 2030 (tỉnh Đồng Tháp)");
        let short = wrap_title(&f, "Chiến dịch");
        assert_eq!((short.lines.len(), short.size), (1, TITLE_SIZES[0]));
    }

    #[test]
    fn a_title_too_long_for_four_lines_ends_in_an_ellipsis() {
        let f = fonts();
        let t = wrap_title(&f, &"công tác xã hội ".repeat(30));
        assert_eq!(t.lines.len(), TITLE_LINES);
        assert_eq!(t.size, TITLE_SIZES[TITLE_SIZES.len() - 1]);
        assert!(t.lines[TITLE_LINES - 1].ends_with(" …"));
    }

    #[test]
    fn the_same_svg_gives_the_same_png() {
        let f = fonts();
        let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\"><rect width=\"1200\" height=\"630\" fill=\"#0b4f8a\"/><text x=\"80\" y=\"300\" font-size=\"64\" fill=\"#fff\">Đồng Tháp</text></svg>");
        let a = render_png(&svg, &f).unwrap();
        assert_eq!(a, render_png(&svg, &f).unwrap());
        let blank = render_png(&svg.replace("Đồng Tháp", ""), &f).unwrap();
        assert_ne!(a, blank, "the text is drawn with the theme's font");
    }
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
