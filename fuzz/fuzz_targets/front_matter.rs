#![no_main]
//! Any file content: split and parse as page and section front matter; errors, never panics,
//! and every error points inside the file.
use libfuzzer_sys::fuzz_target;
use nhipcau::load::front_matter::{parse_page, parse_section, split};
use std::path::Path;

fuzz_target!(|src: &str| {
    let file = Path::new("content/x.md");
    let lines = src.lines().count().max(1);
    match split(src, file) {
        Ok(parts) => {
            for err in [parse_page(&parts, file).err(), parse_section(&parts, file).err()].into_iter().flatten() {
                if let Some(line) = err.line {
                    assert!(line >= 1 && line <= lines + 1, "error line {line} outside a {lines}-line file");
                }
            }
        }
        Err(err) => assert_eq!(err.line, Some(1)),
    }
});
