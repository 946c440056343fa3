//! `kam-sim watch <SCENARIO FILE|DIR>`: `check` and the balance summary of every scenario, again at
//! every save, saying what changed since the last one — the findings that appeared or went away, and
//! how the best, worst and random median scores moved against the balance rules.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::Outcome;
use super::error::CliError;
use crate::core::balance::{BalanceRules, analyze_with_random};
use crate::core::catalog::{is_inputs_file, scenario_files};
use crate::core::diagnostic::Level;
use crate::core::load::load_scenario_file;

/// What `kam-sim watch` is given.
#[derive(clap::Args)]
pub(crate) struct WatchArgs {
    /// A scenario file, or a folder of them (watched with its subfolders).
    path: PathBuf,
    /// Stop after this many rounds of changes (for scripts and tests; default: until interrupted).
    #[arg(long, hide = true)]
    exit_after: Option<usize>,
}

/// A file's state after one save: its findings, and its scores when it loads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    /// (level, code, message) → where, as `line:column`, in file order (the same finding can be
    /// made at several places: three identical unknown-node errors are three findings).
    findings: BTreeMap<(String, &'static str, String), Vec<String>>,
    errors: usize,
    warnings: usize,
    /// Best, worst, random median.
    scores: Option<(u8, u8, u8)>,
}

fn snapshot(path: &Path) -> Snapshot {
    let loaded = load_scenario_file(path);
    let report = &loaded.report;
    let mut findings: BTreeMap<(String, &'static str, String), Vec<String>> = BTreeMap::new();
    for d in &report.diagnostics {
        let (line, column) = report.position(d);
        let level = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        findings
            .entry((level.to_owned(), d.code, d.message.clone()))
            .or_default()
            .push(format!("{line}:{column}"));
    }
    let scores = loaded.scenario.as_ref().and_then(|c| {
        let a = analyze_with_random(c);
        Some((a.score.as_ref()?.max, a.score.as_ref()?.min, a.random.as_ref()?.median))
    });
    Snapshot {
        findings,
        errors: report.errors(),
        warnings: report.warnings(),
        scores,
    }
}

/// The balance summary: each score against its rule.
fn scores_line(scores: Option<(u8, u8, u8)>) -> String {
    let rules = BalanceRules::default();
    let mark = |ok: bool| if ok { "\u{2713}" } else { "\u{2717}" };
    match scores {
        None => "not playable until the errors are fixed".into(),
        Some((best, worst, median)) => format!(
            "best {best} (\u{2265} {} {}), worst {worst} (\u{2264} {} {}), random median {median} ({}\u{2013}{} {})",
            rules.best_at_least,
            mark(best >= rules.best_at_least),
            rules.worst_at_most,
            mark(worst <= rules.worst_at_most),
            rules.random_median.0,
            rules.random_median.1,
            mark((rules.random_median.0..=rules.random_median.1).contains(&median)),
        ),
    }
}

/// What a save changed, for people: the file's state, then what is new, gone and moved. Scores
/// are compared with the last version that played (`last_scores`), across saves that did not.
fn describe(file: &Path, before: Option<&Snapshot>, now: &Snapshot, last_scores: Option<(u8, u8, u8)>) -> String {
    let mut out = format!(
        "{}: {} error(s), {} warning(s); {}\n",
        file.display(),
        now.errors,
        now.warnings,
        scores_line(now.scores)
    );
    let Some(before) = before else {
        for ((level, code, message), places) in &now.findings {
            for at in places {
                out.push_str(&format!("  {level} {code} at {at}: {message}\n"));
            }
        }
        return out;
    };
    // Findings are told apart by code and message, not place (an edit above moves every line
    // below); the same finding at more places than before is new at the places beyond.
    let count = |s: &Snapshot, key: &(String, &'static str, String)| s.findings.get(key).map_or(0, Vec::len);
    for (key @ (level, code, message), places) in &now.findings {
        for at in places.iter().skip(count(before, key)) {
            out.push_str(&format!("  + new {level} {code} at {at}: {message}\n"));
        }
    }
    for (key @ (level, code, message), places) in &before.findings {
        for at in places.iter().skip(count(now, key)) {
            out.push_str(&format!("  \u{2212} gone {level} {code} (was at {at}): {message}\n"));
        }
    }
    if let (Some(b), Some(n)) = (last_scores, now.scores) {
        for (name, was, is) in [("best", b.0, n.0), ("worst", b.1, n.1), ("random median", b.2, n.2)] {
            if was != is {
                out.push_str(&format!("  {name} {was} \u{2192} {is}\n"));
            }
        }
    }
    if before == now {
        out.push_str("  no change\n");
    }
    out
}

/// The scenario files under the watched path.
fn files_of(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        scenario_files(path)
    } else {
        vec![path.to_path_buf()]
    }
}

fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

pub(crate) fn run(args: &WatchArgs) -> Outcome {
    let path = std::path::absolute(&args.path).map_err(|error| CliError::CannotResolve {
        path: args.path.clone(),
        error,
    })?;
    if !path.exists() {
        return Err(CliError::not_found(
            format!("`{}` does not exist", args.path.display()),
            None,
        ));
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file is an event too (our own reads among them): only changes count.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_) | notify::EventKind::Other)
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|error| CliError::CannotWatch {
        path: path.clone(),
        error,
    })?;
    // A single file is watched through its folder: editors save by replacing the file.
    let (watched, mode) = if path.is_dir() {
        (path.clone(), RecursiveMode::Recursive)
    } else {
        (
            path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            RecursiveMode::NonRecursive,
        )
    };
    watcher.watch(&watched, mode).map_err(|error| CliError::CannotWatch {
        path: watched.clone(),
        error,
    })?;
    let mut known: BTreeMap<PathBuf, Snapshot> = BTreeMap::new();
    let mut last_scores: BTreeMap<PathBuf, (u8, u8, u8)> = BTreeMap::new();
    for file in files_of(&path) {
        let now = snapshot(&file);
        say(&describe(&file, None, &now, None));
        if let Some(scores) = now.scores {
            last_scores.insert(file.clone(), scores);
        }
        known.insert(file, now);
    }
    say(&format!(
        "watching {} ({} scenario file(s)); save to check again, Ctrl-C to stop\n",
        path.display(),
        known.len()
    ));
    let mut rounds = 0;
    while args.exit_after.is_none_or(|n| rounds < n) {
        let Ok(first) = rx.recv() else { break };
        // One save is several events (write, rename, metadata): gather them for a moment.
        let mut changed: Vec<PathBuf> = first;
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(250)) {
            changed.extend(more);
        }
        let relevant: Vec<PathBuf> = files_of(&path)
            .into_iter()
            .chain(known.keys().cloned())
            .filter(|f| changed.iter().any(|c| c == f))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter(|f| !is_inputs_file(f))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        rounds += 1;
        let stamp = crate::core::assessment::result::now_rfc3339();
        say(&format!("\n{}\n", stamp.get(11..19).unwrap_or(&stamp)));
        for file in relevant {
            if !file.exists() {
                say(&format!("{}: removed\n", file.display()));
                known.remove(&file);
                continue;
            }
            let now = snapshot(&file);
            say(&describe(
                &file,
                known.get(&file),
                &now,
                last_scores.get(&file).copied(),
            ));
            if let Some(scores) = now.scores {
                last_scores.insert(file.clone(), scores);
            }
            known.insert(file, now);
        }
    }
    Ok(ExitCode::SUCCESS)
}
