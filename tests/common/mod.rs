//! Running the built binary as a user does, shared by the command-line test files.
#![allow(dead_code)] // each test file uses its own subset

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_geostance");
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The binary, run from the repository root, with warnings only on stderr and no stdin.
pub fn geostance() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(ROOT)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    c
}

pub fn run(args: &[&str]) -> Output {
    geostance()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run geostance {args:?}: {e}"))
}

/// Runs with `input` on stdin.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = geostance()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    o
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

pub fn assert_success(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed with {:?}\nstderr:\n{}",
        o.status,
        stderr(o)
    );
}

/// Writes `lines` (joined by newlines) into `dir/name`.
pub fn write_lines(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}
