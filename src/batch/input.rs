//! Batch input: a file or stdin, gzip-compressed or not, read a bounded line at a time.
use flate2::bufread::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Read buffer size.
const BUF: usize = 256 * 1024;
/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The UTF-8 byte order mark that Windows tools (Notepad, Excel's "CSV UTF-8", PowerShell 5's
/// `Out-File`) put at the start of a file. It is not part of the first line.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// An opened input, with what a progress bar needs to know about it.
pub struct Input {
    /// The decoded lines.
    pub reader: Box<dyn BufRead + Send>,
    /// Bytes read so far from the file or stdin (compressed bytes for gzip).
    pub read_bytes: Arc<AtomicU64>,
    /// Size of the file in the same unit, when known.
    pub size: Option<u64>,
    /// Whether the input is gzip-compressed.
    pub gzip: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("read_bytes", &self.read_bytes)
            .field("size", &self.size)
            .field("gzip", &self.gzip)
            .finish_non_exhaustive()
    }
}

/// Counts the bytes that pass through it.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Input {
    /// Opens `path`, or stdin for `-`. Gzip is recognised by a `.gz` extension or by the gzip
    /// magic bytes, and decoded on the fly (concatenated members too, as `pigz` and `cat a.gz
    /// b.gz` write them).
    pub fn open(path: &Path) -> io::Result<Input> {
        if path.as_os_str() == "-" {
            return Self::from_reader(io::stdin(), stdin_size(), false);
        }
        let f = File::open(path)?;
        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        let gz_ext = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        Self::from_reader(f, size, gz_ext)
    }

    /// Wraps any reader; `gzip` forces decompression, otherwise the magic bytes decide. A UTF-8
    /// byte order mark at the start of the (decoded) text is dropped; nothing else is.
    pub fn from_reader<R: Read + Send + 'static>(
        raw: R,
        size: Option<u64>,
        gzip: bool,
    ) -> io::Result<Input> {
        let read_bytes = Arc::new(AtomicU64::new(0));
        let mut buffered = BufReader::with_capacity(
            BUF,
            Counting {
                inner: raw,
                count: read_bytes.clone(),
            },
        );
        let magic = take_matching(&mut buffered, &GZIP_MAGIC)?;
        let gzip = gzip || magic == GZIP_MAGIC;
        // The magic bytes are given back: the decoder reads them too.
        let raw = unread(magic, Box::new(buffered));
        let mut reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(raw)))
        } else {
            raw
        };
        let bom = take_matching(&mut reader, BOM)?;
        if bom != BOM {
            reader = unread(bom, reader);
        }
        Ok(Input {
            reader,
            read_bytes,
            size,
            gzip,
        })
    }

    /// Reads up to the end of the first non-blank line (at most `limit` bytes of it) and puts
    /// what it read back in front of the reader, so that line numbers stay the same. Returns
    /// that line without its terminator, if there is one.
    pub fn peek_first_line(&mut self, limit: usize) -> io::Result<Option<String>> {
        let mut blank_lines = 0u64;
        let mut line = Vec::new();
        let mut first = None;
        loop {
            let avail = loop {
                match self.reader.fill_buf() {
                    Ok(b) => break b,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if avail.is_empty() {
                if !is_blank(&line) {
                    first = Some(String::from_utf8_lossy(&line).into_owned());
                }
                break;
            }
            let (used, newline) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            line.extend_from_slice(&avail[..used]);
            self.reader.consume(used);
            if newline {
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                if !is_blank(text) {
                    first = Some(String::from_utf8_lossy(text).into_owned());
                    break;
                }
                // A blank line is given back as a bare newline: it is skipped all the same.
                blank_lines += 1;
                line.clear();
            } else if line.len() >= limit {
                first = Some(String::from_utf8_lossy(&line).into_owned());
                break;
            }
        }
        let rest = std::mem::replace(&mut self.reader, Box::new(io::empty()));
        self.reader = Box::new(
            BufReader::new(io::repeat(b'\n').take(blank_lines))
                .chain(io::Cursor::new(line))
                .chain(rest),
        );
        Ok(first)
    }
}

/// Whether a line is blank (only white space), as the batch runner decides it.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty())
}

/// Consumes the bytes at the start of `r` for as long as they agree with `want`, at most
/// `want.len()` of them, and returns them (all of `want` if it is there). The first bytes may
/// come in more than one read (a pipe), so a short read does not decide.
fn take_matching<R: BufRead + ?Sized>(r: &mut R, want: &[u8]) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(want.len());
    while head.len() < want.len() {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let Some(&b) = avail.first() else {
            break;
        };
        if b != want[head.len()] {
            break;
        }
        head.push(b);
        r.consume(1);
    }
    Ok(head)
}

