#![no_main]
//! Any front-matter `path`, alias or slug: if the build accepts it, the file it becomes stays a
//! plain path below the output folder (nhipcau::sandbox::accepted_paths_stay_inside).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|author_path: &str| {
    if let Err(violation) = nhipcau::sandbox::accepted_paths_stay_inside(author_path) {
        panic!("{violation}");
    }
});
