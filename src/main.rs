//! The `geostance` command line: a thin layer over the library.
mod cli;

/// Scoring allocates a few small buffers per quote and target; mimalloc's thread-local free lists
/// make that cheaper than the system allocator, most of all with many worker threads.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    geostance::process::disable_transparent_huge_pages();
    cli::main()
}
