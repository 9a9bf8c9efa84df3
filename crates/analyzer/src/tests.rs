use super::*;
use unicode_normalization::UnicodeNormalization;

/// Vowels with their five tones (and no tone), lowercase, as Vietnamese writes them.
const VOWELS: &[(&str, &str)] = &[
    ("a", "aàáảãạ"),
    ("ă", "ăằắẳẵặ"),
    ("â", "âầấẩẫậ"),
    ("e", "eèéẻẽẹ"),
    ("ê", "êềếểễệ"),
    ("i", "iìíỉĩị"),
    ("o", "oòóỏõọ"),
    ("ô", "ôồốổỗộ"),
    ("ơ", "ơờớởỡợ"),
    ("u", "uùúủũụ"),
    ("ư", "ưừứửữự"),
    ("y", "yỳýỷỹỵ"),
];

fn base_of(vowel: &str) -> char {
    match vowel {
        "ă" | "â" => 'a',
        "ê" => 'e',
        "ô" | "ơ" => 'o',
        "ư" => 'u',
        v => v.chars().next().unwrap(),
    }
}

#[test]
fn every_vowel_with_every_tone_folds_in_both_cases_and_forms() {
    for (vowel, forms) in VOWELS {
        let base = base_of(vowel);
        for lower in forms.chars() {
            let upper: String = lower.to_uppercase().collect();
            for text in [lower.to_string(), upper.clone()] {
                let nfd: String = text.nfd().collect();
                assert_eq!(terms(&text, Mode::Folded), vec![base.to_string()], "{text}");
                assert_eq!(terms(&nfd, Mode::Folded), vec![base.to_string()], "NFD {text}");
                assert_eq!(terms(&nfd, Mode::Exact), terms(&text, Mode::Exact), "NFD exact {text}");
                assert_eq!(terms(&upper, Mode::Exact), terms(&lower.to_string(), Mode::Exact), "case {text}");
            }
        }
    }
}

#[test]
fn consonants_including_d_with_stroke() {
    for c in "bcdđghklmnpqrstvx".chars() {
        let expected = if c == 'đ' { "d".to_string() } else { c.to_string() };
        assert_eq!(terms(&c.to_string(), Mode::Folded), vec![expected.clone()]);
        assert_eq!(terms(&c.to_uppercase().to_string(), Mode::Folded), vec![expected]);
    }
    assert_eq!(terms("Đồng Tháp", Mode::Folded), ["dong", "thap"]);
    assert_eq!(terms("ĐỒNG THÁP", Mode::Folded), ["dong", "thap"]);
    assert_eq!(terms("Đồng Tháp", Mode::Exact), terms("đồng tháp", Mode::Exact));
    assert_ne!(terms("đồng", Mode::Exact), terms("dong", Mode::Exact));
}

#[test]
fn exact_mode_separates_tones_but_not_tone_placement() {
    let exact = |s: &str| terms(s, Mode::Exact);
    assert_ne!(exact("bảo"), exact("báo"));
    assert_ne!(exact("bạo"), exact("bảo"));
    assert_eq!(terms("bảo báo bạo", Mode::Folded), ["bao", "bao", "bao"]);
    assert_eq!(exact("Uỷ ban"), exact("Ủy ban"));
    assert_eq!(exact("hoà nhập"), exact("hòa nhập"));
    assert_eq!(exact("thuý"), exact("thúy"));
    assert_eq!(exact("khoẻ"), exact("khỏe"));
    assert_ne!(exact("hòa"), exact("hoa"));
}

#[test]
fn numbers_and_dates() {
    assert_eq!(terms("Gọi 111 ngay", Mode::Folded), ["goi", "111", "ngay"]);
    assert_eq!(terms("ngày 25/3", Mode::Folded), ["ngay", "25", "3"]);
    assert_eq!(terms("giai đoạn 2021 - 2030", Mode::Folded), ["giai", "doan", "2021", "2030"]);
    assert_eq!(terms("Số: 123/KH-UBND", Mode::Folded), ["so", "123", "kh", "ubnd"]);
    // Leading zeros do not count: "9 tháng 11" finds "09 tháng 11".
    assert_eq!(terms("Ngày 09 tháng 11, số 0, 007 và 00", Mode::Exact), ["ngày", "9", "tháng", "11", "số", "0", "7", "và", "0"]);
}

