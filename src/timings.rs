//! Phase timings for benchmarks (`--timings`): when switched on, each timed phase of a
//! command (opening the store, reading the facts, the projection, the signed graph, the
//! communities, writing the output...) prints one line to standard error as it ends,
//! `timing<TAB>PHASE<TAB>SECONDS`, and the command its whole time since the process
//! started as the phase `total`. Off (the default), a phase costs one atomic load.
//!
//! Phases may nest: an inner phase prints before the one around it, and the outer one's
//! seconds include the inner's.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static ENABLED: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Switches the timings on; the `total` counts from this call.
pub fn enable() {
    START.get_or_init(Instant::now);
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether the timings are on.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `f`; when the timings are on, prints how long it took as phase `name`.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let value = f();
    print(name, start.elapsed().as_secs_f64());
    value
}

/// When the timings are on, prints the seconds since [`enable`] as phase `total`.
pub fn total() {
    if let (true, Some(start)) = (enabled(), START.get()) {
        print("total", start.elapsed().as_secs_f64());
    }
}

fn print(name: &str, seconds: f64) {
    // A closed stderr must not fail the command for a timing line.
    let _ = writeln!(std::io::stderr().lock(), "timing\t{name}\t{seconds:.3}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_returns_its_value_whether_timed_or_not() {
        assert_eq!(phase("off", || 6 * 7), 42);
        enable();
        assert!(enabled());
        assert_eq!(phase("on", || "value"), "value");
    }
}
