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