#[test]
fn offsets_point_into_the_original_text_and_positions_count_words() {
    let text = "Trẻ em, bị  bạo lực!";
    let toks = tokens(text, Mode::Folded);
    let words: Vec<&str> = toks.iter().map(|t| &text[t.offset_from..t.offset_to]).collect();
    assert_eq!(words, ["Trẻ", "em", "bị", "bạo", "lực"]);
    assert_eq!(toks.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    let nfd: String = text.nfd().collect();
    let toks = tokens(&nfd, Mode::Folded);
    assert_eq!(toks.len(), 5);
    assert_eq!(&nfd[toks[0].offset_from..toks[0].offset_to], "Trẻ".nfd().collect::<String>());
    assert_eq!(toks[0].text, "tre");
}

#[test]
fn stray_marks_and_punctuation_make_no_words() {
    assert!(terms("\u{301} -- … “ ” ", Mode::Folded).is_empty());
    assert_eq!(terms("(a)", Mode::Folded), ["a"]);
}

#[test]
fn fold_keeps_case_and_non_vietnamese_text() {
    assert_eq!(fold("Công tác Xã hội"), "Cong tac Xa hoi");
    assert_eq!(fold("Đà Nẵng – 2025"), "Da Nang – 2025");
    assert_eq!(fold(&fold("Thừa Thiên Huế")), fold("Thừa Thiên Huế"));
}

/// Found by fuzzing (fuzz/fuzz_targets/analyzer.rs): a combining mark that Unicode counts as
/// alphabetic (U+064F, Arabic damma) started a word that folded to nothing.
#[test]
fn fuzz_regression_alphabetic_combining_mark() {
    let text = "1\u{b}\u{64f}\u{fffd}z";
    for mode in [Mode::Folded, Mode::Exact] {
        for t in tokens(text, mode) {
            assert!(!t.text.is_empty(), "{:?} in {mode:?} gave an empty token at {}..{}", text, t.offset_from, t.offset_to);
        }
    }
}

#[test]
fn tone_goes_where_the_modern_rule_puts_it() {
    let exact = |s: &str| terms(s, Mode::Exact).join(" ");
    let cases = [
        // (either placement…, canonical)
        ("hòa hoà", "hoà hoà"),
        ("Thúy thuý", "thuý thuý"),
        ("khỏe khoẻ", "khoẻ khoẻ"),
        ("Ủy Uỷ", "uỷ uỷ"),
        ("tùy tuỳ", "tuỳ tuỳ"),
        ("hòang hoàng", "hoàng hoàng"),
        ("họach hoạch", "hoạch hoạch"),
        ("huỳnh", "huỳnh"),
        ("ngòai ngoài", "ngoài ngoài"),
        ("khủyu khuỷu", "khuỷu khuỷu"),
        ("ngừơi người", "người người"),
        ("thủơ thuở", "thuở thuở"),
        ("mưa mứa", "mưa mứa"),
        ("qủa quả", "quả quả"),
        ("qúy quý", "quý quý"),
        ("gìa già", "già già"),
        ("gì gìn", "gì gìn"),
        ("giường", "giường"),
        ("mía miá", "mía mía"),
        ("múa muá", "múa múa"),
        ("mái maí", "mái mái"),
        ("xoáy xoaý", "xoáy xoáy"),
        ("ngoẹo", "ngoẹo"),
    ];
    for (input, canonical) in cases {
        assert_eq!(exact(input), canonical, "{input}");
        let nfd: String = input.nfd().collect();
        assert_eq!(exact(&nfd), canonical, "NFD {input}");
        let upper = input.to_uppercase();
        assert_eq!(exact(&upper), canonical, "upper {input}");
    }
}

#[test]
fn exact_terms_are_nfc_text() {
    for (_, forms) in VOWELS {
        for c in forms.chars() {
            for word in [format!("t{c}"), format!("ngh{c}ng"), format!("qu{c}")] {
                for t in terms(&word, Mode::Exact) {
                    assert_eq!(t, t.nfc().collect::<String>(), "{word}");
                    assert_eq!(fold(&t), fold(&word).to_lowercase(), "{word}");
                }
            }
        }
    }
    // Not one syllable: left alone (NFC).
    assert_eq!(terms("café", Mode::Exact), ["café"]);
    assert_eq!(canonical_tone("xáò"), "xáò");
}

#[test]
fn every_token_maps_back_to_its_source_text() {
    let text = "Ủy ban nhân dân tỉnh Đồng Tháp (cũ: Tiền Giang) — Kế hoạch số 123/KH-UBND ngày 25/3/2021, giai đoạn 2021 - 2030; “Trẻ em” & người khuyết tật.";
    for source in [text.to_string(), text.nfd().collect::<String>()] {
        for mode in [Mode::Folded, Mode::Exact] {
            let toks = tokens(&source, mode);
            for (i, t) in toks.iter().enumerate() {
                assert_eq!(t.position, i);
                let original = &source[t.offset_from..t.offset_to];
                assert_eq!(terms(original, mode), vec![t.text.clone()], "{original:?}");
                assert_eq!(fold(original).to_lowercase(), fold(&t.text), "{original:?}");
            }
        }
        assert_eq!(
            terms(&source, Mode::Folded).join(" "),
            "uy ban nhan dan tinh dong thap cu tien giang ke hoach so 123 kh ubnd ngay 25 3 2021 giai doan 2021 2030 tre em nguoi khuyet tat"
        );
    }
}

#[test]
fn blobs_are_not_words() {
    let blob = "a".repeat(MAX_WORD_BYTES + 1);
    let text = format!("trẻ {blob} em");
    let toks = tokens(&text, Mode::Folded);
    assert_eq!(toks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["tre", "em"]);
    assert_eq!(toks.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(terms(&"a".repeat(MAX_WORD_BYTES), Mode::Folded).len(), 1);
}

/// The fuzz target's invariants (fuzz/fuzz_targets/analyzer.rs) over many generated texts mixing
/// Vietnamese letters, stray and doubled tone marks, digits, punctuation and other scripts, plus:
/// NFD gives the same terms in both modes, exact terms are NFC, and folding an exact term gives
/// the folded term.
#[test]
fn generated_texts_keep_the_invariants() {
    let alphabet: Vec<char> = "aăâbcdđeêghiklmnopqrstuvxyôơưAĂÂĐÊÔƠƯ QUYGIquygi àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123456789 .,;:/-–—()“”'\"\n\t\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31b}ßİДжя漢字\u{64f}\u{200b}€"
        .chars()
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
        let nfd: String = text.nfd().collect();
        for mode in [Mode::Folded, Mode::Exact] {
            let toks = tokens(&text, mode);
            let mut last_end = 0;
            for (i, t) in toks.iter().enumerate() {
                assert!(!t.text.is_empty(), "{text:?}");
                assert_eq!(t.position, i);
                assert!(t.offset_from >= last_end && t.offset_from < t.offset_to && t.offset_to <= text.len());
                assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
                last_end = t.offset_to;
            }
            assert_eq!(terms(&nfd, mode), terms(&text, mode), "NFD {mode:?} {text:?}");
        }
        let folded = terms(&text, Mode::Folded);
        let exact = terms(&text, Mode::Exact);
        assert_eq!(folded.len(), exact.len(), "{text:?}");
        for (f, x) in folded.iter().zip(&exact) {
            assert_eq!(*x, x.nfc().collect::<String>(), "{text:?}");
            assert_eq!(fold(x), *f, "{text:?}");
            assert!(!f.chars().any(|c| "đĐàáảãạăâêôơư".contains(c)), "{text:?}");
        }
        assert_eq!(fold(&fold(&text)), fold(&text));
        assert_eq!(fold(&text), fold_by_tables(&text), "fold {text:?}");
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let word: String = word.nfc().collect();
            assert_eq!(canonical_tone(&word), canonical_tone_by_tables(&word), "tone {word:?}");
        }
    }
}

