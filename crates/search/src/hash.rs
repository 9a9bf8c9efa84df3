//! Content addresses for chunk files. FNV-1a (64-bit): tiny, deterministic, no dependency, and
//! collisions are out of reach for the few thousand chunks of a site.

pub fn content_name(prefix: &str, bytes: &[u8], ext: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Mix in the length so chunks that differ only by trailing zeros differ.
    h ^= bytes.len() as u64;
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    format!("{prefix}{h:016x}.{ext}")
}
