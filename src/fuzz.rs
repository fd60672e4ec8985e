//! Entry points for the fuzz targets (the `fuzz/` folder, run with cargo-fuzz) and for
//! the test that replays their corpus (`tests/suite/fuzz_corpus.rs`): each takes
//! arbitrary bytes, must never panic, and checks what must hold of its input surface,
//! panicking when it does not (which is what the fuzzer looks for).

use crate::facts::file;
use crate::model::{Actor, ActorClass, Level, Projection, Window};
use crate::projection::find_actor;

/// The facts-file reader: never panics; a file it accepts is exactly the file the
/// writer makes of what it read (the layout is canonical). The bytes are tried as they
/// are and with a correct checksum added, so that the layout checks behind the
/// checksum are reached too.
pub fn facts_file(data: &[u8]) {
    let mut summed = data.to_vec();
    summed.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
    for bytes in [data, summed.as_slice()] {
        if let Some(facts) = file::from_bytes(bytes, "g") {
            assert_eq!(file::to_bytes(&facts, "g"), bytes, "an accepted facts file is canonical");
        }
    }
}

/// Actor names as users type them: never panics, and a name found is an actor's.
pub fn actor_name(data: &[u8]) {
    let Ok(name) = std::str::from_utf8(data) else { return };
    let actor = |iri: &str, label: &str| Actor {
        iri: iri.into(),
        label: label.into(),
        class: ActorClass::State,
        member_of: vec![],
    };
    let actors = vec![
        actor("https://w3id.org/stancegraph/inf/Russia", "Russia"),
        actor("https://w3id.org/stancegraph/inf/UnitedStates", "United States"),
        actor("https://example.org/ß", "Straße ǅ İ"),
        actor("_:b0", ""),
    ];
    let p = Projection::from_parts(Level::Organization, Window::default(), actors, vec![], vec![], vec![]);
    if let Ok(id) = find_actor(&p, name) {
        assert!(id < p.actors.len());
    }
}

/// Dates of `--from` and `--to` (and of the data): never panics; a date read is a real
/// day of the calendar, written back it reads as itself, and it is how the text starts
/// (surrounding spaces aside; only a time-zone suffix may follow).
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(d) = crate::projection::parse_date(text) {
        let leap = d.year % 4 == 0 && (d.year % 100 != 0 || d.year % 400 == 0);
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        assert!((1..=12).contains(&d.month) && d.day >= 1 && d.day <= days[usize::from(d.month) - 1], "{d}");
        assert_eq!(crate::projection::parse_date(&d.to_string()).ok(), Some(d));
        let rest = text.trim().strip_prefix(&d.to_string()).unwrap_or_else(|| panic!("{text:?} read as {d}"));
        assert!(rest.is_empty() || rest == "Z" || rest.len() == 6, "{text:?}: {rest:?} after the date");
    }
}

/// Durations of `--timeout`: never panics; a duration read is more than zero and at
/// most a year, and written back (to the millisecond) it reads as itself.
pub fn duration(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(d) = crate::store::parse_duration(text) {
        assert!(d > std::time::Duration::ZERO && d.as_secs() <= 366 * 86_400, "{text:?}: {d:?}");
        let ms = std::time::Duration::from_millis(d.as_millis() as u64);
        if !ms.is_zero() {
            let written = crate::store::format_duration(ms);
            assert_eq!(crate::store::parse_duration(&written).ok(), Some(ms), "{text:?} written {written:?}");
        }
    }
}

/// The limits the query pre-check is fuzzed with: small, so that inputs of a few
/// kilobytes reach them.
const FUZZ_LIMITS: crate::store::QueryLimits =
    crate::store::QueryLimits { max_bytes: 4096, max_depth: 16, max_chain: 32 };

/// The stack the parser gets for a query the small limits let through: what the
/// default limits allow on [`crate::store::QueryLimits::STACK_BYTES`], scaled down
/// to the small limits with room to spare.
const FUZZ_STACK_BYTES: usize = 1 << 20;

/// The query pre-check: never panics, and a query it lets through is parsed (and its
/// parse tree dropped) within the stack its limits allow, so that no shape of query
/// the check does not count can exhaust the stack (an overflow aborts the fuzzer).
pub fn query_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if FUZZ_LIMITS.check(text).is_err() {
        return;
    }
    let text = text.to_owned();
    let parse = std::thread::Builder::new().stack_size(FUZZ_STACK_BYTES).spawn(move || {
        let _ = oxigraph::sparql::SparqlEvaluator::new().parse_query(&text);
    });
    parse.expect("a thread").join().expect("the parse ends");
}

/// The DNA statement-table importer: never panics, and the same table gives the same
/// quads every time (its IRIs are made deterministically), with a position's quads for
/// each position made.
pub fn dna_table(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(first) = crate::import::dna::read_flat_csv(text) {
        let again = crate::import::dna::read_flat_csv(text).expect("the same table reads again");
        assert_eq!(first, again, "the import is deterministic");
        assert!(first.quads.len() >= first.positions, "each position has its quads");
    }
}
