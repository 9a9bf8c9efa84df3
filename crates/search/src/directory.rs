//! A read-only tantivy `Directory` over chunked index files: each read fetches (once) only the
//! chunks that cover the requested bytes. The browser supplies chunks with synchronous XHR in a
//! Web Worker; `nhipcau search` reads them from public/search/.

use crate::{chunk_file_name, Manifest, ManifestFile};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr};
use tantivy::{Directory, HasLen};

/// Where chunk files come from. Synchronous: tantivy's reads are.
pub trait ChunkSource {
    fn fetch(&self, name: &str) -> io::Result<Vec<u8>>;

    /// `fetch`, for a source that can lend its bytes without copying them.
    fn fetch_bytes(&self, name: &str) -> io::Result<OwnedBytes> {
        self.fetch(name).map(OwnedBytes::new)
    }
}

/// Chunks in a folder on disk (public/search/).
pub struct FsChunkSource {
    dir: PathBuf,
}

impl FsChunkSource {
    pub fn new(dir: impl AsRef<Path>) -> FsChunkSource {
        FsChunkSource { dir: dir.as_ref().to_path_buf() }
    }
}

impl ChunkSource for FsChunkSource {
    fn fetch(&self, name: &str) -> io::Result<Vec<u8>> {
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad chunk name {name}")));
        }
        std::fs::read(self.dir.join(name))
    }
}

struct Shared {
    source: Box<dyn ChunkSource + Send + Sync>,
    /// Chunk files are `<prefix><n>.bin` (see `Manifest::chunk_prefix`).
    chunk_prefix: String,
    /// Inflated chunks by number (the head is kept apart). Never evicted: a browser session
    /// reads a small part of the index.
    cache: Mutex<HashMap<usize, OwnedBytes>>,
    /// Chunk files fetched (a bundle's file is one however many chunks it holds).
    fetches: AtomicUsize,
    /// Bundles (see [`ManifestFile::back`]): each bundled chunk, its leader (whose file holds
    /// it) and its length, by chunk number. Sorted and searched rather than hashed: in wasm, a
    /// hash map's lookups reach code (key comparisons) or not depending on the site's numbers,
    /// and code the engine's split profile did not reach loads the engine's second part.
    bundled: Vec<Bundled>,
    /// The head chunk's ranges by file: (start in the file, length, start in the head).
    head: HashMap<PathBuf, Vec<(usize, usize, usize)>>,
    head_bytes: OwnedBytes,
    /// Every read, when recording (the index builder finds what the head should hold this way).
    recorded: Option<Mutex<Vec<Read>>>,
}

/// One read of a file: which, and what bytes.
type Read = (PathBuf, Range<usize>);

impl Shared {
    fn new(manifest: &Manifest, source: Box<dyn ChunkSource + Send + Sync>, recorded: Option<Mutex<Vec<Read>>>) -> Shared {
        let chunk_prefix = manifest.chunk_prefix.clone();
        Shared { source, chunk_prefix, cache: Mutex::default(), fetches: AtomicUsize::new(0), bundled: Vec::new(), head: HashMap::new(), head_bytes: OwnedBytes::empty(), recorded }
    }

    /// The chunk whose file holds chunk `n`.
    fn leader(&self, n: usize) -> usize {
        self.bundled.binary_search_by_key(&n, |b| b.chunk).map_or(n, |at| self.bundled[at].leader)
    }

    /// Chunk `n`, inflated to at most `limit` bytes; with it, the rest of its bundle. Looked up by
    /// number: reads are many and most hit the cache, so the file name is only made for a fetch.
    fn chunk(&self, n: usize, limit: usize) -> io::Result<OwnedBytes> {
        if let Some(c) = self.cache.lock().unwrap().get(&n) {
            return Ok(c.clone());
        }
        let leader = self.leader(n);
        // The leader's file holds the leader, then the chunks bundled with it in their order. A
        // few thousand bundled chunks at most: looked through at each bundle's fetch.
        let mut members: Vec<(usize, usize)> = Vec::new();
        for b in self.bundled.iter().filter(|b| b.leader == leader) {
            if members.is_empty() {
                members.push((leader, b.leader_len));
            }
            members.push((b.chunk, b.len));
        }
        if members.is_empty() {
            let bytes = self.fetch(&chunk_file_name(&self.chunk_prefix, n), limit)?;
            self.cache.lock().unwrap().insert(n, bytes.clone());
            return Ok(bytes);
        }
        let name = chunk_file_name(&self.chunk_prefix, leader);
        let total = members.iter().map(|(_, len)| len).sum();
        let bytes = self.fetch(&name, total)?;
        if bytes.len() != total {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("chunk {name} has {} bytes, expected {total}", bytes.len())));
        }
        let mut cache = self.cache.lock().unwrap();
        let mut at = 0;
        for (member, len) in members {
            cache.insert(member, bytes.slice(at..at + len));
            at += len;
        }
        Ok(cache[&n].clone())
    }

    /// Bytes `range` of file `path`, when the head holds all of them (a view, no copy).
    fn head_slice(&self, path: &Path, range: &Range<usize>) -> Option<OwnedBytes> {
        let (start, _, at) = self.head.get(path)?.iter().find(|(start, len, _)| *start <= range.start && range.end <= start + len)?;
        let from = at + range.start - start;
        Some(self.head_bytes.slice(from..from + range.len()))
    }

    /// Fetches and inflates chunk file `name` to at most `limit` bytes (when recording, the
    /// builder's own files, not compressed yet, are read as they are).
    fn fetch(&self, name: &str, limit: usize) -> io::Result<OwnedBytes> {
        if self.recorded.is_some() {
            return self.source.fetch_bytes(name);
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let packed = self.source.fetch(name)?;
        let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, limit)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("chunk {name} is damaged: {e:?}")))?;
        Ok(OwnedBytes::new(bytes))
    }
}

