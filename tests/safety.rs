//! A build never deletes, writes, reads or publishes anything outside its site, whatever a
//! careless or hostile author, theme or command line asks for. Each refused case asserts: a
//! non-zero exit with a message naming the file (and line) or the folder, no panic, the site
//! (its previous public/ included) and the folder beside it byte-identical, and no staging
//! folder left anywhere.

mod support;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{snapshot, Run, TestSite};

const SECRET: &str = "BI-MAT-7f3a9c";

/// A site that has built once, and a folder of someone else's files beside it.
struct Scene {
    site: TestSite,
    outside: tempfile::TempDir,
}

impl Scene {
    fn new() -> Scene {
        let site = TestSite::new();
        site.page("a.md", "title = \"A\"", "## Mục tiêu\n\nNội dung.").build_ok();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
        std::fs::create_dir_all(outside.path().join("notes")).unwrap();
        std::fs::write(outside.path().join("notes/keep.md"), "+++\ntitle = \"Riêng\"\n+++\nBI-MAT-7f3a9c").unwrap();
        Scene { site, outside }
    }

    fn outside(&self, rel: &str) -> String {
        self.outside.path().join(rel).to_string_lossy().into_owned()
    }

    fn run(&self, args: &[&str]) -> Run {
        self.site.run(args)
    }

    /// Runs `args` and checks the refusal contract.
    fn refuses(&self, args: &[&str], expected: &[&str]) {
        let before = (snapshot(self.site.root()), snapshot(self.outside.path()));
        let r = self.run(args);
        assert!(!r.ok, "{args:?} should be refused; stderr:\n{}", r.stderr);
        for e in expected {
            assert!(r.stderr.contains(e), "expected {e:?} in:\n{}", r.stderr);
        }
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(r.stderr.contains("help:"), "a refusal says what to do:\n{}", r.stderr);
        let after = (snapshot(self.site.root()), snapshot(self.outside.path()));
        assert!(before.0 == after.0, "the site (and its public/) must be untouched by {args:?}");
        assert!(before.1 == after.1, "the folder beside the site must be untouched by {args:?}");
        for dir in [self.site.root(), self.outside.path()] {
            assert!(no_staging_below(dir), "a staging folder was left below {}", dir.display());
        }
    }

    /// The build fails after `breakage`; see [`Scene::refuses`].
    fn build_refuses(&self, breakage: impl FnOnce(&Scene), expected: &[&str]) {
        breakage(self);
        self.refuses(&["build"], expected);
    }
}

fn no_staging_below(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).all(|e| !e.file_name().to_string_lossy().contains("nhipcau-staging"))
}

#[test]
fn the_output_is_never_the_site_or_someone_elses_folder() {
    let s = Scene::new();
    s.refuses(&["build", "--output", "content"], &["refusing to use", "content", "the site's content/ folder"]);
    s.refuses(&["build", "--output", "content/moi"], &["the site's content/ folder or inside it"]);
    s.refuses(&["build", "--output", "."], &["the site's own folder"]);
    s.refuses(&["build", "--output", "public/.."], &["the site's own folder"]);
    s.refuses(&["build", "--output", "templates"], &["the site's templates/ folder"]);
    let parent = s.site.root().parent().unwrap().to_string_lossy().into_owned();
    s.refuses(&["build", "--output", &parent], &["is inside it"]);
    s.refuses(&["build", "--output", &s.outside("")], &["did not write", "no .nhipcau-output file"]);
    s.refuses(&["build", "--output", &s.outside("notes")], &["did not write"]);
    s.refuses(&["build", "--output", "/"], &["root of a file system"]);
}

#[test]
fn the_home_folder_is_never_an_output_even_when_empty() {
    let s = Scene::new();
    let home = tempfile::tempdir().unwrap();
    let before = snapshot(s.site.root());
    let out = Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en")
        .args(["build", "--output"])
        .arg(home.path())
        .current_dir(s.site.root())
        .env("HOME", home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("your home folder"), "{stderr}");
    assert!(std::fs::read_dir(home.path()).unwrap().next().is_none(), "nothing was written to the home folder");
    assert!(snapshot(s.site.root()) == before);
}

