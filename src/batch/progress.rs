//! A progress bar on stderr while a batch job runs, when stderr is a terminal.
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// Items done so far, counted by the workers as they finish each one.
#[derive(Debug, Default)]
pub struct Counters {
    pub items: AtomicU64,
    pub errors: AtomicU64,
}

/// A running progress bar; [`Progress::finish`] removes it.
#[derive(Debug)]
pub struct Progress {
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    ticker: Option<(ProgressBar, JoinHandle<()>)>,
}

impl Progress {
    /// A bar labelled `label` (e.g. "score"). With `bytes` — bytes read so far and the input's
    /// size — it shows a bar, percentage and ETA; without, a spinner. Items, errors and the rate
    /// are shown either way. Drawn only when stderr is a terminal; otherwise nothing is drawn
    /// and the counters are still kept.
    pub fn start(label: &str, bytes: Option<(Arc<AtomicU64>, u64)>) -> Progress {
        Self::start_on(label, bytes, std::io::stderr().is_terminal())
    }

    fn start_on(label: &str, bytes: Option<(Arc<AtomicU64>, u64)>, draw: bool) -> Progress {
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        if !draw {
            return Progress {
                counters,
                stop,
                ticker: None,
            };
        }
        let (bar, template) = match &bytes {
            Some((_, total)) => (
                ProgressBar::with_draw_target(Some(*total), ProgressDrawTarget::stderr()),
                "{spinner} {prefix} {wide_bar} {percent:>3}% {msg} [{elapsed}, ETA {eta}]",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {prefix} {msg} [{elapsed}]",
            ),
        };
        bar.set_style(
            ProgressStyle::default_bar()
                .template(template)
                .expect("progress template")
                .progress_chars("=> "),
        );
        bar.set_prefix(format!("geostance {label}"));
        let handle = {
            let (bar, counters, stop) = (bar.clone(), counters.clone(), stop.clone());
            let start = Instant::now();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let items = counters.items.load(Ordering::Relaxed);
                    let errors = counters.errors.load(Ordering::Relaxed);
                    let rate = items as f64 / start.elapsed().as_secs_f64().max(1e-3);
                    if let Some((read, _)) = &bytes {
                        bar.set_position(read.load(Ordering::Relaxed));
                    }
                    bar.set_message(format!("{items} items, {errors} errors, {rate:.0}/s"));
                    bar.tick();
                    std::thread::park_timeout(TICK);
                }
            })
        };
        Progress {
            counters,
            stop,
            ticker: Some((bar, handle)),
        }
    }

    /// The counters the workers update.
    pub fn counters(&self) -> Arc<Counters> {
        self.counters.clone()
    }

    /// Stops and clears the bar (the caller prints the summary line).
    pub fn finish(mut self) {
        self.stop_ticker();
    }

    fn stop_ticker(&mut self) {
        if let Some((bar, handle)) = self.ticker.take() {
            self.stop.store(true, Ordering::Relaxed);
            handle.thread().unpark();
            let _ = handle.join();
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_ticker();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_without_a_terminal() {
        let p = Progress::start_on("score", None, false);
        p.counters().items.fetch_add(3, Ordering::Relaxed);
        assert_eq!(p.counters.items.load(Ordering::Relaxed), 3);
        p.finish();
    }

    #[test]
    fn a_drawn_bar_stops() {
        let read = Arc::new(AtomicU64::new(10));
        let p = Progress::start_on("score", Some((read, 100)), true);
        p.counters().items.fetch_add(1, Ordering::Relaxed);
        p.finish();
    }
}
