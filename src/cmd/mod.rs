//! One file per command.

pub mod build;
pub mod check;
pub mod cli;
pub mod init;
pub mod new;
pub mod search;
pub mod serve;
