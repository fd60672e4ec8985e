//! A watchdog: a thread that does one thing once a time has passed, unless it is
//! dropped first. Queries use it to cancel their evaluation at their timeout.

use crate::error::{Error, Result};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Calls its alarm after a duration, on its own thread, unless dropped before; dropping
/// it stops the thread and waits for it.
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
    /// Dropped to stop the thread.
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// Starts the thread that calls `alarm` once `after` has passed.
    pub fn start(after: Duration, alarm: impl FnOnce() + Send + 'static) -> Result<Watchdog> {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("stancegraph-watchdog".into())
            .stack_size(64 << 10)
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(after) {
                    alarm();
                }
            })
            .map_err(|e| Error::Storage(format!("cannot start the thread that keeps a query's time: {e}")))?;
        Ok(Watchdog { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Dropping the sender wakes the thread, which then ends without its alarm.
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn rings_once_its_time_has_passed() {
        let rang = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&rang);
        let dog =
            Watchdog::start(Duration::from_millis(10), move || flag.store(true, Ordering::Relaxed)).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(rang.load(Ordering::Relaxed));
        drop(dog);
    }
}
