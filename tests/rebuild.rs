//! The build's rebuild API (what `nhipcau serve` calls): an edited page body re-renders that page
//! alone, an edited template what uses it, anything other pages show asks for a whole build,
//! and an error leaves the written site as it was.

mod support;
use nhipcau::build::{build_keeping_site, BuildOptions, Built, Rebuilt, Verbosity};
use support::TestSite;

const MARKUP: &str = "<script src=\"/__nhipcau/livereload.js\"></script>";

fn built(site: &TestSite) -> Built {
    let opts = BuildOptions { root: site.root().to_path_buf(), output: site.path("public"), base_url: None, drafts: false, inject_before_body_end: Some(MARKUP.into()) };
    build_keeping_site(&opts, Verbosity::Quiet).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_body_edit_re_renders_that_page_alone_through_output() {
    let site = TestSite::new();
    site.page("tin/_index.md", "title = \"Tin\"", "").page("tin/a.md", "title = \"A\"", "Bản một.").page("tin/b.md", "title = \"B\"", "Bản B.");
    let mut built = built(&site);
    let other_before = std::fs::metadata(site.path("public/tin/b/index.html")).unwrap().modified().unwrap();

    site.page("tin/a.md", "title = \"A\"", "Bản hai, [xem B](@/tin/b.md).");
    assert_eq!(built.rebuild(&[site.path("content/tin/a.md")]).unwrap(), Rebuilt::Pages(1));
    let page = site.read("public/tin/a/index.html");
    // Written as a build writes it: the injected markup, and root paths made relative.
    assert!(page.contains("Bản hai") && page.contains(MARKUP) && page.contains("href=\"../../tin/b/\""), "{page}");
    assert_eq!(std::fs::metadata(site.path("public/tin/b/index.html")).unwrap().modified().unwrap(), other_before);
    assert!(built.site.pages.iter().any(|p| p.rendered.html.contains("Bản hai")), "the model holds the edit for the next rebuild");
}

#[test]
fn what_other_pages_show_needs_a_whole_build() {
    let site = TestSite::new();
    site.page("tin/_index.md", "title = \"Tin\"", "").page("tin/a.md", "title = \"A\"", "Nội dung.");
    let mut built = built(&site);
    site.page("tin/a.md", "title = \"A mới\"", "Nội dung.");
    assert_eq!(built.rebuild(&[site.path("content/tin/a.md")]).unwrap(), Rebuilt::NeedsFullBuild);
    assert!(!site.read("public/tin/a/index.html").contains("A mới"), "nothing is written for a change it cannot apply");
    for other in ["content/tin/_index.md", "config.toml", "content/moi.md"] {
        site.write(other, &std::fs::read_to_string(site.path(other)).unwrap_or_else(|_| "+++\ntitle = \"M\"\n+++\n".into()));
        assert_eq!(built.rebuild(&[site.path(other)]).unwrap(), Rebuilt::NeedsFullBuild, "{other}");
    }
}

#[test]
fn a_template_edit_re_renders_what_uses_it_and_errors_leave_the_site_as_it_was() {
    let site = TestSite::new();
    site.page("a.md", "title = \"A\"", "Nội dung.");
    site.write("templates/page.html", "<html><body>{% include \"partials/note.html\" %} {{ page.title }}</body></html>");
    site.write("templates/partials/note.html", "Ghi chú một");
    let mut built = built(&site);
    let not_found = site.read("public/404.html");

    site.write("templates/partials/note.html", "Ghi chú hai");
    assert_eq!(built.rebuild(&[site.path("templates/partials/note.html")]).unwrap(), Rebuilt::Pages(1), "only a.md's page uses the partial");
    assert!(site.read("public/a/index.html").contains("Ghi chú hai A"));
    assert_eq!(site.read("public/404.html"), not_found);

    site.page("a.md", "title = \"A\"", "[hỏng](@/khong-co.md)");
    let errors = built.rebuild(&[site.path("content/a.md")]).unwrap_err().to_string();
    assert!(errors.contains("a.md") && errors.contains("khong-co.md"), "{errors}");
    assert!(site.read("public/a/index.html").contains("Ghi chú hai A"), "the last good page stays");
}
