//! The index folder as tantivy sees it: tantivy's `MmapDirectory`, plus three things chancery
//! needs from its storage.
//!
//! - **The first I/O error is kept.** When a write fails inside one of tantivy's indexing
//!   threads, tantivy reports "an index writer was killed" and drops the cause. The wrapper
//!   records the first failure of any write, sync or rename, so that the error a user sees
//!   names the index and the cause ("No space left on device").
//! - **Files follow the umask.** tantivy's `atomic_write` (meta.json, .managed.json) goes
//!   through a temporary file created 0600, which made another user's readable index folder
//!   unreadable. `atomic_write` here writes a temporary file with the process's default mode,
//!   syncs it, renames it over the target and syncs the folder.
//! - **Read-only indexes can be read.** tantivy takes a lock file (`.tantivy-meta.lock`) to read
//!   `meta.json`; in a folder this user cannot write that fails. A reader that cannot create
//!   the lock proceeds without it: it can write nothing, so it cannot race a garbage collection
//!   of its own.
//!
//! Faults can be injected ([`Faults`]): the Nth write, sync or rename fails, as an I/O error or
//! as a full disk. The fault-injection tests of `Index` drive an ingest through every N.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{AntiCallToken, TerminatingWrite};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// What an injected fault looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum FaultKind {
    /// An I/O error ("input/output error").
    Io,
    /// The disk is full (ENOSPC), from the fault on: every later write fails too.
    DiskFull,
}

/// Injected faults: operation number `fail_at` (counting writes, syncs and renames from 1)
/// fails. Counting goes on, so a test can read how many operations an ingest made.
#[derive(Debug)]
pub(crate) struct Faults {
    pub(crate) fail_at: u64,
    pub(crate) kind: FaultKind,
    count: AtomicU64,
}

impl Faults {
    #[cfg(test)]
    pub(crate) fn new(fail_at: u64, kind: FaultKind) -> Arc<Faults> {
        Arc::new(Faults { fail_at, kind, count: AtomicU64::new(0) })
    }

    /// Operations counted so far.
    #[cfg(test)]
    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    fn check(&self, what: &str) -> io::Result<()> {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let fail = match self.kind {
            FaultKind::Io => n == self.fail_at,
            FaultKind::DiskFull => n >= self.fail_at,
        };
        if !fail {
            return Ok(());
        }
        Err(match self.kind {
            FaultKind::Io => io::Error::other(format!("injected I/O error at {what} #{n}")),
            FaultKind::DiskFull => io::Error::from_raw_os_error(crate::error::ENOSPC),
        })
    }
}

#[derive(Debug, Default)]
struct Shared {
    first_error: Mutex<Option<(io::ErrorKind, Option<i32>, String)>>,
    faults: Mutex<Option<Arc<Faults>>>,
}

impl Shared {
    fn check(&self, what: &str) -> io::Result<()> {
        let faults = self.faults.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match faults {
            Some(f) => f.check(what).inspect_err(|e| self.record(e)),
            None => Ok(()),
        }
    }

    fn record(&self, e: &io::Error) {
        let mut slot = self.first_error.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some((e.kind(), e.raw_os_error(), e.to_string()));
        }
    }

    fn tracked<T>(&self, r: io::Result<T>) -> io::Result<T> {
        r.inspect_err(|e| self.record(e))
    }
}

/// `MmapDirectory` with error recording, umask-respecting atomic writes, lock-free reading of
/// read-only folders, and fault injection.
#[derive(Debug, Clone)]
pub(crate) struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    shared: Arc<Shared>,
}

impl IndexDirectory {
    pub(crate) fn open(root: &Path) -> tantivy::Result<IndexDirectory> {
        let inner = MmapDirectory::open(root)?;
        Ok(IndexDirectory { inner, root: root.to_path_buf(), shared: Arc::default() })
    }

