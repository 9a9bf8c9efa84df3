//! One file per command.

pub mod build;
pub mod init;
pub mod search;
