//! Coded event data: ICEWS, ICEWS18-style and GDELT 1.0/2.0 event files, whose
//! accusing and endorsing events become `sg:Accusation`s and `sg:Endorsement`s.
//!
//! # Input
//!
//! Tab-separated text, one event a line, UTF-8; the layout is told by the first line
//! ([`formats`]): an ICEWS header (`Event ID`, `Event Date`, `Source Name`, `Source
//! Sectors`, `Source Country`, `CAMEO Code`, `Target Name`, `Target Sectors`, `Target
//! Country`, `Story ID`, optionally `Publisher`, in any order among others), an
//! ICEWS18-style header (`date`, `subject`, `relation`, `object`, `subject_group`,
//! `object_group`), or no header and 57 or 58 columns (GDELT 1.0) or 61 (GDELT 2.0) in
//! GDELT's fixed order. Anything else is an error naming the file and line and what
//! was expected, as is a row with another number of columns, a bad date or a CAMEO
//! code that is not 2-4 digits. Codes stay text: `051` is never `51`.
//!
//! # Mapping
//!
//! The CAMEO code of a row (for ICEWS18, the code whose name in the CAMEO table is the
//! relation text) says what it becomes ([`tables::Codes`]): 111, 112 and 1121-1125 an
//! accusation of the target, 051-053 an endorsement of the target, unless a CSV of
//! `code,kind` lines says otherwise; every other row is skipped and counted by code.
//!
//! | field | RDF |
//! |---|---|
//! | the event | `<ns>event/icews/ID`, `event/gdelt/ID`, `event/icews18/DATE/SUBJECT/CODE/OBJECT/N` (N: the how-manieth such row), `a sg:Accusation` or `sg:Endorsement`, `sg:cameoCode` the code |
//! | source actor | `sg:speaker` |
//! | target actor | `sg:accused` / `sg:endorsed` |
//! | date (ICEWS `Event Date`, ICEWS18 `date`, GDELT `SQLDATE`) | `sg:date`, an `xsd:date` |
//! | ICEWS `Story ID`, `Publisher` | `sg:source` `document/icews/STORY` (`document/icews/event/ID` without a story), `a sg:Document, sg:EventRecord`, `rdfs:label`, `dcterms:date`, `dcterms:publisher` |
//! | GDELT `SOURCEURL` | `sg:source` the URL itself as the document (or `document/gdelt/ID` without one) |
//! | ICEWS18 (no document) | `sg:source` `document/icews18/DATE`, the day's events |
//!
//! No quote: event data has none, and its documents are `sg:EventRecord`s, for which
//! `validate` expects none. Actors: a country (ICEWS: the country column, by name;
//! GDELT: the country code; ICEWS18: the group) is a state `state/CODE` (`sg:State`,
//! labelled by GDELT's country table), or for an ICEWS18 group that is no country (the
//! EU, NATO) `organization/NAME` (`sg:Organization`). An actor named as its country
//! (ICEWS `Russia` in the Russian Federation), or whose GDELT code is the country code,
//! is the state itself. Others are `actor/CODE/NAME` (`actor/NAME` without a country):
//! `sg:Organization` when the name is a sector of a country (`Foreign Affairs
//! (Russia)`) or GDELT gives a type, else `sg:Actor`, and `sg:represents` the state
//! when the row says it acts for it: ICEWS sectors including `Government`, GDELT types
//! GOV, MIL, LEG, JUD, COP, SPY, every ICEWS18 group member. Keys are percent-encoded
//! ([`crate::vocab::percent_encode`]), `<ns>` is [`crate::vocab::EVENTS_NS`]: the same
//! file gives the same IRIs.
//!
//! # Streaming
//!
//! [`check`] finds every file's layout from its first line; [`Checked::into_quads`]
//! reads the rows on a thread of their own, checking each, and hands the quads over in
//! batches as they are made, so that a million events load in bounded memory in one
//! pass. The loader commits nothing until the last quad (the first malformed row ends
//! the quads with its error, and the load with nothing loaded).

pub mod formats;
mod mapping;
pub mod tables;

use super::QuadSource;
use crate::error::{Error, Result};
use formats::{Action, Event, Layout, Reader};
use mapping::Mapper;
use oxigraph::model::Quad;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use tables::{Codes, EventKind};

