//! Whether a window can be opened at all, said in words before Bevy tries (and, if it still fails,
//! instead of a panic and a backtrace).

/// What to do without a display.
const WITHOUT_A_WINDOW: &str = "Run kam-sim from a desktop session, or start a virtual display (`Xvfb :99 & export DISPLAY=:99`). \
Without a window: `kam-sim run SCENARIO` plays a scenario headless and prints the debrief, and \
`kam-sim assess ASSESSMENT --inputs DIR` assesses a candidate from recorded inputs.";

/// The sentence for a display that could not be opened.
pub fn no_display_message(why: &str) -> String {
    format!("error: no display could be opened: {why}.\n{WITHOUT_A_WINDOW}")
}

/// A problem that will stop the window from opening, found without trying: no `DISPLAY`, or a local
/// X display whose socket takes no connection. `None` when a window may open.
pub fn display_problem() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let display = std::env::var("DISPLAY").unwrap_or_default();
    if display.is_empty() {
        return Some(no_display_message("DISPLAY is not set"));
    }
    // A local display (":N" or ":N.S") listens on /tmp/.X11-unix/XN; a remote one is left to X itself.
    let local = display.strip_prefix(':').or_else(|| display.strip_prefix("unix:"));
    let number = local
        .and_then(|n| n.split('.').next())
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()));
    #[cfg(unix)]
    if let Some(n) = number {
        let socket = format!("/tmp/.X11-unix/X{n}");
        if let Err(e) = std::os::unix::net::UnixStream::connect(&socket) {
            return Some(no_display_message(&format!(
                "DISPLAY is {display}, but its X server does not answer at {socket} ({e})"
            )));
        }
    }
    let _ = number;
    None
}

/// How many processes may try to open the window. winit refuses a second event loop in one process,
/// even after the first failed, so a retry is a fresh process.
pub const WINDOW_ATTEMPTS: u32 = 3;

/// The environment variable that numbers a retried process's attempt.
const ATTEMPT_VARIABLE: &str = "KAM_SIM_WINDOW_ATTEMPT";

/// This process's attempt at opening the window (1 for the first).
pub fn window_attempt() -> u32 {
    std::env::var(ATTEMPT_VARIABLE)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// After winit failed to open a display that still answers (on a loaded machine, X has been seen to
/// refuse one client between two that it served), runs the same command again — by `exec`, so it
/// stays the same process (whoever started kam-sim, or stops it, still holds it) — at most
/// [`WINDOW_ATTEMPTS`] times in all. No window was shown and nothing was saved yet: the player sees
/// the game open a moment later. Returns only when it gives up.
pub fn open_again(attempt: u32) -> bevy::app::AppExit {
    use bevy::app::AppExit;
    if attempt >= WINDOW_ATTEMPTS || display_problem().is_some() {
        return AppExit::error();
    }
    // A short pause lets whatever made the server refuse pass.
    std::thread::sleep(std::time::Duration::from_millis(250 * u64::from(attempt)));
    #[cfg(unix)]
    if let Ok(program) = std::env::current_exe() {
        use std::os::unix::process::CommandExt as _;
        let error = std::process::Command::new(program)
            .args(std::env::args_os().skip(1))
            .env(ATTEMPT_VARIABLE, (attempt + 1).to_string())
            .exec();
        eprintln!("error: kam-sim could not start again to open its window: {error}");
    }
    AppExit::error()
}

/// Whether a panic message is winit's failure to reach the display.
pub fn is_display_failure(message: &str) -> bool {
    [
        "Failed to build event loop",
        "XOpenDisplayFailed",
        "failed to open display",
        "WaylandError",
    ]
    .iter()
    .any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winit_failures_are_recognised() {
        assert!(is_display_failure(
            "Failed to build event loop: Os(OsError { error: XNotSupported(XOpenDisplayFailed) })"
        ));
        assert!(!is_display_failure("index out of bounds"));
    }
}
