//! The allocator: mimalloc, through its plain entry points.
//!
//! The `mimalloc` crate sends every allocation through `mi_malloc_aligned`,
//! whose alignment checks cost about twice the plain fast path; the
//! generator allocates millions of small nodes. As `std`'s `System` does with
//! `malloc`, an alignment the plain call always gives takes the plain call;
//! any other the aligned one.
//!
//! Built without transparent huge pages (`no_thp`): with them, a run that
//! follows a pause spent a fifth of its time in the kernel zeroing and
//! compacting 2 MiB pages it barely used (BENCHMARKS.md, session 14).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// What every `mi_malloc` block is aligned to: a word. Block sizes are
/// multiples of it and pages start 16-aligned, but a 24-byte block need not
/// be 16-aligned, so 16 is not promised.
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

pub struct MiMalloc;

fn plain(align: usize) -> bool {
    align <= PLAIN_ALIGN
}

// SAFETY: each method forwards to the mimalloc call that meets the layout's
// size and alignment, and frees with `mi_free`, which takes either kind.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation calls accept any size.
        unsafe {
            if plain(layout.align()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if plain(layout.align()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block
        // keeps its alignment by the same rule as `alloc`.
        unsafe {
            if plain(layout.align()) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    /// Every size up to a few pages, at each alignment up to 64 bytes: the
    /// block is aligned, writable, and survives growing and shrinking.
    #[test]
    fn blocks_are_aligned_as_asked() {
        let a = super::MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64] {
            for size in (1..=300).chain([1000, 4096, 5000, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout has a non-zero size; each block is freed once.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size}/{align}");
                    p.write_bytes(0xA5, size);
                    let z = a.alloc_zeroed(layout);
                    assert!(z as usize % align == 0 && *z == 0 && *z.add(size - 1) == 0);
                    a.dealloc(z, layout);
                    let grown = a.realloc(p, layout, size * 3);
                    assert!(grown as usize % align == 0, "{size} grown/{align}");
                    assert!(*grown == 0xA5 && *grown.add(size - 1) == 0xA5);
                    let small = (size / 2).max(1);
                    let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                    let shrunk = a.realloc(grown, grown_layout, small);
                    assert!(shrunk as usize % align == 0, "{size} shrunk/{align}");
                    assert_eq!(*shrunk.add(small - 1), 0xA5);
                    a.dealloc(shrunk, Layout::from_size_align(small, align).unwrap());
                }
            }
        }
    }
}
