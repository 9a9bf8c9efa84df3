//! The part of the `regex` API that tantivy calls, without a regex engine: [`Regex::new`] always
//! returns an error, so a `Regex` never exists and its methods are unreachable by construction
//! (the type is uninhabited; no method can run, none can panic).
//!
//! nhipcau's browser engine builds every query from terms and never asks tantivy for regex
//! queries, regex tokenizers or aggregation filters. tantivy still links the real crate with its
//! Unicode tables, which would be about a quarter of the module a citizen downloads. If the
//! engine ever reached a regex, the caller gets this crate's error instead of a match.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;

/// A compiled regex: there are none (see the crate docs).
pub struct Regex {
    never: Infallible,
}

/// Why a pattern did not compile: this build has no regex engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pattern: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "regular expressions are not available in nhipcau's browser search engine (pattern {:?})", self.pattern)
    }
}

impl std::error::Error for Error {}

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        Err(Error { pattern: pattern.to_string() })
    }

    pub fn as_str(&self) -> &str {
        match self.never {}
    }

    pub fn is_match(&self, _haystack: &str) -> bool {
        match self.never {}
    }

    pub fn find<'h>(&self, _haystack: &'h str) -> Option<Match<'h>> {
        match self.never {}
    }

    pub fn find_at<'h>(&self, _haystack: &'h str, _start: usize) -> Option<Match<'h>> {
        match self.never {}
    }

    pub fn find_iter<'h>(&self, _haystack: &'h str) -> std::iter::Empty<Match<'h>> {
        match self.never {}
    }

    pub fn replace_all<'h, R>(&self, _haystack: &'h str, _replacement: R) -> Cow<'h, str> {
        match self.never {}
    }
}

impl Clone for Regex {
    fn clone(&self) -> Regex {
        match self.never {}
    }
}

impl fmt::Debug for Regex {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.never {}
    }
}

impl fmt::Display for Regex {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.never {}
    }
}

/// A match: the type the API names (none is ever made).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// Escapes the characters regex syntax gives a meaning to, as `regex::escape` does (tantivy
/// escapes globs with it before compiling them, which then fails with [`Error`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' | '#' | '&' | '-' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_fails_with_a_message_naming_it() {
        for pattern in ["[\\\\/]", ".*", "a", ""] {
            let err = Regex::new(pattern).err().expect("no regex compiles");
            assert!(err.to_string().contains(&format!("{pattern:?}")), "{err}");
        }
    }

    #[test]
    fn escape_marks_meta_characters() {
        assert_eq!(escape("a.b*c"), "a\\.b\\*c");
        assert_eq!(escape("đường/phố"), "đường/phố");
    }
}