#[test]
fn an_output_nhipcau_wrote_is_replaced_and_a_linked_one_updated_in_place() {
    let s = Scene::new();
    let target = s.outside("built");
    std::fs::create_dir_all(&target).unwrap();
    let r = s.run(&["build", "--output", &target]);
    assert!(r.ok, "an empty folder may be the output:\n{}", r.stderr);
    assert!(Path::new(&target).join(".nhipcau-output").is_file() && Path::new(&target).join("a/index.html").is_file());
    let r = s.run(&["build", "--output", &target]);
    assert!(r.ok, "a folder nhipcau wrote may be replaced:\n{}", r.stderr);
    #[cfg(unix)]
    {
        let link = s.site.path("public-link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        s.site.page("a.md", "title = \"A\"", "Phiên bản hai.");
        let r = s.run(&["build", "--output", "public-link"]);
        assert!(r.ok, "{}", r.stderr);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert!(std::fs::read_to_string(Path::new(&target).join("a/index.html")).unwrap().contains("Phiên bản hai"), "the folder it points at is updated");
    }
    assert!(no_staging_below(s.outside.path()));
}

#[cfg(unix)]
#[test]
fn replacing_a_site_removes_its_links_not_what_they_point_to() {
    let s = Scene::new();
    let target = s.outside("built");
    assert!(s.run(&["build", "--output", &target]).ok);
    // Links someone left in the built site, at its top and deeper, to folders and files outside.
    let keep = s.outside("keep");
    std::fs::create_dir_all(Path::new(&keep).join("inner")).unwrap();
    std::fs::write(Path::new(&keep).join("inner/note.txt"), "giữ lại").unwrap();
    std::os::unix::fs::symlink(&keep, Path::new(&target).join("to-keep")).unwrap();
    std::os::unix::fs::symlink(&keep, Path::new(&target).join("a/to-keep")).unwrap();
    std::os::unix::fs::symlink(Path::new(&keep).join("inner/note.txt"), Path::new(&target).join("note.txt")).unwrap();
    let r = s.run(&["build", "--output", &target]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(Path::new(&keep).join("inner/note.txt")).unwrap(), "giữ lại", "what the links pointed to is untouched");
    assert!(!Path::new(&target).join("to-keep").exists() && Path::new(&target).join("a/index.html").is_file(), "the new site is in place");
    assert!(no_staging_below(s.outside.path()));
}

#[test]
fn front_matter_cannot_write_outside_the_output() {
    let s = Scene::new();
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\npath = \"../../../x/evil\"", ""); }, &["b.md:3", "`path`", "would lead outside"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\naliases = [\"../../../x/a\"]", ""); }, &["b.md:3", "`aliases`"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\npath = \"javascript:alert(1)\"", ""); }, &["b.md:3", "`:`"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\naliases = [\"/C:/Windows/x\"]", ""); }, &["b.md:3"]);
}

