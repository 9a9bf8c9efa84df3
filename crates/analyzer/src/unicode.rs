//! Unicode normalisation and the Mark category: what the analyzer needs of the Unicode tables
//! beyond case and letters (which `core` has), for text that is not plain ASCII.
//!
//! Natively they come from the unicode-normalization crate. In the browser they come from the
//! JavaScript engine, which carries the same tables anyway (`String.prototype.normalize`,
//! `/\p{M}/u`; assets/nhipcau-search-worker.js supplies them as imports): the crate's
//! decomposition, composition and mark tables were 55 KB of the engine's 350 KB as transferred
//! (brotli, 2026-12-03). Both implement the Unicode standard, so a word is analyzed alike when
//! the site is indexed and when a citizen searches it; they could only differ on characters
//! encoded after the older of the two Unicode versions.
//!
//! Vietnamese as sites write it (NFC, precomposed letters) stays on the ASCII and Latin fast
//! paths of lib.rs and never asks for these; NFD text and other scripts do.

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use unicode_normalization::UnicodeNormalization;

    pub fn nfc(text: &str) -> String {
        text.nfc().collect()
    }

    pub fn nfd(text: &str) -> String {
        text.nfd().collect()
    }

    pub fn is_combining_mark(c: char) -> bool {
        unicode_normalization::char::is_combining_mark(c)
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    #[link(wasm_import_module = "env")]
    extern "C" {
        /// Normalises UTF-8 `text` to NFC (`form` 0) or NFD (1); returns the result's length in
        /// bytes, which waits in the host until `take_text` copies it.
        fn normalize(text: *const u8, len: usize, form: u32) -> usize;
        fn take_text(dest: *mut u8);
        /// 1 if the code point is of General_Category Mark (Mn, Mc, Me).
        fn is_mark(c: u32) -> u32;
    }

    fn normalized(text: &str, form: u32) -> String {
        let len = unsafe { normalize(text.as_ptr(), text.len(), form) };
        let mut bytes = vec![0u8; len];
        unsafe { take_text(bytes.as_mut_ptr()) };
        // The host encodes a JavaScript string, which valid UTF-8 in gives valid UTF-8 out of.
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
    }

    pub fn nfc(text: &str) -> String {
        normalized(text, 0)
    }

    pub fn nfd(text: &str) -> String {
        normalized(text, 1)
    }

    pub fn is_combining_mark(c: char) -> bool {
        unsafe { is_mark(c as u32) != 0 }
    }
}

pub(crate) use imp::{is_combining_mark, nfc, nfd};
