//! Files of 8 KiB pages with a table at the end, as the pairs and sections files are: a page is
//! a chunk, so an entry read from one page costs one request. An entry that does not fit the rest
//! of a page starts the next one (zero bytes pad the page, so an entry must never start with a
//! zero byte), and one longer than a page starts a page and has its pages to itself. After the
//! pages comes the file's table, and last the table's offset as a u64 (little-endian).

use crate::CHUNK_SIZE;
use std::io;
use tantivy::directory::{FileSlice, OwnedBytes};
use tantivy::HasLen;

pub(crate) const PAGE: usize = CHUNK_SIZE;

/// Lays entries out in pages.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
pub(crate) struct PagedWriter {
    out: Vec<u8>,
}

#[cfg(not(target_arch = "wasm32"))]
impl PagedWriter {
    /// Starts the next page unless the rest of this one holds `len` bytes (or nothing is on it).
    pub(crate) fn keep_together(&mut self, len: usize) {
        let room = PAGE - self.out.len() % PAGE;
        if self.out.len() % PAGE != 0 && len > room {
            self.out.resize(self.out.len() + room, 0);
        }
    }

    /// Adds `entry`, and gives the offset it starts at.
    pub(crate) fn push(&mut self, entry: &[u8]) -> usize {
        self.keep_together(entry.len());
        let start = self.out.len();
        self.out.extend_from_slice(entry);
        if entry.len() > PAGE && self.out.len() % PAGE != 0 {
            self.out.resize(self.out.len().next_multiple_of(PAGE), 0);
        }
        start
    }

    /// How many pages there are so far.
    pub(crate) fn pages(&self) -> usize {
        self.out.len().div_ceil(PAGE)
    }

    /// The file: the pages, `table`, and the table's offset.
    pub(crate) fn finish(mut self, table: &[u8]) -> Vec<u8> {
        let table_start = self.out.len() as u64;
        self.out.extend_from_slice(table);
        self.out.extend_from_slice(&table_start.to_le_bytes());
        self.out
    }
}

/// A paged file's table and where its pages end; `corrupt` words the error for its file.
pub(crate) fn open_table(file: &FileSlice, corrupt: fn(&str) -> io::Error) -> io::Result<(OwnedBytes, usize)> {
    let len = file.len();
    let footer = file.read_bytes_slice(len.checked_sub(8).ok_or_else(|| corrupt("shorter than its footer"))?..len)?;
    let pages_end = usize::try_from(u64::from_le_bytes(footer.as_slice().try_into().expect("8 bytes"))).map_err(|_| corrupt("its table is out of place"))?;
    if pages_end > len - 8 {
        return Err(corrupt("its table is out of place"));
    }
    Ok((file.read_bytes_slice(pages_end..len - 8)?, pages_end))
}