#[test]
fn word_boundaries_without_the_tables_agree_with_them_for_every_character() {
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        assert_eq!(starts_word(c), starts_word_by_tables(c), "starts a word: U+{:04X}", u32::from(c));
        assert_eq!(is_word_char(c), is_word_char_by_tables(c), "continues a word: U+{:04X}", u32::from(c));
    }
}

#[test]
fn the_latin_letters_taken_as_nfc_are_starters_nfc_keeps() {
    // `is_nfc_already` skips normalisation for words of these (the browser engine would otherwise
    // ask the JavaScript engine for every Vietnamese word): each must be NFC on its own and a
    // starter, so that no sequence of them changes under NFC either.
    let latin = LATIN_BLOCKS.into_iter().flatten().filter_map(char::from_u32).filter(|c| latin_letter(*c));
    for c in latin {
        assert_eq!(unicode_normalization::is_nfc_quick(std::iter::once(c)), unicode_normalization::IsNormalized::Yes, "U+{:04X}", u32::from(c));
        assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
        assert!(is_nfc_already(&c.to_string()));
    }
    assert!(!is_nfc_already("a\u{301}"), "a combining mark is left to normalisation");
    assert!(!is_nfc_already("\u{212B}"), "the Ångström sign (NFC: Å) is left to normalisation");
}

