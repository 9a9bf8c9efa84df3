//! User-facing errors. Every problem with a site's input becomes a [`Diagnostic`] that names the
//! file, line and column when known, says what is wrong and what to do. A build collects all of
//! them (not just the first) so an author can fix a batch at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic { file: None, line: None, column: None, message: message.into(), help: None }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn io(file: impl AsRef<Path>, err: &std::io::Error) -> Self {
        Diagnostic::new(crate::t!("io-cannot-access", error = io_reason(err))).in_file(file).help(crate::t!("io-check-path"))
    }
}

/// Why a file could not be used, in the officer's language for the common cases (the system's
/// own text, in the system's language, otherwise).
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => crate::t!("io-not-found"),
        std::io::ErrorKind::PermissionDenied => crate::t!("io-permission-denied"),
        _ => err.to_string(),
    }
}

/// Text safe to print on a terminal: control characters other than newline and tab (escape
/// sequences that recolour, retitle or clear it, found in content or file names) shown as `\u{1b}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&Plain(self).to_string()))
    }
}

/// A diagnostic's text as it was composed, before [`printable`].
struct Plain<'a>(&'a Diagnostic);

impl fmt::Display for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if let Some(file) = &d.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = d.line {
                write!(f, ":{line}")?;
                if let Some(col) = d.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", d.message)?;
        if let Some(help) = &d.help {
            write!(f, "\n  {}: {help}", crate::t!("help-label"))?;
        }
        Ok(())
    }
}

/// One or more diagnostics: the error type of every build stage.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Ok when nothing was collected, so stages can gather every problem before failing.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            // Stable order whatever the thread scheduling was.
            self.0.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = crate::t!("error-label");
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{label}: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

pub type Result<T, E = Diagnostics> = std::result::Result<T, E>;

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(src.len());
    let before = &src[..floor_char_boundary(src, byte)];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "did you mean `x`?" for a misspelt key, or the list of valid keys.
pub fn suggest(unknown: &str, known: &[&str]) -> String {
    match closest(unknown, known) {
        Some(k) => crate::t!("did-you-mean-key", key = k),
        None => crate::t!("valid-keys", keys = known.join(", ")),
    }
}

/// The known key a misspelt one most likely meant, if any is close.
pub fn closest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    // Ties go to the first name in order, so the suggestion does not depend on a map's order.
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a\nđồng = 1\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let eq = src.find('=').unwrap();
        assert_eq!(line_col(src, eq), (2, 6));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(suggest("titel", &["title", "date"]), "did you mean `title`?");
        assert!(suggest("zzz", &["title", "date"]).starts_with("valid keys are"));
    }
}
