//! Content addresses for index files, and the keys of word pairs (`pairs`). FNV-1a (64-bit):
//! tiny, deterministic, the same in the browser, no dependency, and collisions are out of reach
//! for the files of a site.

/// FNV-1a over any number of byte slices, with the total length mixed in at the end (so inputs
/// that differ only by trailing zeros differ).
pub struct Fnv {
    hash: u64,
    len: usize,
}

impl Fnv {
    pub fn new() -> Fnv {
        Fnv { hash: 0xcbf2_9ce4_8422_2325, len: 0 }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.hash ^= u64::from(*b);
            self.hash = self.hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.len += bytes.len();
    }

    pub fn finish(self) -> u64 {
        (self.hash ^ self.len as u64).wrapping_mul(0x0000_0100_0000_01b3)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn content_name(prefix: &str, bytes: &[u8], ext: &str) -> String {
    let mut h = Fnv::new();
    h.update(bytes);
    format!("{prefix}{:016x}.{ext}", h.finish())
}
