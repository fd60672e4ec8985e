//! A watchdog: something done once a time has passed, unless the watchdog is dropped
//! first. Queries use it to cancel their evaluation at their timeout.
//!
//! Every watchdog of the process is kept by one timer thread, started with the first:
//! starting and dropping one only takes a lock, so that a server answering thousands of
//! queries a second does not start and join a thread for each.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Calls its alarm after a duration, on the timer thread, unless dropped before.
///
/// ```
/// use stancegraph::store::Watchdog;
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
/// use std::time::Duration;
/// let rang = Arc::new(AtomicBool::new(false));
/// let flag = Arc::clone(&rang);
/// drop(Watchdog::start(Duration::from_secs(60), move || flag.store(true, Ordering::Relaxed)).unwrap());
/// assert!(!rang.load(Ordering::Relaxed), "dropped before its time");
/// ```
pub struct Watchdog {
    key: (Instant, u64),
}

type Alarm = Box<dyn FnOnce() + Send>;

/// The alarms waiting, by time (and order of arrival), the next number, and when the
/// timer thread means to look again (it is woken only for an alarm due before then).
struct Alarms {
    waiting: BTreeMap<(Instant, u64), Alarm>,
    next: u64,
    wake_at: Option<Instant>,
}

/// How long the timer thread sleeps with nothing to do: an alarm due later than that
/// does not wake it (starting a watchdog then costs no system call).
const IDLE: Duration = Duration::from_secs(1);

struct Timer {
    alarms: Mutex<Alarms>,
    changed: Condvar,
}

static TIMER: Timer = Timer {
    alarms: Mutex::new(Alarms { waiting: BTreeMap::new(), next: 0, wake_at: None }),
    changed: Condvar::new(),
};

/// Whether the timer thread started (or why not).
static STARTED: OnceLock<std::result::Result<(), String>> = OnceLock::new();

impl Watchdog {
    /// Arranges for `alarm` to be called once `after` has passed.
    pub fn start(after: Duration, alarm: impl FnOnce() + Send + 'static) -> Result<Watchdog> {
        let timer = timer()?;
        let at = Instant::now() + after;
        let mut alarms = timer.alarms.lock().unwrap_or_else(|e| e.into_inner());
        let key = (at, alarms.next);
        alarms.next += 1;
        let sooner = alarms.wake_at.is_none_or(|wake| at < wake);
        alarms.waiting.insert(key, Box::new(alarm));
        drop(alarms);
        if sooner {
            timer.changed.notify_one();
        }
        Ok(Watchdog { key })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        TIMER.alarms.lock().unwrap_or_else(|e| e.into_inner()).waiting.remove(&self.key);
    }
}

/// The timer, its thread started on first use.
fn timer() -> Result<&'static Timer> {
    let started = STARTED.get_or_init(|| {
        std::thread::Builder::new()
            .name("stancegraph-watchdog".into())
            .stack_size(256 << 10)
            .spawn(|| keep_time(&TIMER))
            .map(drop)
            .map_err(|e| format!("cannot start the thread that keeps queries' time: {e}"))
    });
    started.clone().map(|()| &TIMER).map_err(Error::Storage)
}

/// The timer thread: calls each alarm at its time, outside the lock.
fn keep_time(timer: &'static Timer) -> ! {
    let mut alarms = timer.alarms.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        match alarms.waiting.first_key_value().map(|(key, _)| *key) {
            Some(key) if key.0 <= now => {
                let alarm = alarms.waiting.remove(&key).expect("the first alarm");
                alarms.wake_at = None;
                drop(alarms);
                alarm();
                alarms = timer.alarms.lock().unwrap_or_else(|e| e.into_inner());
            }
            first => {
                let wake = first.map_or(now + IDLE, |(at, _)| at.min(now + IDLE));
                alarms.wake_at = Some(wake);
                alarms = timer.changed.wait_timeout(alarms, wake - now).unwrap_or_else(|e| e.into_inner()).0;
                alarms.wake_at = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn alarms_ring_in_time_order_and_dropped_ones_never() {
        let rang = Arc::new(Mutex::new(Vec::new()));
        let ring = |n: usize, ms: u64| {
            let rang = Arc::clone(&rang);
            Watchdog::start(Duration::from_millis(ms), move || rang.lock().unwrap().push(n)).unwrap()
        };
        let late = ring(3, 150);
        let dropped = ring(2, 100);
        let early = ring(1, 50);
        drop(dropped);
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(*rang.lock().unwrap(), [1, 3]);
        drop((late, early));
    }

    #[test]
    fn many_watchdogs_share_one_thread() {
        let rang = Arc::new(AtomicUsize::new(0));
        let dogs: Vec<Watchdog> = (0..1000)
            .map(|_| {
                let rang = Arc::clone(&rang);
                Watchdog::start(Duration::from_millis(10), move || {
                    rang.fetch_add(1, Ordering::Relaxed);
                })
                .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(rang.load(Ordering::Relaxed), 1000);
        drop(dogs);
    }
}
