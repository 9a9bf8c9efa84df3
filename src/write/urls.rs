//! Site paths → relative URLs, so one output works from any static host and any sub-folder.

/// The prefix that leads from the page at `site_path` back to the site root:
/// "/" → "./", "/a/" → "../", "/a/b/" → "../../", "/a/x.html" → "../".
pub fn root_prefix(site_path: &str) -> String {
    let dir_depth = site_path.trim_start_matches('/').matches('/').count();
    if dir_depth == 0 {
        "./".into()
    } else {
        "../".repeat(dir_depth)
    }
}

const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "srcset"];

/// Elements whose content is text up to their end tag (HTML's raw text and RCDATA elements):
/// `src="/x"` in a script's string is not an attribute.
const TEXT_ELEMENTS: [&str; 4] = ["script", "style", "textarea", "title"];

/// Rewrites every URL attribute whose value starts with a single `/` by replacing that `/` with
/// `prefix` ("../../" for relative output, or base_url's path for pages served at any depth).
///
/// Only attributes of start tags are read, as HTML's tokenizer reads them: text that shows markup
/// (`href="/x"` inside `<pre>`), comments and the content of scripts and styles are left as
/// written, and every byte but the rewritten values stays. lol_html does this too, but cost
/// 2.67 → 3.92 s of CPU (+47%) on the 10,000-page bench site, where this scanner costs
/// what the byte search it replaced did (2.32 → 2.32 s, medians of three interleaved runs).
pub fn rewrite_root_paths(html: &str, prefix: &str) -> String {
    let b = html.as_bytes();
    let len = b.len();
    let mut out = String::with_capacity(len + len / 16);
    let mut copied = 0;
    let mut i = 0;
    // Every index below is at an ASCII byte, so slicing the &str at it is safe.
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(len, |e| at + e + 3);
            continue;
        }
        // A start tag is `<` and a letter; `</x`, `<!doctype` and a lone `<` hold no URL attribute.
        if !b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let is_delimiter = |c: u8| c.is_ascii_whitespace() || c == b'/' || c == b'>';
        let name_end = (at + 1..len).find(|&k| is_delimiter(b[k])).unwrap_or(len);
        let tag = &html[at + 1..name_end];
        let mut j = name_end;
        loop {
            while j < len && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= len {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            j += 1; // a name may start with `=`
            while j < len && !is_delimiter(b[j]) && b[j] != b'=' {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < len && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= len || b[j] != b'=' {
                continue; // an attribute with no value
            }
            j += 1;
            while j < len && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end) = match b.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = j + 1;
                    let end = html[start..].find(q as char).map_or(len, |e| start + e);
                    j = (end + 1).min(len);
                    (start, end)
                }
                _ => {
                    let start = j;
                    while j < len && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    (start, j)
                }
            };
            let Some(attr) = URL_ATTRIBUTES.iter().find(|a| a.eq_ignore_ascii_case(name)) else { continue };
            let value = &html[value_start..value_end];
            let rewritten = if *attr == "srcset" { rewrite_srcset(value, prefix) } else { rewrite_one(value, prefix) };
            if rewritten != value {
                out.push_str(&html[copied..value_start]);
                out.push_str(&rewritten);
                copied = value_end;
            }
        }
        i = j;
        if TEXT_ELEMENTS.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            i = end_tag(html, i, tag).unwrap_or(len);
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Where `</tag` (any case) starts at or after `from`.
fn end_tag(html: &str, from: usize, tag: &str) -> Option<usize> {
    let mut k = from;
    while let Some(p) = html[k..].find("</") {
        let at = k + p;
        if html.get(at + 2..at + 2 + tag.len()).is_some_and(|n| n.eq_ignore_ascii_case(tag)) {
            return Some(at);
        }
        k = at + 2;
    }
    None
}

/// A srcset list with each candidate's URL rewritten and every other byte kept. Candidates are
/// split as the HTML standard does: a URL is a run of non-space characters (so it may hold
/// commas, as `data:` URLs and `?w=1,2` do), and a comma ends a candidate only after it.
fn rewrite_srcset(list: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(list.len() + 16);
    let mut rest = list;
    loop {
        let gap = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',').len();
        out.push_str(&rest[..gap]);
        rest = &rest[gap..];
        if rest.is_empty() {
            return out;
        }
        let url_end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let url = &rest[..url_end];
        let bare = url.trim_end_matches(',');
        out.push_str(&rewrite_one(bare, prefix));
        out.push_str(&url[bare.len()..]);
        rest = &rest[url_end..];
        if bare.len() < url.len() {
            continue; // "a.png," has no descriptors
        }
        // Descriptors ("2x", "480w") run to the next comma outside parentheses.
        let mut depth = 0usize;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => return true,
                    _ => {}
                }
                false
            })
            .map_or(rest.len(), |(i, _)| i);
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
}

