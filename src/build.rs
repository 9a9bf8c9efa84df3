//! The build pipeline: load → render → index → write, each stage logged in one line; and the
//! rebuilds of a finished build after an edit ([`Built::rebuild`], what `serve` calls).

mod rebuild;
pub use rebuild::Rebuilt;

use crate::diag::Result;
use crate::load::LoadOptions;
use crate::write::Output;
use std::path::PathBuf;
use std::time::Instant;

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Markup added before `</body>` of every HTML page: `nhipcau serve`'s live-reload script
    /// (never set for a real build).
    pub inject_before_body_end: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
}

pub struct Report {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub bytes: u64,
}

pub fn build(opts: &BuildOptions, verbosity: Verbosity) -> Result<Report> {
    build_keeping_site(opts, verbosity).map(|built| built.report)
}

/// A finished build with the model and the render cache, for `serve`'s partial rebuilds.
pub struct Built {
    pub report: Report,
    pub site: crate::site::Site,
    cache: crate::render::RenderCache,
    /// The folder the build wrote (links followed), which rebuilds patch in place.
    output: PathBuf,
    inject: Option<String>,
    drafts: bool,
}

pub fn build_keeping_site(opts: &BuildOptions, verbosity: Verbosity) -> Result<Built> {
    let started = Instant::now();
    let log = |line: String| {
        if verbosity >= Verbosity::Normal {
            eprintln!("{line}");
        }
    };
    let t = Instant::now();
    let mut site = crate::load::load(&LoadOptions { root: opts.root.clone(), base_url: opts.base_url.clone(), drafts: opts.drafts })?;
    let scheduled = match site.scheduled.as_slice() {
        [] => String::new(),
        [day] => crate::t!("stage-scheduled-one", day = day.as_str()),
        [first, ..] => crate::t!("stage-scheduled-many", count = site.scheduled.len(), first = first.as_str()),
    };
    log(crate::t!(
        "stage-load",
        pages = site.pages.len(),
        sections = site.sections.len(),
        taxonomies = site.taxonomies.len(),
        static_files = site.static_files.len(),
        scheduled = scheduled,
        time = ms(t)
    ));

    let t = Instant::now();
    crate::render::render_markdown(&mut site)?;
    let mut output = Output::new(&opts.output, &opts.root)?;
    if let Some(markup) = &opts.inject_before_body_end {
        output.inject_before_body_end(markup);
    }
    // A progress bar only where a person watches a terminal; logs and CI get the stage lines.
    let bar = (verbosity == Verbosity::Normal && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(indicatif::ProgressStyle::with_template("render {spinner} {pos} pages ({per_sec})").unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()));
        bar
    });
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let result = crate::render::render_site(&site, &output, &tick);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (stats, cache) = result?;
    copy_static(&site, &output)?;
    log(crate::t!("stage-render", pages = stats.html_pages, time = ms(t)));

    if site.config.build_search_index {
        let t = Instant::now();
        let s = crate::index::build(&site, &output)?;
        log(crate::t!("stage-index", documents = s.documents, files = s.files, kb = s.bytes / 1024, time = ms(t)));
    }

    let t = Instant::now();
    let (files, bytes) = output.counts();
    let written = output.final_dir.clone();
    output.commit()?;
    log(crate::t!("stage-write", files = files, mb = format!("{:.1}", bytes as f64 / 1e6), output = opts.output.display().to_string(), time = ms(t)));
    log(crate::t!("stage-done", time = ms(started)));
    let report = Report { pages: site.pages.len(), sections: site.sections.len(), files, bytes };
    Ok(Built { report, site, cache, output: written, inject: opts.inject_before_body_end.clone(), drafts: opts.drafts })
}

fn copy_static(site: &crate::site::Site, output: &Output) -> Result<()> {
    use rayon::prelude::*;
    if crate::theme::is_builtin(site) {
        // The site's own static/ wins over the built-in theme's, as over any theme's.
        let own: std::collections::HashSet<&str> = site.static_files.iter().map(|(_, rel)| rel.as_str()).collect();
        for (rel, bytes) in crate::theme::builtin_static_files() {
            if !own.contains(rel.as_str()) {
                output.write(&rel, bytes)?;
            }
        }
    }
    site.static_files.par_iter().try_for_each(|(src, rel)| output.copy(src, rel))
}

fn ms(t: Instant) -> String {
    let d = t.elapsed();
    if d.as_secs() >= 1 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}
