//! Near matches: how many edits away a query word may be matched, and how many edits apart two
//! words are. The engine (near-match queries, did-you-mean) and the snippets (which words to
//! mark) both ask here, so what is marked is what matched.

/// How far a near match may be: one edit, two for words of six letters or more; none for words of
/// one or two letters (everything is one edit away from them).
pub fn fuzzy_distance(term: &str) -> Option<u8> {
    // Numbers and codes (111, 25/3, ma04321) are typed exactly; near ones are other numbers.
    if term.chars().any(|c| c.is_numeric()) {
        return None;
    }
    match term.chars().count() {
        0..=2 => None,
        3..=5 => Some(1),
        _ => Some(2),
    }
}

/// Edits between two words, a swap of neighbours counting as one (optimal string alignment):
/// what tantivy's fuzzy query with transpositions counts.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}
