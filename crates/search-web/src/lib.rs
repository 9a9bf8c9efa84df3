//! Browser search engine (placeholder until implemented).
