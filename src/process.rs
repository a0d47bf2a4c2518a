//! Settings of the process that the binaries apply as they start.

/// Turns transparent huge pages off for this process (Linux; elsewhere nothing to do).
///
/// mimalloc asks the kernel for huge pages where it may, and a huge page is resident, and
/// zeroed, in full as soon as one byte of it is touched: with them `geostance score` peaked at
/// 44 MB and `geostance serve` under load at 58–60 MB; without, at 25 MB and 28 MB, for the same
/// CPU time (docs/performance.md). Call it first thing in `main`: it applies to every page
/// touched afterwards, and the allocator has touched few before.
pub fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes integers only, reads and writes no memory of
        // ours, and on a kernel without it fails with EINVAL, which changes nothing.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}
