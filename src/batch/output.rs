//! Batch output: a file or stdout; `--resume` continues a file after its last complete line.
//! A file named `*.gz` is written as gzip, one member per flush (the runner flushes after every
//! chunk), so that a job killed mid-chunk leaves whole members and at most one cut-short one.
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
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
    /// Bytes of a partial last line (a write cut short) that were dropped; for gzip output,
    /// of a cut-short last member.
    pub truncated: u64,
    /// The output is gzip.
    pub gzip: bool,
}

/// Whether output to `path` is gzip: its name ends in `.gz`.
pub fn is_gzip_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Opens the output: stdout for `-`; a new (or emptied) file, gzip if its name ends in `.gz`;
/// or with `resume`, an existing file after its last complete line (a partial last line, or a
/// cut-short last gzip member, is cut off), to append to.
pub fn open_output(path: &Path, resume: bool) -> io::Result<(Box<dyn Write + Send>, Resumed)> {
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
    let gzip = is_gzip_path(path);
    let (f, resumed) = if !resume || !path.exists() {
        (
            File::create(path)?,
            Resumed {
                gzip,
                ..Resumed::default()
            },
        )
    } else {
        let resumed = if gzip {
            truncate_to_complete_members(path)?
        } else {
            truncate_to_complete_lines(path)?
        };
        (OpenOptions::new().append(true).open(path)?, resumed)
    };
    let w = BufWriter::with_capacity(BUF, f);
    Ok(if gzip {
        (Box::new(GzMembers::new(w)), resumed)
    } else {
        (Box::new(w), resumed)
    })
}

/// Writes gzip, ending the member at every `flush` (the next write starts a new one); a drop
/// ends an open member too. Concatenated members are one gzip file to `gzip -d`, `zcat` and
/// every reader that follows the format (RFC 1952), `geostance`'s own input included.
pub struct GzMembers<W: Write> {
    /// The writer, while no member is open.
    idle: Option<W>,
    member: Option<GzEncoder<W>>,
}

impl<W: Write> GzMembers<W> {
    pub fn new(w: W) -> Self {
        GzMembers {
            idle: Some(w),
            member: None,
        }
    }

    fn lost() -> io::Error {
        io::Error::other("the gzip output failed earlier; nothing more can be written")
    }
}

impl<W: Write> Write for GzMembers<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.member.is_none() {
            // Level 1: compressing must not slow the job; `gzip -9` can shrink it later.
            let w = self.idle.take().ok_or_else(Self::lost)?;
            self.member = Some(GzEncoder::new(w, Compression::fast()));
        }
        self.member.as_mut().ok_or_else(Self::lost)?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(m) = self.member.take() {
            self.idle = Some(m.finish()?);
        }
        self.idle.as_mut().ok_or_else(Self::lost)?.flush()
    }
}

impl<W: Write> Drop for GzMembers<W> {
    fn drop(&mut self) {
        if self.member.is_some() {
            let _ = self.flush();
        }
    }
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
    cut_to(
        &f,
        end,
        Resumed {
            lines,
            errors,
            truncated: end - complete_end,
            gzip: false,
        },
    )
}

/// Cuts `f`, `len` bytes long, to what `kept` keeps (all but its `truncated` bytes).
fn cut_to(f: &File, len: u64, kept: Resumed) -> io::Result<Resumed> {
    if kept.truncated > 0 {
        f.set_len(len - kept.truncated)?;
        f.sync_all()?;
    }
    Ok(kept)
}

/// A reader that counts the bytes consumed through it.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        self.inner.consume(n);
    }
}

