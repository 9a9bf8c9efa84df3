//! Slugs and heading ids folded to ASCII: "Công tác xã hội" → "cong-tac-xa-hoi", "Đồng Tháp" → "dong-thap".

use std::collections::HashMap;

pub fn slugify(text: &str) -> String {
    // The analyzer's folding covers Vietnamese exactly (đ→d, all tones); deunicode handles the rest.
    let folded = nhipcau_analyzer::fold(text);
    let ascii = deunicode::deunicode(&folded);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Hands out ids unique within one page: "muc-tieu", "muc-tieu-1", "muc-tieu-2"…
#[derive(Default)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "muc".to_string() } else { wanted.to_string() };
        let mut candidate = base.clone();
        while let Some(n) = self.seen.get_mut(&candidate) {
            *n += 1;
            candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                break;
            }
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_slugs() {
        assert_eq!(slugify("Công tác xã hội"), "cong-tac-xa-hoi");
        assert_eq!(slugify("Đồng Tháp"), "dong-thap");
        assert_eq!(slugify("  Phần I. KẾT QUẢ  "), "phan-i-ket-qua");
        assert_eq!(slugify("2021 - 2030"), "2021-2030");
        assert_eq!(slugify("Người khuyết tật & trẻ em"), "nguoi-khuyet-tat-tre-em");
    }

    #[test]
    fn ids_are_unique_within_a_page() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim("a"), "a-2");
        assert_eq!(ids.claim("a-1"), "a-1-1");
        assert_eq!(ids.claim(""), "muc");
    }
}