#[test]
fn remembered_words_give_the_terms_worked_out_afresh() {
    // One analyzer over many texts (its memos fill), against a new analyzer for each word.
    let text = "Đồng Tháp hòa hoà HOÀ Uỷ Ủy khoẻ KHỎE Hoa\u{300} người NGƯỜI café Café quả già";
    for mode in [Mode::Folded, Mode::Exact] {
        let mut analyzer = Analyzer::new(mode);
        for _ in 0..3 {
            let mut stream = analyzer.token_stream(text);
            let mut remembered = Vec::new();
            while stream.advance() {
                remembered.push(stream.token().text.clone());
            }
            let fresh: Vec<String> = text.split(' ').flat_map(|w| terms(w, mode)).collect();
            assert_eq!(remembered, fresh, "{mode:?}");
        }
    }
}

#[test]
fn both_modes_in_one_pass_give_each_mode_s_terms() {
    let text = "Đồng Tháp: hòa hoà HOÀ Uỷ Ủy khoẻ, Hoa\u{300} NGƯỜI café 111 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa xã";
    let mut both = BothModes::default();
    for _ in 0..2 {
        let (mut folded, mut exact) = (Vec::new(), Vec::new());
        both.for_each_term(text, |f, x| {
            folded.push(f.to_string());
            exact.push(x.to_string());
        });
        assert_eq!(folded, terms(text, Mode::Folded));
        assert_eq!(exact, terms(text, Mode::Exact));
    }
}

/// `fold` as it was before the Latin table: the whole text decomposed by the crate.
fn fold_by_tables(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// `canonical_tone` as it was before the Latin table: decomposed and recomposed by the crate.
fn canonical_tone_by_tables(word: &str) -> String {
    let mut tone = None;
    let mut base = String::new();
    for c in word.nfd() {
        if TONE_MARKS.contains(&c) {
            if tone.is_some() {
                return word.nfc().collect();
            }
            tone = Some(c);
        } else {
            base.push(c);
        }
    }
    let Some(tone) = tone else { return word.nfc().collect() };
    let base: Vec<char> = base.nfc().collect();
    let Some(at) = tone_position(&base) else { return word.nfc().collect() };
    base.iter().enumerate().flat_map(|(i, c)| if i == at { [*c, tone].into_iter().nfc().collect::<Vec<_>>() } else { vec![*c] }).collect()
}

#[test]
fn the_latin_table_folds_and_places_tones_as_the_unicode_tables_do() {
    // Every letter of the table's blocks alone, then every vowel with every tone inside syllables
    // of both cases, NFC as the tokenizer hands words on.
    let letters = LATIN_BLOCKS.into_iter().flatten().filter_map(char::from_u32);
    for c in letters {
        let s = c.to_string();
        assert_eq!(fold(&s), fold_by_tables(&s), "fold U+{:04X}", u32::from(c));
        let nfc: String = s.nfc().collect();
        assert_eq!(canonical_tone(&nfc), canonical_tone_by_tables(&nfc), "tone U+{:04X}", u32::from(c));
    }
    let mut words = 0;
    for (_, forms) in VOWELS {
        for vowel in forms.chars() {
            for (before, after) in [("", ""), ("ng", ""), ("th", "ng"), ("qu", ""), ("gi", ""), ("ng", "i"), ("h", "a"), ("kh", "u"), ("tr", "ơi"), ("", "ch")] {
                for word in [format!("{before}{vowel}{after}"), format!("{before}{vowel}{after}").to_uppercase(), format!("{before}o{vowel}{after}"), format!("{before}{vowel}u")] {
                    let word: String = word.nfc().collect();
                    assert_eq!(canonical_tone(&word), canonical_tone_by_tables(&word), "{word}");
                    assert_eq!(fold(&word), fold_by_tables(&word), "{word}");
                    words += 1;
                }
            }
        }
    }
    assert!(words > 2000);
}