/// `head` (bytes taken from the front of `rest`) put back in front of it. Most inputs start with
/// neither gzip's magic nor a mark, so nothing was taken and every later read goes straight to
/// `rest`.
fn unread(head: Vec<u8>, rest: Box<dyn BufRead + Send>) -> Box<dyn BufRead + Send> {
    if head.is_empty() {
        rest
    } else {
        Box::new(io::Cursor::new(head).chain(rest))
    }
}

/// The size of stdin when it is a regular file (`geostance score < big.jsonl`).
fn stdin_size() -> Option<u64> {
    std::fs::metadata("/dev/stdin")
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// Reads one line into `buf` without its terminator (`\n` or `\r\n`), keeping at most `limit`
/// bytes of it: the rest of a longer line is read and dropped. Returns `None` at the end of the
/// input, otherwise whether the line was longer than `limit`.
pub fn read_line_bounded<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut seen = 0usize;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (part, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        if buf.len() < limit {
            let take = part.len().min(limit - buf.len());
            buf.extend_from_slice(&part[..take]);
        }
        seen += part.len();
        r.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if seen <= limit && buf.last() == Some(&b'\r') {
        buf.pop();
        seen -= 1;
    }
    Ok(Some(seen > limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn lines(data: &[u8], limit: usize) -> Vec<(String, bool)> {
        let mut r = io::Cursor::new(data.to_vec());
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(over) = read_line_bounded(&mut r, &mut buf, limit).unwrap() {
            out.push((String::from_utf8_lossy(&buf).into_owned(), over));
        }
        out
    }

    #[test]
    fn bounded_lines() {
        let got = lines(b"ab\r\ncdefgh\n\nxyz", 4);
        let want = [("ab", false), ("cdef", true), ("", false), ("xyz", false)];
        assert_eq!(
            got,
            want.map(|(s, b)| (s.to_string(), b)).to_vec(),
            "CRLF stripped, long line cut and flagged, blank kept, last line without newline"
        );
        assert!(lines(b"", 4).is_empty());
        assert_eq!(lines(b"\n", 4), [(String::new(), false)]);
    }

    /// A reader that hands out one byte per read, as a slow pipe may.
    struct Trickle(io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    fn read_all(data: &[u8], gzip: bool, trickle: bool) -> Vec<u8> {
        let data = if gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        } else {
            data.to_vec()
        };
        let mut input = if trickle {
            Input::from_reader(Trickle(io::Cursor::new(data)), None, false)
        } else {
            Input::from_reader(io::Cursor::new(data), None, false)
        }
        .unwrap();
        let mut all = Vec::new();
        input.reader.read_to_end(&mut all).unwrap();
        all
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_dropped_and_nothing_else() {
        for gzip in [false, true] {
            for trickle in [false, true] {
                let how = format!("gzip {gzip}, one byte a read {trickle}");
                assert_eq!(
                    read_all(b"\xef\xbb\xbf{\"id\": 1}\n", gzip, trickle),
                    b"{\"id\": 1}\n",
                    "{how}"
                );
                assert_eq!(read_all(b"\xef\xbb\xbf", gzip, trickle), b"", "{how}");
                // Not a mark, or a mark that is not at the start: every byte is kept.
                for kept in [
                    &b"\xef\xbb{}\n"[..],
                    b"\xef",
                    b"",
                    b"ab",
                    b"{}\n\xef\xbb\xbf{}\n",
                    "\u{feff}".repeat(2).as_bytes(),
                ] {
                    let want = if kept.starts_with(BOM) {
                        &kept[BOM.len()..]
                    } else {
                        kept
                    };
                    assert_eq!(read_all(kept, gzip, trickle), want, "{how}: {kept:?}");
                }
            }
        }
    }

    #[test]
    fn gzip_by_magic_and_peek_keeps_everything() {
        let plain = b"\n  \n{\"id\": 1}\nsecond\n".to_vec();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&plain).unwrap();
        let gz = enc.finish().unwrap();
        for (data, is_gz) in [(plain.clone(), false), (gz, true)] {
            let size = data.len() as u64;
            let mut input = Input::from_reader(io::Cursor::new(data), Some(size), false).unwrap();
            assert_eq!(input.gzip, is_gz);
            assert_eq!(
                input.peek_first_line(1 << 20).unwrap().as_deref(),
                Some("{\"id\": 1}")
            );
            let mut all = Vec::new();
            input.reader.read_to_end(&mut all).unwrap();
            assert_eq!(
                all, b"\n\n{\"id\": 1}\nsecond\n",
                "peeking gives back what it read, blank lines as bare newlines"
            );
            assert_eq!(input.read_bytes.load(Ordering::Relaxed), size);
        }
    }
}
