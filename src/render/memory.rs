//! A bound on the memory one page's render may take. Fuel stops templates that loop too long,
//! and the output cap pages that grow too large, but neither stops a template that doubles a
//! string in a variable (`{% set ns.s = ns.s ~ ns.s %}` forty times): that grew to 20 GB before
//! the kernel killed the build. The nhipcau binary's allocator ([`Guard`]) counts what each
//! render allocates on its thread and, past [`LIMIT`], stops the build with a message naming
//! the page and its template. The previous output is untouched (nothing was swapped in) and the
//! unfinished staging folder is removed on the way out.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Net bytes one page's render may hold: the portal's pages render within a few MB, and a page
/// at the 50 MB output cap fits several times over.
pub const LIMIT: isize = 256 << 20;

thread_local! {
    /// Net bytes allocated by the render running on this thread, while one runs.
    static NET: Cell<Option<isize>> = const { Cell::new(None) };
    /// What is being rendered and with which template, for the message (pointer and length of
    /// two strs that outlive it). Worded only if the page is stopped.
    static LABEL: Cell<[(usize, usize); 2]> = const { Cell::new([(0, 0); 2]) };
}

/// Runs `render` with its allocations counted against [`LIMIT`]; `source` names the page (or
/// what stands for it) and `template` its template.
pub fn watch<T>(source: &str, template: &str, render: impl FnOnce() -> T) -> T {
    let outer = (NET.with(Cell::get), LABEL.with(Cell::get));
    LABEL.with(|l| l.set([(source.as_ptr() as usize, source.len()), (template.as_ptr() as usize, template.len())]));
    NET.with(|n| n.set(Some(0)));
    let result = render();
    NET.with(|n| n.set(outer.0));
    LABEL.with(|l| l.set(outer.1));
    result
}

fn count(delta: isize) {
    let over = NET.try_with(|n| match n.get() {
        Some(net) => {
            let net = net + delta;
            n.set(Some(net));
            net > LIMIT
        }
        None => false,
    });
    if over == Ok(true) {
        stop();
    }
}

#[cold]
fn stop() -> ! {
    NET.with(|n| n.set(None));
    // SAFETY: `watch` set these from strs that live until it returns, and we are inside it.
    let [source, template] = LABEL.with(Cell::get).map(|(ptr, len)| unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr as *const u8, len)) });
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    // Counting is off now, so the message may allocate (the limit is this page's, not the machine's).
    let (error, help) = (crate::t!("error-label"), crate::t!("help-label"));
    let label = crate::t!("render-job-label", source = source, template = template);
    let _ = write!(
        err,
        "{error}: {label}: {}\n  {help}: {}\n{error}: {}\n",
        crate::t!("memory-stopped", mb = LIMIT >> 20),
        crate::t!("memory-stopped-help"),
        crate::t!("build-failed-output-kept")
    );
    let _ = err.flush();
    drop(err);
    crate::write::staging::remove_unfinished();
    std::process::exit(1);
}

/// The system allocator, counting for [`watch`].
pub struct Guard;

// SAFETY: every call is passed to the system allocator unchanged; only counting is added.
unsafe impl GlobalAlloc for Guard {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
}
