//! The facts file: [`Facts`] on disk beside a persistent store, marked with the
//! generation it belongs to.
//!
//! Layout (integers little-endian `u64` unless said): the magic line
//! `stancegraph facts v4\n`; the generation (length, bytes); the term spellings as one
//! string (length, bytes) and the end of each (count, then one offset per term); the
//! triples (count, then `[property, subject, object]` as three `u32` each); last, the
//! CRC-32 of every byte before it (`u32`). The file is untrusted input: a reader that
//! finds anything else (another magic, another generation, a damaged length, a wrong
//! checksum, trailing bytes) treats the file as absent, and the facts are read again
//! from the store.

use super::{Facts, Names, Prop};
use crate::error::{Error, Result};
use std::io::{BufWriter, Read, Write};
use std::path::Path;

/// Name of the facts file inside a persistent store's directory.
pub const CACHE_FILE: &str = "stancegraph-facts.bin";

const MAGIC: &[u8] = b"stancegraph facts v4\n";

/// The facts file in `dir`, if there is one and it belongs to `generation`.
pub fn read(dir: &Path, generation: &str) -> Result<Option<Facts>> {
    let path = dir.join(CACHE_FILE);
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    decode(std::io::BufReader::with_capacity(1 << 16, file), generation).map_err(|e| Error::io(path, e))
}

/// Facts from the bytes of a facts file, if they are one that belongs to `generation`
/// (the file read from memory, as [`read`] reads it from disk).
pub fn from_bytes(bytes: &[u8], generation: &str) -> Option<Facts> {
    decode(bytes, generation).ok().flatten()
}

/// The bytes of the facts file of `facts`, marked with `generation`, as [`write`]
/// writes them.
pub fn to_bytes(facts: &Facts, generation: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    encode(facts, generation, &mut bytes).expect("writing into memory cannot fail");
    bytes
}

/// Writes the facts file into the directory `dir`, marked with `generation`:
/// atomically (a temporary file of this process renamed into place, so that readers
/// may write it side by side).
pub fn write(facts: &Facts, dir: &Path, generation: &str) -> Result<()> {
    let path = dir.join(CACHE_FILE);
    let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
    let io = |e| Error::io(&tmp, e);
    let mut file = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).map_err(io)?);
    encode(facts, generation, &mut file).map_err(io)?;
    file.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// A reader or writer that sums every byte passing through it.