#[derive(Clone)]
pub struct ChunkedDirectory {
    files: Arc<HashMap<PathBuf, ManifestFile>>,
    shared: Arc<Shared>,
}

impl fmt::Debug for ChunkedDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChunkedDirectory({} files)", self.files.len())
    }
}

impl ChunkedDirectory {
    /// The index the manifest describes; fetches its head chunk, if it has one.
    pub fn open(manifest: &Manifest, source: Box<dyn ChunkSource + Send + Sync>) -> io::Result<ChunkedDirectory> {
        let mut shared = Shared::new(manifest, source, None);
        shared.bundled = bundles(manifest)?;
        if let Some(head) = &manifest.head {
            let bytes = shared.fetch(&head.chunk, head.len)?;
            let mut at = 0;
            for r in &head.ranges {
                shared.head.entry(PathBuf::from(&r.file)).or_default().push((r.start, r.len, at));
                at += r.len;
            }
            if bytes.len() != head.len || at != head.len {
                return Err(io::Error::new(io::ErrorKind::InvalidData, format!("head chunk {} has {} bytes, expected {}", head.chunk, bytes.len(), head.len)));
            }
            shared.head_bytes = bytes;
        }
        Ok(ChunkedDirectory { files: Arc::new(manifest.files.iter().map(|(k, v)| (PathBuf::from(k), v.clone())).collect()), shared: Arc::new(shared) })
    }

    /// A directory that ignores the manifest's head, records every read, and takes its chunks
    /// uncompressed (the builder reads its files back before it packs them).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn recording(manifest: &Manifest, source: Box<dyn ChunkSource + Send + Sync>) -> ChunkedDirectory {
        let shared = Shared::new(manifest, source, Some(Mutex::default()));
        ChunkedDirectory { files: Arc::new(manifest.files.iter().map(|(k, v)| (PathBuf::from(k), v.clone())).collect()), shared: Arc::new(shared) }
    }

    /// The reads recorded so far (see [`ChunkedDirectory::recording`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn recorded(&self) -> Vec<Read> {
        self.shared.recorded.as_ref().map(|r| r.lock().unwrap().clone()).unwrap_or_default()
    }

    /// The names of the chunks holding bytes `range` of `file` that are not loaded yet (nor in
    /// the head).
    pub fn missing(&self, file: &str, range: Range<usize>) -> Vec<String> {
        let path = Path::new(file);
        let Some(f) = self.files.get(path) else { return Vec::new() };
        if self.shared.head_slice(path, &range).is_some() || range.is_empty() || range.end > f.len {
            return Vec::new();
        }
        let cache = self.shared.cache.lock().unwrap();
        let mut leaders: Vec<usize> = (f.chunk_of(range.start)..=f.chunk_of(range.end - 1))
            .map(|i| f.first_chunk + i)
            .filter(|n| !cache.contains_key(n))
            .map(|n| self.shared.leader(n))
            .collect();
        leaders.dedup();
        leaders.into_iter().map(|n| chunk_file_name(&self.shared.chunk_prefix, n)).collect()
    }

    /// How many chunk files have been fetched so far, the head's included.
    pub fn fetched_chunks(&self) -> usize {
        self.shared.fetches.load(Ordering::Relaxed)
    }
}

/// A chunk sent in another chunk's file (see [`ManifestFile::back`]).
pub(crate) struct Bundled {
    chunk: usize,
    len: usize,
    leader: usize,
    leader_len: usize,
}