/// Quads handed from the reading thread at a time.
const BATCH: usize = 8192;
/// Batches the reading thread may be ahead of the loader.
const BATCHES_AHEAD: usize = 16;

/// Files whose layouts [`check`] found.
pub struct Checked {
    files: Vec<PathBuf>,
    codes: Codes,
}

/// What one file holds, counted.
#[derive(Default)]
struct Tally {
    rows: u64,
    accusations: u64,
    endorsements: u64,
    /// Rows skipped, by code (or, for ICEWS18, relation text not in the table).
    skipped: HashMap<String, u64>,
    /// Rows skipped for want of a source or a target actor.
    no_actor: u64,
}

/// Finds the layout of every file from its first line (see the [module
/// documentation](self)); the rows are checked as [`Checked::into_quads`] reads them.
///
/// **Errors:** a file that cannot be read or is of no layout known here:
/// [`Error::BadInput`] naming the file and what was expected.
pub fn check(paths: &[PathBuf], codes: Codes) -> Result<Checked> {
    if paths.is_empty() {
        return Err(Error::bad_input("no file to import: name one or more event files"));
    }
    for path in paths {
        layout_of(path)?;
    }
    Ok(Checked { files: paths.to_vec(), codes })
}

/// What the reading thread sends.
enum Message {
    Quads(Vec<Quad>),
    /// The report, once every row was read.
    Done(Vec<String>),
    Failed(Error),
}

impl Checked {
    /// The quads of the files, made on a thread of their own as the rows are read and
    /// checked, handed over in batches; the first malformed row ends them with its
    /// error. [`QuadSource::report`] says what was made and skipped once all are read.
    pub fn into_quads(self) -> QuadStream {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(BATCHES_AHEAD);
        let thread = std::thread::spawn(move || {
            let mut mapper = Mapper::new();
            let mut batch = Vec::with_capacity(BATCH + 64);
            let mut report = Vec::new();
            for path in &self.files {
                let mut tally = Tally::default();
                let read = for_each_event(path, |reader, e| {
                    tally.rows += 1;
                    match classify(&self.codes, e) {
                        None => tally.no_actor += 1,
                        Some((code, EventKind::Skip)) => *tally.skipped.entry(code).or_insert(0) += 1,
                        Some((code, kind)) => {
                            tally.count(kind);
                            mapper.event(reader.layout, kind, e, &code, &mut batch);
                        }
                    }
                    if batch.len() >= BATCH {
                        // A closed channel: the loader stopped; the rest is not wanted.
                        let _ = tx.send(Message::Quads(std::mem::replace(
                            &mut batch,
                            Vec::with_capacity(BATCH + 64),
                        )));
                    }
                });
                match read {
                    Ok(reader) => report.extend(describe(path, reader.layout, &tally, &self.codes)),
                    Err(e) => {
                        let _ = tx.send(Message::Failed(e));
                        return;
                    }
                }
            }
            let _ = tx.send(Message::Quads(batch));
            let _ = tx.send(Message::Done(report));
        });
        QuadStream { rx, current: Vec::new().into_iter(), thread: Some(thread), report: Vec::new() }
    }

    /// Every quad, in a vector, and the report (for small files and tests).
    pub fn read_all(self) -> Result<(Vec<Quad>, Vec<String>)> {
        let mut stream = self.into_quads();
        let quads = stream.by_ref().collect::<Result<Vec<Quad>>>()?;
        Ok((quads, stream.report()))
    }
}

/// The quads of [`Checked::into_quads`], as they come.
pub struct QuadStream {
    rx: std::sync::mpsc::Receiver<Message>,
    current: std::vec::IntoIter<Quad>,
    /// The reading thread, joined when it has sent everything.
    thread: Option<std::thread::JoinHandle<()>>,
    report: Vec<String>,
}

impl Iterator for QuadStream {
    type Item = Result<Quad>;

