//! Batch output: a file or stdout; `--resume` continues a file after its last complete line.
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Write buffer size; the runner flushes after every chunk anyway.
const BUF: usize = 256 * 1024;

/// What an existing output file already held when a run resumed it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Complete lines kept: the outputs of that many input records are not written again.
    pub lines: usize,
    /// How many of those are error records.
    pub errors: usize,
    /// Bytes of a partial last line (a write cut short) that were dropped.
    pub truncated: u64,
}

/// Opens the output: stdout for `-`; a new (or emptied) file; or with `resume`, an existing
/// file after its last complete line (a partial last line is cut off), to append to.
pub fn open_output(path: &Path, resume: bool) -> io::Result<(Box<dyn Write>, Resumed)> {
    if path.as_os_str() == "-" {
        if resume {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "--resume continues an output file after its last complete line, so it needs \
                 --output FILE; standard output cannot be resumed",
            ));
        }
        return Ok((
            Box::new(BufWriter::with_capacity(BUF, io::stdout())),
            Resumed::default(),
        ));
    }
    if !resume || !path.exists() {
        let f = File::create(path)?;
        return Ok((
            Box::new(BufWriter::with_capacity(BUF, f)),
            Resumed::default(),
        ));
    }
    let resumed = truncate_to_complete_lines(path)?;
    let f = OpenOptions::new().append(true).open(path)?;
    Ok((Box::new(BufWriter::with_capacity(BUF, f)), resumed))
}

/// Counts the complete lines of `path` and its error records, and cuts off a final line that
/// has no newline.
pub fn truncate_to_complete_lines(path: &Path) -> io::Result<Resumed> {
    let f = OpenOptions::new().read(true).write(true).open(path)?;
    let mut r = BufReader::with_capacity(BUF, &f);
    let mut line = Vec::new();
    let (mut lines, mut errors, mut complete_end, mut end) = (0usize, 0usize, 0u64, 0u64);
    loop {
        line.clear();
        let n = r.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        end += n as u64;
        if line.last() != Some(&b'\n') {
            break;
        }
        lines += 1;
        complete_end = end;
        if is_error_record(&line) {
            errors += 1;
        }
    }
    drop(r);
    if end > complete_end {
        f.set_len(complete_end)?;
        f.sync_all()?;
    }
    Ok(Resumed {
        lines,
        errors,
        truncated: end - complete_end,
    })
}

/// Whether an output line is an error record (SPEC 2.2): an object with a top-level `error`.
fn is_error_record(line: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        error: Option<serde::de::IgnoredAny>,
    }
    // Only a line that holds `"error":` can be one; parse only those.
    line.windows(8).any(|w| w == b"\"error\":")
        && serde_json::from_slice::<Probe>(line).is_ok_and(|p| p.error.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_keeps_complete_lines_and_cuts_a_partial_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.jsonl");
        std::fs::write(
            &p,
            concat!(
                "{\"id\":\"a\",\"sentiment\":{},\"targets\":[]}\n",
                "{\"id\":\"b\",\"line\":2,\"error\":\"bad\"}\n",
                "{\"id\":\"c\",\"text\":\"she said \\\"error\\\": no\",\"targets\":[]}\n",
                "{\"id\":\"d\",\"sentim"
            ),
        )
        .unwrap();
        let r = truncate_to_complete_lines(&p).unwrap();
        assert_eq!((r.lines, r.errors, r.truncated), (3, 1, 17));
        let kept = std::fs::read_to_string(&p).unwrap();
        assert!(kept.ends_with("no\",\"targets\":[]}\n"), "{kept}");
        // Idempotent once complete.
        assert_eq!(truncate_to_complete_lines(&p).unwrap().truncated, 0);
    }

    #[test]
    fn resume_needs_a_file() {
        let err = open_output(Path::new("-"), true).err().unwrap();
        assert!(err.to_string().contains("--output FILE"), "{err}");
    }

    #[test]
    fn resume_without_a_file_starts_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.jsonl");
        let (mut w, r) = open_output(&p, true).unwrap();
        assert_eq!(r, Resumed::default());
        writeln!(w, "x").unwrap();
        drop(w);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "x\n");
    }
}