/// What a URL may not carry as it is: controls, space, quotes, angle brackets and everything
/// beyond ASCII (`%` stays, so an encoded URL is not encoded twice).
const NOT_IN_URLS: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// A URL with what may not appear in one percent-encoded: "/Đối tượng/" → "/%C4%90%E1%BB%91i%20t%C6%B0%E1%BB%A3ng/".
pub fn encode_url(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, NOT_IN_URLS).to_string()
}

fn rewrite_one(url: &str, prefix: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => format!("{prefix}{rest}"),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(root_prefix("/"), "./");
        assert_eq!(root_prefix("/a/"), "../");
        assert_eq!(root_prefix("/a/b/"), "../../");
        assert_eq!(root_prefix("/a/x.html"), "../");
    }

    #[test]
    fn rewrites_only_root_paths_in_url_attributes() {
        let html = r#"<a href="/a/">x</a><img src='/i.png' srcset="/i.png 1x, /j.png 2x"><a href="//cdn/x"><a data-href="/no"><form action="/tim-kiem/"><a href="https://x/">"#;
        let out = rewrite_root_paths(html, "../../");
        assert_eq!(
            out,
            r#"<a href="../../a/">x</a><img src='../../i.png' srcset="../../i.png 1x, ../../j.png 2x"><a href="//cdn/x"><a data-href="/no"><form action="../../tim-kiem/"><a href="https://x/">"#
        );
        assert_eq!(rewrite_root_paths("<a href=\"/\">h</a>", "./"), "<a href=\"./\">h</a>");
    }

    #[test]
    fn text_that_looks_like_an_attribute_is_left_alone() {
        let html = "<code>href=&quot;/a&quot;</code> a=b <p>x href = \"/y\"</p>";
        assert_eq!(rewrite_root_paths(html, "../"), html);
        // Raw HTML in Markdown showing markup: the text is an example, the link is real.
        let pre = r#"<pre>Viết &lt;a href="/ke-hoach/"&gt; rồi &lt;img src="/a.png"&gt;</pre><script>const u = ' src="/x"';</script><pre><a href="/that/">real</a></pre>"#;
        let out = rewrite_root_paths(pre, "../");
        assert_eq!(out, pre.replace(r#"<a href="/that/">"#, r#"<a href="../that/">"#));
    }

    #[test]
    fn root_paths_inside_pre_text_stay() {
        // The bug: a byte scanner took `href="/x"` in a <pre> block's text for an attribute.
        let html = "<pre>&lt;a href=\"/x\"&gt;</pre>";
        assert_eq!(rewrite_root_paths(html, "../../"), html);
        let html = "<pre>href=\"/x\" src='/y'</pre>";
        assert_eq!(rewrite_root_paths(html, "../../"), html);
    }

    #[test]
    fn attributes_are_read_as_html_reads_them() {
        let html = "<!-- <a href=\"/c\"> --><IMG SRC=/u.png alt=\"a > b\" data-x='href=\"/no\"' href='/q'><style>a[href=\"/s\"]{}</style><title>src=\"/t\"</title><a\nhref = \"/n\" hidden>";
        assert_eq!(
            rewrite_root_paths(html, "../"),
            "<!-- <a href=\"/c\"> --><IMG SRC=../u.png alt=\"a > b\" data-x='href=\"/no\"' href='../q'><style>a[href=\"/s\"]{}</style><title>src=\"/t\"</title><a\nhref = \"../n\" hidden>"
        );
        // Unfinished markup at the end is copied, not lost.
        assert_eq!(rewrite_root_paths("<a href=\"/x", "../"), "<a href=\"../x");
        assert_eq!(rewrite_root_paths("a < b <a", "../"), "a < b <a");
    }

    #[test]
    fn srcset_lists_keep_their_commas_and_spacing() {
        let html = "<img srcset=\"/a,b.png 1x,/c.png 2x,\n  /d.png?w=1,2 3x, data:image/png;base64,AA== 4x, //cdn/e.png 5x\" src=\"/a.png\">";
        assert_eq!(
            rewrite_root_paths(html, "../"),
            "<img srcset=\"../a,b.png 1x,../c.png 2x,\n  ../d.png?w=1,2 3x, data:image/png;base64,AA== 4x, //cdn/e.png 5x\" src=\"../a.png\">"
        );
        assert_eq!(rewrite_srcset("/a.png, /b.png 2x", "./"), "./a.png, ./b.png 2x");
        assert_eq!(rewrite_srcset("/a.png 480w (x, y), /b.png", "./"), "./a.png 480w (x, y), ./b.png");
    }

    #[test]
    fn urls_are_percent_encoded_once() {
        assert_eq!(encode_url("https://x.vn/Đối tượng/"), "https://x.vn/%C4%90%E1%BB%91i%20t%C6%B0%E1%BB%A3ng/");
        assert_eq!(encode_url("https://x.vn/a%20b/"), "https://x.vn/a%20b/");
    }
}