/// The manifest's bundled chunks, in chunk order. A leader must be a chunk in a file of its own.
pub(crate) fn bundles(manifest: &Manifest) -> io::Result<Vec<Bundled>> {
    let damaged = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
    // Files in chunk order (a handful), so that the chunks come sorted without sorting.
    let mut files: Vec<(&String, &ManifestFile)> = manifest.files.iter().collect();
    files.sort_by_key(|(_, f)| f.first_chunk);
    let length = |n: usize| {
        let (_, f) = files.iter().find(|(_, f)| (f.first_chunk..f.first_chunk.saturating_add(f.chunks)).contains(&n))?;
        Some(f.chunk_range(n - f.first_chunk).len())
    };
    let mut bundled: Vec<Bundled> = Vec::new();
    for (name, f) in &files {
        if f.back.is_empty() {
            continue;
        }
        if f.back.len() != f.chunks || f.chunks != f.expected_chunks() {
            return Err(damaged(format!("{name} lists {} bundle steps for {} chunks", f.back.len(), f.chunks)));
        }
        for (i, &back) in f.back.iter().enumerate().filter(|(_, &back)| back > 0) {
            let chunk = f.first_chunk + i;
            let leader = chunk.checked_sub(back).ok_or_else(|| damaged(format!("chunk {chunk} is bundled before the first")))?;
            let leader_len = length(leader).ok_or_else(|| damaged(format!("chunk {chunk} is bundled with {leader}, which no file has")))?;
            if bundled.last().is_some_and(|b| b.chunk >= chunk) {
                return Err(damaged(format!("{name}'s chunks overlap another file's")));
            }
            bundled.push(Bundled { chunk, len: f.chunk_range(i).len(), leader, leader_len });
        }
    }
    if let Some(b) = bundled.iter().find(|b| bundled.binary_search_by_key(&b.leader, |o| o.chunk).is_ok()) {
        return Err(damaged(format!("chunk {} is bundled with {}, which is bundled itself", b.chunk, b.leader)));
    }
    Ok(bundled)
}

struct ChunkedFile {
    path: PathBuf,
    file: ManifestFile,
    shared: Arc<Shared>,
}

impl fmt::Debug for ChunkedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChunkedFile({:?}, {} bytes)", self.path, self.file.len)
    }
}

impl HasLen for ChunkedFile {
    fn len(&self) -> usize {
        self.file.len
    }
}

impl FileHandle for ChunkedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.file.len || range.start > range.end {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("{:?}: read {range:?} past {} bytes", self.path, self.file.len)));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        if let Some(recorded) = &self.shared.recorded {
            recorded.lock().unwrap().push((self.path.clone(), range.clone()));
        }
        if let Some(bytes) = self.shared.head_slice(&self.path, &range) {
            return Ok(bytes);
        }
        let (first, last) = (self.file.chunk_of(range.start), self.file.chunk_of(range.end - 1));
        if first == last {
            // Most reads sit inside one chunk: hand out a view of the cached chunk, no copy.
            let chunk = self.checked_chunk(first)?;
            let start = self.file.chunk_range(first).start;
            return Ok(chunk.slice(range.start - start..range.end - start));
        }
        let mut out = Vec::with_capacity(range.len());
        for i in first..=last {
            let chunk = self.checked_chunk(i)?;
            let chunk_start = self.file.chunk_range(i).start;
            let from = range.start.max(chunk_start) - chunk_start;
            let to = range.end.min(chunk_start + chunk.len()) - chunk_start;
            out.extend_from_slice(&chunk.as_slice()[from..to]);
        }
        Ok(OwnedBytes::new(out))
    }
}

impl ChunkedFile {
    /// Chunk `i` of this file, checked against the length the manifest implies.
    fn checked_chunk(&self, i: usize) -> io::Result<OwnedBytes> {
        if i >= self.file.chunks {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{:?}: the manifest lists too few chunks", self.path)));
        }
        let n = self.file.first_chunk + i;
        let expected = self.file.chunk_range(i).len();
        let chunk = self.shared.chunk(n, expected)?;
        if chunk.len() != expected {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("chunk {} has {} bytes, expected {expected}", chunk_file_name(&self.shared.chunk_prefix, n), chunk.len())));
        }
        Ok(chunk)
    }
}

fn read_only() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "the search index is read-only")
}

impl Directory for ChunkedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = self.files.get(path).ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(ChunkedFile { path: path.to_path_buf(), file: file.clone(), shared: self.shared.clone() }))
    }

    fn delete(&self, _path: &Path) -> Result<(), DeleteError> {
        Ok(())
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(read_only(), path.to_path_buf()))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        let len = handle.len();
        handle
            .read_bytes(0..len)
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing ever writes this index, and waiting for a lock would sleep (which wasm cannot).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
