//! Search index (placeholder until implemented).
