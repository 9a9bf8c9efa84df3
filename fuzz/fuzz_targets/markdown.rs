#![no_main]
//! Any Markdown, with internal links to a known page: renders or reports broken links with a
//! line inside the file; heading ids are unique, ASCII and non-empty.
use libfuzzer_sys::fuzz_target;
use nhipcau::render::markdown::{render, LinkTargets, Source};
use std::collections::HashSet;
use std::path::Path;

fuzz_target!(|body: &str| {
    let targets = LinkTargets { paths: [("a/b.md".to_string(), "/a/b/".to_string())].into_iter().collect() };
    let lines = body.lines().count().max(1);
    match render(&Source { file: Path::new("x.md"), body, body_line: 3 }, &targets) {
        Ok(out) => {
            let mut seen = HashSet::new();
            for id in &out.anchors {
                assert!(!id.is_empty(), "empty heading id");
                assert!(seen.insert(id.clone()), "duplicate heading id {id}");
            }
            for link in &out.anchor_links {
                assert!(link.line >= 3 && link.line <= lines + 3);
            }
        }
        Err(errors) => {
            for e in errors {
                let line = e.line.expect("link errors carry a line");
                assert!(line >= 3 && line <= lines + 3, "line {line} outside the body");
            }
        }
    }
});
