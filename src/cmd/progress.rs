//! Progress bars on stderr (indicatif), only when stderr is a terminal and not `--quiet`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// One bar, reset at every stage. Hidden when stderr is not a terminal.
pub struct Bars {
    bar: ProgressBar,
}

impl Bars {
    pub fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        };
        Bars { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl gapmap::Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        let style = if total > 0 {
            ProgressStyle::with_template("{spinner} {msg:<24} [{bar:30}] {pos}/{len} ({eta})")
        } else {
            ProgressStyle::with_template("{spinner} {msg:<24} {elapsed}")
        };
        if let Ok(style) = style {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(name.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