#[test]
fn templates_resolve_only_inside_the_template_folders() {
    let s = Scene::new();
    let secret = s.outside("secret.txt");
    s.build_refuses(|s| { s.site.page("b.md", &format!("title = \"B\"\ntemplate = {secret:?}"), ""); }, &["is not a path inside the site", "b.md"]);
    s.site.write("content/b.md", "");
    std::fs::remove_file(s.site.path("content/b.md")).unwrap();
    s.build_refuses(|s| { s.site.write("templates/page.html", &format!("{{% include {secret:?} %}}")); }, &["is not a path inside the site"]);
    s.build_refuses(|s| { s.site.write("templates/page.html", "{% include \"../../config.toml\" %}"); }, &["is not a path inside the site"]);
    std::fs::remove_file(s.site.path("templates/page.html")).unwrap();
    s.build_refuses(
        |s| {
            s.site.write("data/c.toml", "[[rows]]\nname = \"X\"\n");
            let config = format!("{}[[data_pages]]\ndata = \"data/c.toml\"\nkey = \"rows\"\nsection = \"\"\ntitle = \"name\"\ntemplate = {secret:?}\n", support::CONFIG);
            s.site.write("config.toml", &config);
        },
        &["is not a path inside the site"],
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_refused_and_not_published() {
    let s = Scene::new();
    s.build_refuses(|s| { std::os::unix::fs::symlink(s.outside.path(), s.site.path("content/k")).unwrap(); }, &["content/k", "outside", "copy the file into the site"]);
    std::fs::remove_file(s.site.path("content/k")).unwrap();
    s.build_refuses(|s| { std::os::unix::fs::symlink(s.outside("notes/keep.md"), s.site.path("content/k.md")).unwrap(); }, &["content/k.md", "outside"]);
    std::fs::remove_file(s.site.path("content/k.md")).unwrap();
    s.build_refuses(
        |s| {
            std::fs::create_dir_all(s.site.path("static")).unwrap();
            std::os::unix::fs::symlink(s.outside("secret.txt"), s.site.path("static/s.txt")).unwrap();
        },
        &["static/s.txt", "outside"],
    );
    std::fs::remove_file(s.site.path("static/s.txt")).unwrap();
    // A link that stays inside the site is fine.
    std::fs::create_dir_all(s.site.path("static")).unwrap();
    std::os::unix::fs::symlink(s.site.path("content/a.md"), s.site.path("static/a.txt")).unwrap();
    s.site.build_ok();
    assert!(!snapshot(&s.site.path("public")).iter().any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(SECRET)));
}

#[test]
fn generated_files_and_urls_are_claimed_once() {
    let s = Scene::new();
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\npath = \"doi-tuong\"", ""); }, &["b.md", "doi-tuong/index.html", "taxonomy list"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\naliases = [\"404.html\"]", ""); }, &["b.md", "404.html", "nhipcau's not-found page"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\npath = \"search/x\"", ""); }, &["b.md", "search index"]);
    s.site.page("b.md", "title = \"B\"", "");
    s.build_refuses(
        |s| {
            let config = support::CONFIG.replace("{ name = \"doi-tuong\" }", "{ name = \"!!!\" }");
            s.site.write("config.toml", &config);
        },
        &["config.toml", "\"!!!\"", "no letters or digits"],
    );
    s.site.write("config.toml", support::CONFIG);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\n[taxonomies]\ndoi-tuong = [\"???\"]", ""); }, &["b.md", "\"???\"", "no letters or digits"]);
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build() {
    let s = Scene::new();
    std::fs::create_dir_all(s.site.path(".public.nhipcau-staging-4242-0/ke-hoach")).unwrap();
    std::fs::write(s.site.path(".public.nhipcau-staging-4242-0/ke-hoach/index.html"), "x".repeat(10_000)).unwrap();
    std::fs::write(s.site.path(".public.nhipcau-staging-4242-0.lock"), "").unwrap();
    s.site.build_ok();
    assert!(no_staging_below(s.site.root()), "the stale staging folder and its lock are gone");
}

#[test]
fn templates_that_never_end_are_stopped_naming_the_template_and_the_page() {
    let s = Scene::new();
    let started = Instant::now();
    s.build_refuses(
        |s| { s.site.write("templates/page.html", "{% for a in range(99999) %}{% for b in range(99999) %}.{% endfor %}{% endfor %}"); },
        &["templates/page.html", "out of fuel", "a.md"],
    );
    assert!(started.elapsed() < Duration::from_secs(60), "stopped, not run to the end");
    s.build_refuses(
        |s| { s.site.write("templates/page.html", "{% for a in range(60) %}{{ \"x\" * 1000000 }}{% endfor %}"); },
        &["page.html", "more than 50 MB"],
    );
    // Doubling a string in a variable runs out of fuel (at about 0.5 GB); doubling a list, 40
    // steps that write nothing, is stopped by the memory bound (it grew to 20 GB before the
    // kernel killed the build).
    s.build_refuses(
        |s| { s.site.write("templates/page.html", &format!("{{% set ns = namespace(l=[1]) %}}{}done", "{% set ns.l = ns.l + ns.l %}".repeat(40))); },
        &["a.md (template page.html)", "more than 256 MB of memory"],
    );
}

#[test]
fn many_anchor_links_build() {
    let s = Scene::new();
    s.site.page("b.md", "title = \"B\"", &"[x](@/a.md#muc-tieu)\n".repeat(20_000));
    s.site.build_ok();
    assert!(s.site.read("public/b/index.html").matches("#muc-tieu").count() >= 20_000);
}

