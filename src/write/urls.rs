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

const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "poster", "srcset"];

/// Rewrites every URL attribute whose value starts with a single `/` by replacing that `/` with
/// `prefix` ("../../" for relative output, or base_url's path for pages served at any depth).
pub fn rewrite_root_paths(html: &str, prefix: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut i = 0;
    while let Some(eq) = html[i..].find('=').map(|p| p + i) {
        i = eq + 1;
        let Some(name) = URL_ATTRIBUTES.iter().find(|a| eq >= a.len() && html[..eq].ends_with(*a)) else { continue };
        // The attribute name must stand alone (" href=", not "data-href=").
        let before = eq - name.len();
        if before == 0 || !bytes[before - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(&quote) = bytes.get(eq + 1) else { break };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let value_start = eq + 2;
        let Some(value_len) = html[value_start..].find(quote as char) else { break };
        let value = &html[value_start..value_start + value_len];
        let rewritten = if *name == "srcset" {
            value.split(',').map(|c| rewrite_one(c.trim_start(), prefix)).collect::<Vec<_>>().join(", ")
        } else {
            rewrite_one(value, prefix)
        };
        if rewritten != value {
            out.push_str(&html[copied..value_start]);
            out.push_str(&rewritten);
            copied = value_start + value_len;
        }
        i = value_start + value_len;
    }
    out.push_str(&html[copied..]);
    out
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
    }
}
