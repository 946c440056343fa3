//! The practice journal: every practice run of a new hire, kept in a local SQLite file so that
//! their progress can be shown and their runs replayed exactly (scenario, seed, language, every
//! timed input, the result, when it was played).
//!
//! Each run is written in one transaction when its debrief opens: a crash or a kill loses at most
//! the meeting in progress. The file is `--journal PATH`, else `KAM_SIM_JOURNAL`, else
//! `<data folder>/kam-sim/journal.db`.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use super::sqlite::{OwnDatabase, explain, open_own};
use super::store::StoreError;
use crate::core::inputs::InputAction;
use crate::core::progress;
use crate::core::result::RunResult;

/// One practice run, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeRun {
    /// Who played.
    pub player: String,
    /// When the debrief opened, UTC (RFC 3339).
    pub played_at: String,
    /// The language played in.
    pub language: String,
    /// Every input with its time in whole milliseconds: replays exactly with the seed.
    pub inputs: Vec<(u64, InputAction)>,
    /// The result.
    pub result: RunResult,
}

impl PracticeRun {
    /// What progress needs of this run.
    pub fn session(&self) -> progress::Session {
        progress::Session {
            scenario: self.result.scenario.clone(),
            score: self.result.score,
            grade: self.result.grade,
            competencies: self.result.competencies.clone(),
            mistakes: self.result.mistakes.iter().map(|m| m.id.clone()).collect(),
        }
    }
}

/// The journal's default file: `KAM_SIM_JOURNAL`, else `<data folder>/kam-sim/journal.db`.
pub fn default_path() -> Option<PathBuf> {
    std::env::var_os("KAM_SIM_JOURNAL")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("kam-sim").join("journal.db")))
}

/// The player's name when none is chosen: the system user's.
pub fn default_player() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "player".into())
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
        "CREATE TABLE players (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            scenario TEXT NOT NULL,
            seed INTEGER NOT NULL,
            language TEXT NOT NULL,
            played_at TEXT NOT NULL,
            score INTEGER NOT NULL,
            grade TEXT NOT NULL,
            inputs TEXT NOT NULL,
            result TEXT NOT NULL
        );
        CREATE INDEX runs_by_player ON runs (player_id, id);",
    )])
}

/// Adds one run (and its player, if new) within `tx`.
fn insert(tx: &rusqlite::Transaction<'_>, path: &str, run: &PracticeRun) -> Result<(), StoreError> {
    let db = |e: rusqlite::Error| explain(path, &e);
    let inputs = serde_json::to_string(&run.inputs).map_err(|e| StoreError::Refused(e.to_string()))?;
    let result = serde_json::to_string(&run.result).map_err(|e| StoreError::Refused(e.to_string()))?;
    tx.execute("INSERT OR IGNORE INTO players (name) VALUES (?1)", params![run.player])
        .map_err(db)?;
    tx.execute(
        "INSERT INTO runs (player_id, scenario, seed, language, played_at, score, grade, inputs, result)
         SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM players WHERE name = ?1",
        params![
            run.player,
            run.result.scenario,
            run.result.seed as i64,
            run.language,
            run.played_at,
            i64::from(run.result.score),
            format!("{:?}", run.result.grade),
            inputs,
            result
        ],
    )
    .map_err(db)?;
    Ok(())
}

/// An open journal.
pub struct Journal {
    conn: Connection,
    path: String,
}

impl Journal {
    /// Opens (creating it if needed) the journal at `path`; its folder is created too.
    pub fn open(path: &Path) -> Result<Journal, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| StoreError::Database {
                path: path.display().to_string(),
                why: format!("its folder cannot be created: {e}"),
            })?;
        }
        let conn = open_own(
            path,
            &OwnDatabase {
                what: "practice journal",
                example: "journal.db",
                tables: &["players", "runs"],
                migrations: migrations(),
            },
        )?;
        Ok(Journal {
            conn,
            path: path.display().to_string(),
        })
    }

    /// Records one run, in one transaction.
    pub fn record(&mut self, run: &PracticeRun) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(&path, &e))?;
        insert(&tx, &path, run)?;
        tx.commit().map_err(|e| explain(&path, &e))
    }

    /// Every run of `player`, oldest first.
    pub fn runs(&self, player: &str) -> Result<Vec<PracticeRun>, StoreError> {
        let db = |e: rusqlite::Error| explain(&self.path, &e);
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.played_at, r.language, r.inputs, r.result FROM runs r JOIN players p ON p.id = r.player_id
                 WHERE p.name = ?1 ORDER BY r.id",
            )
            .map_err(db)?;
        let rows = statement
            .query_map(params![player], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(db)?;
        let mut runs = Vec::new();
        for row in rows {
            let (played_at, language, inputs, result) = row.map_err(db)?;
            let damaged = |what: &str, e: serde_json::Error| {
                StoreError::Refused(format!(
                    "{}: a run of {player} played at {played_at} has a damaged {what} ({e})",
                    self.path
                ))
            };
            runs.push(PracticeRun {
                player: player.to_owned(),
                inputs: serde_json::from_str(&inputs).map_err(|e| damaged("list of inputs", e))?,
                result: serde_json::from_str(&result).map_err(|e| damaged("result", e))?,
                played_at,
                language,
            });
        }
        Ok(runs)
    }

    /// Writes `player`'s runs into a new journal file at `out`, for a trainer's team report. The
    /// file appears whole or not at all (written aside, then moved into place), and an existing
    /// file is never replaced. Returns how many runs were written.
    pub fn export(&self, player: &str, out: &Path) -> Result<usize, StoreError> {
        let runs = self.runs(player)?;
        if runs.is_empty() {
            let players = self.players()?;
            return Err(StoreError::Refused(format!(
                "{}: no practice of {player} is recorded (players: {})",
                self.path,
                if players.is_empty() {
                    "none".into()
                } else {
                    players.join(", ")
                }
            )));
        }
        let shown = out.display().to_string();
        let io = |why: String| StoreError::Database {
            path: shown.clone(),
            why,
        };
        if out.exists() {
            return Err(io(
                "the file exists already; give a new file name (nothing was written)".into(),
            ));
        }
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(|e| io(format!("its folder cannot be created: {e}")))?;
        let aside = tempfile::Builder::new()
            .prefix(".kam-sim-export-")
            .suffix(".db")
            .tempfile_in(folder)
            .map_err(|e| io(format!("cannot write in its folder: {e}")))?;
        {
            let mut copy = Journal::open(aside.path())?;
            let tx_path = copy.path.clone();
            let tx = copy
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| explain(&tx_path, &e))?;
            for run in &runs {
                insert(&tx, &tx_path, run)?;
            }
            tx.commit().map_err(|e| explain(&tx_path, &e))?;
        }
        aside
            .persist_noclobber(out)
            .map_err(|e| io(format!("cannot be put in place: {}", e.error)))?;
        Ok(runs.len())
    }

    /// The players of the journal, by name.
    pub fn players(&self) -> Result<Vec<String>, StoreError> {
        let db = |e: rusqlite::Error| explain(&self.path, &e);
        let mut statement = self
            .conn
            .prepare("SELECT name FROM players ORDER BY name")
            .map_err(db)?;
        let names = statement.query_map([], |r| r.get(0)).map_err(db)?;
        names.collect::<Result<Vec<String>, _>>().map_err(db)
    }
}