#[test]
fn base_url_and_printed_text_cannot_inject() {
    let s = Scene::new();
    let config = support::CONFIG.replace("https://example.gov.vn/ctxh/", "https://x/\\\"><script>alert(1)</script>");
    s.build_refuses(|s| { s.site.write("config.toml", &config); }, &["config.toml", "base_url", "cannot hold"]);
    s.site.write("config.toml", support::CONFIG);
    s.site.page("b.md", "title = \"Tiêu đề \\u001b]0;pwned\\u0007\"", "Nội dung \u{1b}[2J độc hại.");
    s.site.build_ok();
    let r = s.run(&["search", "noi dung doc hai"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("Nội dung") && !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'), "{:?}", r.stdout);
}

#[test]
fn new_never_writes_outside_content_nor_loses_a_data_file() {
    let s = Scene::new();
    s.refuses(&["new", "page", "../../x"], &["not a path inside the site"]);
    s.refuses(&["new", "page", &s.outside("evil")], &["not a path inside the site"]);
    s.refuses(&["new", "section", "../y"], &["not a path inside the site"]);
    s.site.write("data/centres.toml", "[[centres]]\nslug = \"a\"\nname = \"A\"\n");
    std::fs::write(s.site.path("data/centres.toml"), b"[[centres]]\nslug = \"a\"\nname = \"Trung t\xe2m\"\n").unwrap();
    s.refuses(&["new", "centre", "Trung tâm mới"], &["data/centres.toml", "not valid UTF-8", "left as it was"]);
    s.site.write("data/centres.toml", "[[centres]]\nslug = \"a\"\nname = \"A\n");
    s.refuses(&["new", "centre", "Trung tâm mới"], &["data/centres.toml", "not valid TOML", "left as it was"]);
    // A file it can read keeps every byte it had, with one row more.
    let kept = "# Danh bạ\n[[centres]]\nslug = \"a\"   # giữ nguyên\nname = \"A\"\n";
    s.site.write("data/centres.toml", kept);
    let r = s.run(&["new", "centre", "Trung tâm mới"]);
    assert!(r.ok, "{}", r.stderr);
    let now = s.site.read("data/centres.toml");
    assert!(now.starts_with(kept) && now.contains("slug = \"trung-tam-moi\""), "{now}");
}

#[cfg(unix)]
#[test]
fn pipes_are_refused_not_read() {
    let s = Scene::new();
    let run_briefly = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nhipcau")).env("NHIPCAU_LANG", "en").args(args).current_dir(s.site.root()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("nhipcau {args:?} hung on a pipe");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    std::fs::create_dir_all(s.site.path("data")).unwrap();
    assert!(Command::new("mkfifo").arg(s.site.path("data/pipe.toml")).status().unwrap().success());
    s.site.write("templates/page.html", "{{ load_data(path=\"data/pipe.toml\") }}");
    let (ok, stderr) = run_briefly(&["build"]);
    assert!(!ok && stderr.contains("data/pipe.toml") && stderr.contains("not a regular file"), "{stderr}");
    std::fs::remove_file(s.site.path("templates/page.html")).unwrap();
    std::fs::remove_file(s.site.path("config.toml")).unwrap();
    assert!(Command::new("mkfifo").arg(s.site.path("config.toml")).status().unwrap().success());
    let (ok, stderr) = run_briefly(&["build"]);
    assert!(!ok && stderr.contains("config.toml") && stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_pages_source_file_must_be_inside_the_site() {
    let s = Scene::new();
    let secret = s.outside("secret.txt");
    s.build_refuses(|s| { s.site.page("b.md", &format!("title = \"B\"\n[extra]\nsource = {secret:?}"), ""); }, &["b.md", "is not a path inside the site"]);
    s.build_refuses(|s| { s.site.page("b.md", "title = \"B\"\n[extra]\nsource = \"../secret.txt\"", ""); }, &["b.md", "is not a path inside the site"]);
}

#[test]
fn the_synonyms_file_must_be_inside_the_site() {
    let s = Scene::new();
    let secret = s.outside("secret.txt");
    s.build_refuses(|s| { s.site.write("config.toml", &format!("{}[search]\nsynonyms = {secret:?}\n", support::CONFIG)); }, &["config.toml", "is not a path inside the site"]);
}
