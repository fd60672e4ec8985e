//! Phase timings for benchmarks (`--timings`): when switched on, each timed phase of a
//! command (opening the store, reading the facts, the projection, the signed graph, the
//! communities, writing the output...) prints one line to standard error as it ends,
//! `timing<TAB>PHASE<TAB>SECONDS<TAB>CPU`, and the command its whole time since the
//! process started as the phase `total`. SECONDS is wall-clock time; CPU the user and
//! system time the whole process (every thread) spent in it, which a busy machine
//! inflates less (empty where the system does not say). Off (the default), a phase costs
//! one atomic load.
//!
//! Phases may nest: an inner phase prints before the one around it, and the outer one's
//! seconds include the inner's.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static ENABLED: AtomicBool = AtomicBool::new(false);
static START: OnceLock<(Instant, Option<f64>)> = OnceLock::new();

/// Switches the timings on; the `total` counts from this call.
pub fn enable() {
    START.get_or_init(|| (Instant::now(), cpu_seconds()));
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
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let value = f();
    print(name, start.elapsed().as_secs_f64(), cpu);
    value
}

/// When the timings are on, prints the seconds since [`enable`] as phase `total`.
pub fn total() {
    if let (true, Some((start, cpu))) = (enabled(), START.get()) {
        print("total", start.elapsed().as_secs_f64(), *cpu);
    }
}

/// Prints a phase's line: its wall seconds, and the CPU seconds since `cpu_start`.
fn print(name: &str, seconds: f64, cpu_start: Option<f64>) {
    let cpu = match (cpu_start, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.3}", b - a),
        _ => String::new(),
    };
    // A closed stderr must not fail the command for a timing line.
    let _ = writeln!(std::io::stderr().lock(), "timing\t{name}\t{seconds:.3}\t{cpu}");
}

/// User + system CPU seconds of the process so far (all its threads).
#[cfg(unix)]
fn cpu_seconds() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given and reads nothing else.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: getrusage returned 0, so it filled the struct.
    let usage = unsafe { usage.assume_init() };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(secs(usage.ru_utime) + secs(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_seconds() -> Option<f64> {
    None
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

    #[cfg(unix)]
    #[test]
    fn cpu_seconds_grow_with_work() {
        let before = cpu_seconds().expect("getrusage works on unix");
        // Arithmetic the optimiser cannot drop, until the CPU clock moves (on a busy
        // machine that can take many times the wall time), at most 10 s.
        let mut x = 1u64;
        let start = Instant::now();
        let mut after = before;
        while after <= before && start.elapsed().as_secs() < 10 {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
            after = cpu_seconds().expect("getrusage works on unix");
        }
        assert!(after > before, "{before} -> {after}");
    }
}
