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
//! [`check`] reads every file once, checking every row and counting what will be made
//! and skipped, holding nothing of them; [`Checked::into_quads`] reads them again on a
//! thread of its own and hands the quads over in batches as they are made, so that a
//! million events load in bounded memory.

pub mod formats;
mod mapping;
pub mod tables;

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

/// Files checked by [`check`]: their layouts and what they will give.
pub struct Checked {
    files: Vec<(PathBuf, Reader)>,
    codes: Codes,
    /// What will be made and skipped, one line each.
    pub report: Vec<String>,
    /// Statements that will be made.
    pub statements: u64,
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

/// Reads and checks every file (see the [module documentation](self)), counting what
/// each gives; nothing is kept but the counts.
///
/// **Errors:** a file that cannot be read, is of no layout known here, or has a
/// malformed row: [`Error::BadInput`] naming the file, the line and the column.
pub fn check(paths: &[PathBuf], codes: Codes) -> Result<Checked> {
    if paths.is_empty() {
        return Err(Error::bad_input("no file to import: name one or more event files"));
    }
    let mut checked = Checked { files: Vec::new(), codes, report: Vec::new(), statements: 0 };
    for path in paths {
        let mut tally = Tally::default();
        let reader = for_each_event(path, |_, e| {
            tally.rows += 1;
            match classify(&checked.codes, e) {
                None => tally.no_actor += 1,
                Some((code, EventKind::Skip)) => *tally.skipped.entry(code).or_insert(0) += 1,
                Some((_, EventKind::Accusation)) => tally.accusations += 1,
                Some((_, EventKind::Endorsement)) => tally.endorsements += 1,
            }
        })?;
        checked.statements += tally.accusations + tally.endorsements;
        checked.report.extend(describe(path, reader.layout, &tally, &checked.codes));
        checked.files.push((path.clone(), reader));
    }
    Ok(checked)
}

impl Checked {
    /// The quads of the files, made on a thread of their own as they are read again
    /// (an error if a file changed meanwhile so that it no longer reads).
    pub fn into_quads(self) -> QuadStream {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Quad>>>(BATCHES_AHEAD);
        let thread = std::thread::spawn(move || {
            let mut mapper = Mapper::new();
            let mut batch = Vec::with_capacity(BATCH + 64);
            for (path, _) in &self.files {
                let read = for_each_event(path, |reader, e| {
                    match classify(&self.codes, e) {
                        Some((code, kind)) if kind != EventKind::Skip => {
                            mapper.event(reader.layout, kind, e, &code, &mut batch);
                        }
                        _ => {}
                    }
                    if batch.len() >= BATCH {
                        // A closed channel: the loader stopped; the rest is not wanted.
                        let _ = tx.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH + 64))));
                    }
                });
                if let Err(e) = read {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
            let _ = tx.send(Ok(batch));
        });
        QuadStream { rx, current: Vec::new().into_iter(), thread: Some(thread) }
    }

    /// Every quad, in a vector (for small files and tests).
    pub fn quads(self) -> Result<Vec<Quad>> {
        self.into_quads().collect()
    }
}

/// The quads of [`Checked::into_quads`], as they come.
pub struct QuadStream {
    rx: std::sync::mpsc::Receiver<Result<Vec<Quad>>>,
    current: std::vec::IntoIter<Quad>,
    /// The reading thread, joined when it has sent everything.
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Iterator for QuadStream {
    type Item = Result<Quad>;

    fn next(&mut self) -> Option<Result<Quad>> {
        loop {
            if let Some(quad) = self.current.next() {
                return Some(Ok(quad));
            }
            match self.rx.recv() {
                Ok(Ok(batch)) => self.current = batch.into_iter(),
                Ok(Err(e)) => return Some(Err(e)),
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