    /// Faults to inject from now on (`None`: none).
    #[cfg(test)]
    pub(crate) fn set_faults(&self, faults: Option<Arc<Faults>>) {
        *self.shared.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// The first write, sync or rename that failed since the last call, as an `io::Error`.
    pub(crate) fn take_error(&self) -> Option<io::Error> {
        let taken = self.shared.first_error.lock().unwrap_or_else(|e| e.into_inner()).take();
        taken.map(|(kind, os, message)| match os {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(kind, message),
        })
    }
}

/// A file being written: every write and the final flush-and-sync are checked and recorded.
struct Tracked {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    shared: Arc<Shared>,
}

impl Write for Tracked {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.shared.check("write")?;
        let r = self.inner.write(buf);
        self.shared.tracked(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.shared.tracked(r)
    }
}

impl TerminatingWrite for Tracked {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.shared.check("sync")?;
        let r = self.inner.terminate_ref(token);
        self.shared.tracked(r)
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let w = self.inner.open_write(path).inspect_err(|e| {
            if let OpenWriteError::IoError { io_error, .. } = e {
                self.shared.record(io_error);
            }
        })?;
        // The inner writer is buffered and still empty: unwrapping it cannot fail or write.
        let inner = w.into_inner().map_err(|e| OpenWriteError::IoError {
            io_error: Arc::new(e.into_error()),
            filepath: path.to_path_buf(),
        })?;
        Ok(io::BufWriter::new(Box::new(Tracked { inner, shared: self.shared.clone() })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let r = atomic_write(&self.root.join(path), data, &self.shared);
        self.shared.tracked(r)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.shared.check("sync")?;
        let r = self.inner.sync_directory();
        self.shared.tracked(r)
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if lock.is_blocking && cannot_write(&e) => {
                // Only the meta lock blocks; the writer's lock does not, and stays an error.
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, cb: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(cb)
    }
}

fn cannot_write(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}

/// Writes `data` to `path` so that a reader sees the old or the new content, never a mix: a
/// temporary file beside it (created with the default mode, so the umask applies), synced,
/// renamed over `path`, then the folder synced.
fn atomic_write(path: &Path, data: &[u8], shared: &Shared) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("no parent folder"))?;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    // Unique per call: two writers of one file (in one process or two) never share a
    // temporary file.
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{seq}.tmp", std::process::id()));
    let written = (|| {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp)?;
        shared.check("write")?;
        f.write_all(data)?;
        shared.check("sync")?;
        f.sync_data()?;
        shared.check("rename")?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return written;
    }
    shared.check("sync")?;
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_operation_fails_and_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let d = IndexDirectory::open(dir.path()).unwrap();
        d.set_faults(Some(Faults::new(2, FaultKind::Io)));
        d.atomic_write(Path::new("a.json"), b"1").map(|_| ()).unwrap_err();
        // The first write went through; the sync was operation 2 and failed; nothing was
        // renamed and no temporary file is left.
        assert!(!dir.path().join("a.json").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(names.is_empty(), "{names:?}");
        assert!(d.take_error().is_some_and(|e| e.to_string().contains("sync #2")));
        assert!(d.take_error().is_none(), "taken once");
    }

    #[test]
    fn a_full_disk_stays_full_and_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let d = IndexDirectory::open(dir.path()).unwrap();
        d.set_faults(Some(Faults::new(1, FaultKind::DiskFull)));
        let mut w = d.open_write(Path::new("seg.idx")).unwrap();
        let e = w.write_all(&[0u8; 100_000]).unwrap_err();
        assert!(crate::error::is_disk_full(&e), "{e}");
        assert!(d.take_error().is_some_and(|e| crate::error::is_disk_full(&e)));
        d.atomic_write(Path::new("meta.json"), b"{}").unwrap_err();
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = IndexDirectory::open(dir.path()).unwrap();
        d.atomic_write(Path::new("meta.json"), b"{}").unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("meta.json")), mode(&plain));
        assert_eq!(std::fs::read(dir.path().join("meta.json")).unwrap(), b"{}");
    }
}