/// [`truncate_to_complete_lines`] for gzip output: keeps the whole members whose lines are all
/// complete (as [`GzMembers`] writes them, one chunk each) and cuts off the rest, which a
/// kill mid-chunk leaves cut short. A file that does not start as gzip is refused rather than
/// cut: it is not output this could have written.
pub fn truncate_to_complete_members(path: &Path) -> io::Result<Resumed> {
    let f = OpenOptions::new().read(true).write(true).open(path)?;
    let mut r = Counted {
        inner: BufReader::with_capacity(BUF, &f),
        pos: 0,
    };
    let head = r.fill_buf()?;
    if head.len() >= 2 && !head.starts_with(&[0x1f, 0x8b]) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "cannot resume: the file is named .gz but is not gzip (written by an older \
             geostance, or by something else?); move it away or resume into another name",
        ));
    }
    let (mut lines, mut errors, mut complete_end) = (0usize, 0usize, 0u64);
    let mut line = Vec::new();
    while !r.fill_buf()?.is_empty() {
        let mut member = BufReader::new(flate2::bufread::GzDecoder::new(&mut r));
        let (mut l, mut e) = (0usize, 0usize);
        let whole = loop {
            line.clear();
            match member.read_until(b'\n', &mut line) {
                Ok(0) => break true,
                Ok(_) if line.last() == Some(&b'\n') => {
                    l += 1;
                    if is_error_record(&line) {
                        e += 1;
                    }
                }
                // A cut-short member, or a last line without its newline.
                Ok(_) | Err(_) => break false,
            }
        };
        drop(member);
        if !whole {
            break;
        }
        lines += l;
        errors += e;
        complete_end = r.pos;
    }
    let len = f.metadata()?.len();
    drop(r);
    cut_to(
        &f,
        len,
        Resumed {
            lines,
            errors,
            truncated: len - complete_end,
            gzip: true,
        },
    )
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

    fn gunzip(bytes: &[u8]) -> String {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn gzip_output_is_one_member_a_flush_and_resumes_after_any_cut() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.jsonl.gz");
        let chunks = [
            "{\"id\":\"a\",\"targets\":[]}\n{\"id\":\"b\",\"line\":2,\"error\":\"bad\"}\n",
            "{\"id\":\"c\",\"targets\":[]}\n",
            "{\"id\":\"d\",\"targets\":[]}\n{\"id\":\"e\",\"targets\":[]}\n",
        ];
        let (mut w, r) = open_output(&p, false).unwrap();
        assert!(r.gzip);
        // Where each member ends, and the lines before it.
        let mut ends = Vec::new();
        for (k, c) in chunks.iter().enumerate() {
            w.write_all(c.as_bytes()).unwrap();
            w.flush().unwrap();
            let lines = chunks[..=k].concat().lines().count();
            ends.push((std::fs::metadata(&p).unwrap().len(), lines));
        }
        drop(w);
        let full = std::fs::read(&p).unwrap();
        assert_eq!(gunzip(&full), chunks.concat());
        assert_eq!(
            full.len() as u64,
            ends[2].0,
            "a drop after a flush writes nothing more"
        );
        for cut in 0..=full.len() {
            std::fs::write(&p, &full[..cut]).unwrap();
            let r = truncate_to_complete_members(&p).unwrap();
            // What is kept is the members that end at or before the cut.
            let (kept, lines) = ends
                .iter()
                .rev()
                .find(|(end, _)| *end <= cut as u64)
                .copied()
                .unwrap_or((0, 0));
            assert_eq!(
                (r.lines, r.truncated),
                (lines, cut as u64 - kept),
                "cut at {cut}"
            );
            assert_eq!(r.errors, usize::from(lines >= 2), "cut at {cut}");
            assert_eq!(std::fs::metadata(&p).unwrap().len(), kept);
            // Appending the rest gives the whole output.
            let (mut w, _) = open_output(&p, true).unwrap();
            let rest: String = chunks.concat().split_inclusive('\n').skip(lines).collect();
            w.write_all(rest.as_bytes()).unwrap();
            w.flush().unwrap();
            drop(w);
            assert_eq!(
                gunzip(&std::fs::read(&p).unwrap()),
                chunks.concat(),
                "cut at {cut}"
            );
        }
        // Not gzip: refused, and left as it is.
        std::fs::write(&p, "{\"id\":\"a\"}\n").unwrap();
        let err = open_output(&p, true).err().unwrap();
        assert!(err.to_string().contains("is not gzip"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"id\":\"a\"}\n");
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