struct Summed<T> {
    inner: T,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Summed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

/// Writes the file's bytes, the checksum last.
fn encode(facts: &Facts, generation: &str, out: &mut impl Write) -> std::io::Result<()> {
    let mut w = Summed { inner: out, crc: crc32fast::Hasher::new() };
    w.write_all(MAGIC)?;
    write_bytes(&mut w, generation.as_bytes())?;
    write_bytes(&mut w, facts.names.text.as_bytes())?;
    w.write_all(&(facts.names.ends.len() as u64).to_le_bytes())?;
    for end in &facts.names.ends {
        w.write_all(&(*end as u64).to_le_bytes())?;
    }
    w.write_all(&(facts.triples.len() as u64).to_le_bytes())?;
    for t in &facts.triples {
        for x in t {
            w.write_all(&x.to_le_bytes())?;
        }
    }
    let Summed { inner, crc } = w;
    inner.write_all(&crc.finalize().to_le_bytes())
}

fn write_bytes(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// `n` bytes, or `None` when the input ends first. Reserves what the length says only
/// within reason: a damaged length must not allocate gigabytes before the short read
/// shows it is wrong.
fn bytes(r: &mut impl Read, n: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(n.min(1 << 30));
    r.by_ref().take(n as u64).read_to_end(&mut buf)?;
    Ok((buf.len() == n).then_some(buf))
}

fn length(r: &mut impl Read) -> std::io::Result<Option<usize>> {
    Ok(bytes(r, 8)?.and_then(|b| usize::try_from(u64::from_le_bytes(b.try_into().ok()?)).ok()))
}

/// Parses a facts file; `None` when it is not one, is damaged, or its generation
/// differs. Reads each part straight into its buffer (the file holds every fact: a
/// copy of it would double what a large store's analyses need), summing the bytes as
/// they pass.
fn decode(r: impl Read, generation: &str) -> std::io::Result<Option<Facts>> {
    macro_rules! some {
        ($e:expr) => {
            match $e {
                Some(v) => v,
                None => return Ok(None),
            }
        };
    }
    let mut r = Summed { inner: r, crc: crc32fast::Hasher::new() };
    if some!(bytes(&mut r, MAGIC.len())?) != MAGIC {
        return Ok(None);
    }
    let n = some!(length(&mut r)?);
    if n != generation.len() || some!(bytes(&mut r, n)?) != generation.as_bytes() {
        return Ok(None);
    }
    let n = some!(length(&mut r)?);
    let text = some!(String::from_utf8(some!(bytes(&mut r, n)?)).ok());
    let n = some!(length(&mut r)?);
    let ends = some!(decode_ends(&some!(bytes(&mut r, some!(n.checked_mul(8)))?), &text));
    let m = some!(length(&mut r)?);
    let raw_triples = some!(bytes(&mut r, some!(m.checked_mul(12)))?);
    let Summed { inner: mut r, crc } = r;
    let stored = some!(bytes(&mut r, 4)?);
    if stored != crc.finalize().to_le_bytes() || r.read(&mut [0u8])? != 0 {
        return Ok(None); // damaged, or trailing bytes
    }
    let triples = some!(decode_triples(&raw_triples, n));
    Ok(Some(Facts { names: Names { text, ends }, triples }))
}

/// The end offsets of the spellings: within the text, on character boundaries, the
/// last at its end, and the spellings in strictly increasing order (ids compare as
/// spellings do, and lookups search them by halving).
fn decode_ends(raw: &[u8], text: &str) -> Option<Vec<usize>> {
    let mut ends = Vec::with_capacity(raw.len() / 8);
    let (mut start, mut previous) = (0, None);
    for chunk in raw.chunks_exact(8) {
        let end = usize::try_from(u64::from_le_bytes(chunk.try_into().ok()?)).ok()?;
        if end < start || end > text.len() || !text.is_char_boundary(end) {
            return None;
        }
        let spelling = &text[start..end];
        if previous.is_some_and(|p: &str| p >= spelling) {
            return None;
        }
        ends.push(end);
        (start, previous) = (end, Some(spelling));
    }
    (start == text.len()).then_some(ends)
}

/// The triples, every property and term id in range, in strictly increasing order (the
/// triples of a property are found by halving).
fn decode_triples(raw: &[u8], terms: usize) -> Option<Vec<[u32; 3]>> {
    let mut triples: Vec<[u32; 3]> = Vec::with_capacity(raw.len() / 12);
    for chunk in raw.chunks_exact(12) {
        let word = |i: usize| u32::from_le_bytes([chunk[i], chunk[i + 1], chunk[i + 2], chunk[i + 3]]);
        let t = [word(0), word(4), word(8)];
        if t[0] as usize >= Prop::ALL.len() || t[1] as usize >= terms || t[2] as usize >= terms {
            return None;
        }
        if triples.last().is_some_and(|last| *last >= t) {
            return None;
        }
        triples.push(t);
    }
    Some(triples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::FactsBuilder;

    #[test]
    fn file_round_trips_and_other_generations_or_damage_read_as_absent() {
        let mut b = FactsBuilder::default();
        b.push(Prop::Speaker, "s1", "a");
        b.push(Prop::Speaker, "s1", "a");
        b.push(Prop::Label, "a", "\"\nA");
        let facts = b.finish();
        assert_eq!(facts.len(), 2);
        let dir = tempfile::tempdir().unwrap();
        write(&facts, dir.path(), "g1").unwrap();
        let back = read(dir.path(), "g1").unwrap().expect("a current facts file");
        let pairs: Vec<(String, String)> =
            back.pairs(Prop::Speaker).map(|(s, o)| (back.name(s).into(), back.name(o).into())).collect();
        assert_eq!(pairs, vec![("s1".to_owned(), "a".to_owned())]);
        assert_eq!(back.pairs(Prop::Label).count(), 1);
        assert!(read(dir.path(), "g2").unwrap().is_none(), "another generation's file is not used");
        std::fs::write(dir.path().join(CACHE_FILE), b"stancegraph facts v4\n\x05").unwrap();
        assert!(read(dir.path(), "g1").unwrap().is_none(), "nor a damaged one");
        assert!(read(&dir.path().join("missing"), "g1").unwrap().is_none());
    }

    /// Every byte of the file changed, and the file cut anywhere or lengthened, reads as
    /// absent: a change that keeps the layout valid (a letter of a spelling, an id within
    /// range) is caught by the checksum alone.
    #[test]
    fn every_damaged_byte_truncation_or_addition_reads_as_absent() {
        let mut b = FactsBuilder::default();
        b.push(Prop::Speaker, "s1", "a");
        b.push(Prop::Accused, "s1", "b");
        let facts = b.finish();
        let dir = tempfile::tempdir().unwrap();
        write(&facts, dir.path(), "g").unwrap();
        let path = dir.path().join(CACHE_FILE);
        let good = std::fs::read(&path).unwrap();
        let read_back = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            read(dir.path(), "g").unwrap()
        };
        assert!(read_back(&good).is_some());
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert!(
                read_back(&bad).is_none(),
                "byte {i} of {} changed, yet the file was believed",
                good.len()
            );
        }
        for cut in 0..good.len() {
            assert!(read_back(&good[..cut]).is_none(), "cut at {cut}, yet the file was believed");
        }
        let longer = [good.as_slice(), b"x"].concat();
        assert!(read_back(&longer).is_none(), "a trailing byte");
        // A letter of a spelling changed ('a' to 'b' swaps the actors of the triples):
        // the layout stays valid and only the checksum tells.
        let text_at = good.windows(4).position(|w| w == b"abs1").expect("the spellings, sorted");
        let mut swapped = good.clone();
        swapped[text_at] = b'b';
        swapped[text_at + 1] = b'a';
        assert!(read_back(&swapped).is_none(), "a hand-edited spelling");
    }
}
