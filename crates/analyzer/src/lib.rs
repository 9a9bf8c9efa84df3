//! Vietnamese analyzer (placeholder until implemented).
