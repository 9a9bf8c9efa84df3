//! nhipcau: a static site generator for Vietnamese public-information portals.
//!
//! A build runs four stages, each its own module: [`load`] (config, content, data → [`site::Site`]),
//! [`render`] (Markdown, templates), [`index`] (the search index) and [`write`] (an atomic swap
//! into the output folder).

pub mod build;
pub mod check;
pub mod config;
pub mod data;
pub mod diag;
pub mod i18n;
pub mod index;
pub mod load;
pub mod render;
pub mod sandbox;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod toml_util;
pub mod write;

/// A sort key for Vietnamese titles: folded and lowercased, so "Đồng Tháp" sorts with "D".
pub fn sort_key(title: &str) -> String {
    nhipcau_analyzer::fold(title).to_lowercase()
}