    fn next(&mut self) -> Option<Result<Quad>> {
        loop {
            if let Some(quad) = self.current.next() {
                return Some(Ok(quad));
            }
            match self.rx.recv() {
                Ok(Message::Quads(batch)) => self.current = batch.into_iter(),
                Ok(Message::Done(report)) => self.report = report,
                Ok(Message::Failed(e)) => return Some(Err(e)),
                // The thread is done: it ended well, or a panic must not pass for the end.
                Err(_) => {
                    let ended = self.thread.take().map(std::thread::JoinHandle::join)?;
                    return ended
                        .err()
                        .map(|_| Err(Error::bad_input("reading the event files failed (a panic)")));
                }
            }
        }
    }
}

impl QuadSource for QuadStream {
    fn report(&mut self) -> Vec<String> {
        std::mem::take(&mut self.report)
    }
}

impl Tally {
    fn count(&mut self, kind: EventKind) {
        match kind {
            EventKind::Accusation => self.accusations += 1,
            EventKind::Endorsement => self.endorsements += 1,
            EventKind::Skip => {}
        }
    }
}

/// The code of an event and what it becomes; for ICEWS18, a relation text not in the
/// table is returned as itself, in quotes, and skipped. An event without a source or a
/// target actor (GDELT leaves out an actor the article does not name) is skipped,
/// whatever its code: `None`.
fn classify(codes: &Codes, e: &Event<'_>) -> Option<(String, EventKind)> {
    if e.source.name.is_empty() || e.target.name.is_empty() {
        return None;
    }
    Some(match e.action {
        Action::Code(code) => (code.to_owned(), codes.kind(code)),
        Action::Text(text) => match codes.code_named(text) {
            Some(code) => (code.to_owned(), codes.kind(code)),
            None => (format!("{text:?}"), EventKind::Skip),
        },
    })
}

/// The layout of a file, from its first line that is not blank.
fn layout_of(path: &Path) -> Result<Reader> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut input = BufReader::new(file);
    let mut bytes = Vec::new();
    while input.read_until(b'\n', &mut bytes).map_err(|e| Error::io(path, e))? > 0 {
        let text = String::from_utf8_lossy(&bytes);
        if !text.trim().is_empty() {
            return Reader::detect(path, text.trim_end_matches(['\n', '\r']));
        }
        bytes.clear();
    }
    Err(Error::bad_input(format!("{}: no events: the file is empty", path.display())))
}

/// Calls `f` with every event of a file, in order; returns the file's layout.
fn for_each_event(path: &Path, mut f: impl FnMut(&Reader, &Event<'_>)) -> Result<Reader> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let mut bytes = Vec::new();
    let mut reader: Option<Reader> = None;
    let mut line = 0;
    loop {
        bytes.clear();
        if input.read_until(b'\n', &mut bytes).map_err(|e| Error::io(path, e))? == 0 {
            break;
        }
        line += 1;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| Error::bad_input(format!("{} line {line}: not UTF-8 text ({e})", path.display())))?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        let r = match &reader {
            Some(r) => r,
            None => {
                let r = reader.insert(Reader::detect(path, text)?);
                if r.layout.has_header() {
                    continue;
                }
                r
            }
        };
        f(r, &r.event(path, line, text)?);
    }
    reader.ok_or_else(|| Error::bad_input(format!("{}: no events: the file is empty", path.display())))
}

/// The report lines of a file.
fn describe(path: &Path, layout: Layout, tally: &Tally, codes: &Codes) -> Vec<String> {
    let skipped: u64 = tally.skipped.values().sum::<u64>() + tally.no_actor;
    let mut lines = vec![format!(
        "{}: {}, {} row(s): {} accusation(s), {} endorsement(s), {} skipped",
        path.display(),
        layout.name(),
        tally.rows,
        tally.accusations,
        tally.endorsements,
        skipped
    )];
    let mut by_code: Vec<(&String, &u64)> = tally.skipped.iter().collect();
    by_code.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !by_code.is_empty() {
        let list: Vec<String> = by_code
            .iter()
            .map(|(code, n)| match codes.name(code) {
                Some(name) => format!("{code} {name} {n}"),
                None => format!("{code} {n}"),
            })
            .collect();
        lines.push(format!("  skipped by code (not mapped): {}", list.join("; ")));
    }
    if tally.no_actor > 0 {
        lines.push(format!("  skipped without a source or a target actor: {}", tally.no_actor));
    }
    lines
}
