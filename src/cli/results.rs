//! `kam-sim results …`: signing keys, verifying result files, and the results database (import,
//! list, erasure, xAPI export and sending to a learning record store). Every read of the database
//! verifies each stored result again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;
use serde::Serialize;

use super::error::CliError;
use super::output::{is_stdout, note, shown, write_output};
use super::{Format, Outcome, print_json};
use crate::core::assessment::signing::{Key, generate_key, key_permission_warning, read_key, verify};
use crate::core::assessment::{Assessment, LoadedAssessment, load_assessment, names_a_file, validate_id};
use crate::core::content::{ContentDirs, did_you_mean};
use crate::results::entry::StoredEntry;
use crate::results::lrs::{Credentials, Endpoint, LrsError, Outbox, QueueReport};
use crate::results::store::{Filter, ImportFile, Store, StoreAddress, StoredResult, import};
use crate::results::xapi::HomePage;

/// The default results database.
pub(crate) const DEFAULT_DB: &str = "results/results.db";

/// Where the results database is, for every command that uses it.
#[derive(clap::Args, Clone)]
pub(crate) struct DbArg {
    /// The results database: a SQLite file (created on first import), or a PostgreSQL server
    /// shared by several offices, `postgres://USER@HOST:PORT/DBNAME` (its password in PGPASSWORD).
    // The environment's value is never shown in `--help`: an address may carry a password.
    #[arg(long, value_name = "PATH or postgres://…", env = "KAM_SIM_DB", hide_env_values = true,
          default_value = DEFAULT_DB)]
    pub db: String,
}

impl DbArg {
    /// The database named, read (a server's address is checked; it is never repeated in an
    /// error, as it may hold a password).
    pub(crate) fn address(&self) -> Result<StoreAddress, CliError> {
        Ok(StoreAddress::parse(&self.db)?)
    }
}

/// The signing key argument.
#[derive(clap::Args, Clone)]
pub(crate) struct KeyArg {
    /// The signing key (default: the file named by KAM_SIM_KEY_FILE).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum ResultsCommand {
    /// Create a new random signing key file, and its folder (never overwrites a key).
    Keygen {
        /// Where to write the key.
        file: PathBuf,
    },
    /// Check a result file's signature, and that replaying its inputs reproduces every number.
    Verify {
        /// The result file.
        file: PathBuf,
        #[command(flatten)]
        key: KeyArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Verify result files and store them in the results database (all or nothing); a retake is
    /// stored as the candidate's next attempt.
    Import {
        /// Result files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List the stored results (each verified again), oldest import first.
    List {
        /// Only this assessment (id or file).
        #[arg(long)]
        assessment: Option<String>,
        /// Only this candidate.
        #[arg(long)]
        candidate: Option<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Erase a candidate and every result of theirs from the database (an erasure request).
    Delete {
        /// The candidate's name, exactly as stored.
        #[arg(long)]
        candidate: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Write the stored results of an assessment as xAPI statements (a JSON array); `-` is
    /// standard output.
    ExportXapi {
        /// Assessment id or file.
        assessment: String,
        /// Output file, or `-`.
        out: PathBuf,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        #[command(flatten)]
        home_page: HomePageArg,
        /// Export simulated candidates' results too.
        #[arg(long)]
        include_simulated: bool,
    },
    /// Send the stored results of an assessment as xAPI statements to a learning record store,
    /// through an outbox on disk: statements are queued, sent in batches and kept until the LRS
    /// acknowledged them. Without an assessment, only what is pending is sent.
    SendXapi {
        /// Assessment id or file whose stored results to queue.
        assessment: Option<String>,
        #[command(flatten)]
        lrs: LrsArgs,
        #[command(flatten)]
        home_page: HomePageArg,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// Send simulated candidates' results too.
        #[arg(long)]
        include_simulated: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Where and how to send xAPI statements (`results send-xapi`, `journal send-xapi`).
#[derive(clap::Args, Clone)]
pub(crate) struct LrsArgs {
    /// The LRS's xAPI endpoint (statements are posted to ENDPOINT/statements).
    #[arg(long, value_name = "URL", env = "KAM_SIM_LRS_ENDPOINT")]
    pub endpoint: String,
    /// The LRS user (its key), for HTTP Basic authentication.
    #[arg(long, value_name = "USER", env = "KAM_SIM_LRS_USER")]
    pub user: Option<String>,
    /// A file whose first line is the LRS password (its secret); never given on the command line.
    #[arg(long, value_name = "FILE", env = "KAM_SIM_LRS_PASSWORD_FILE")]
    pub password_file: Option<PathBuf>,
    /// The outbox folder (one per LRS).
    #[arg(long, value_name = "DIR", env = "KAM_SIM_XAPI_OUTBOX", default_value = DEFAULT_OUTBOX)]
    pub outbox: PathBuf,
    /// Statements per request.
    #[arg(long, value_name = "N", default_value_t = crate::results::lrs::DEFAULT_BATCH,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch_size: u16,
}

/// The default outbox of `send-xapi`.
pub(crate) const DEFAULT_OUTBOX: &str = "results/xapi-outbox";

/// The home page of candidates' xAPI accounts.
#[derive(clap::Args, Clone)]
pub(crate) struct HomePageArg {
    /// The https address of the system where candidates' names are accounts (your HR system or
    /// LMS): the `homePage` of each statement's actor (a candidate named by an e-mail address is an
    /// `mbox` instead).
    #[arg(long, value_name = "URL", env = "KAM_SIM_XAPI_HOME_PAGE")]
    pub home_page: Option<String>,
}

impl HomePageArg {
    /// The home page given, checked; refused when none is given.
    pub(crate) fn get(&self) -> Result<HomePage, CliError> {
        let Some(text) = &self.home_page else {
            return Err(CliError::refused(
                "no home page for the candidates' xAPI accounts",
                "give `--home-page https://…` (or set KAM_SIM_XAPI_HOME_PAGE): the address of the system where the candidates' names are accounts, such as your HR system or LMS",
            ));
        };
        HomePage::parse(text).map_err(CliError::refused_plainly)
    }
}

/// Runs a `results` command.
pub(crate) fn run(command: &ResultsCommand, dirs: &ContentDirs) -> Outcome {
    match command {
        ResultsCommand::Keygen { file } => keygen(file),
        ResultsCommand::Verify { file, key, format } => verify_file(file, key, *format, dirs),
        ResultsCommand::Import { files, db, key, format } => import_files(files, &db.address()?, key, *format, dirs),
        ResultsCommand::List {
            assessment,
            candidate,
            db,
            key,
            format,
        } => list(
            assessment.as_deref(),
            candidate.as_deref(),
            &db.address()?,
            key,
            *format,
        ),
        ResultsCommand::Delete { candidate, db } => delete(candidate, &db.address()?),
        ResultsCommand::ExportXapi {
            assessment,
            out,
            db,
            key,
            home_page,
            include_simulated,
        } => export_xapi(assessment, out, &db.address()?, key, home_page, *include_simulated),
        ResultsCommand::SendXapi {
            assessment,
            lrs,
            home_page,
            db,
            key,
            include_simulated,
            format,
        } => {
            // Checked before the database is read: a wrong address fails fast.
            lrs.endpoint()?;
            let statements = assessment
                .as_deref()
                .map(|a| assessment_statements(a, &db.address()?, key, home_page, *include_simulated))
                .transpose()?;
            deliver(lrs, statements, *format)
        }
    }
}

/// The signing key: `--key FILE`, else `KAM_SIM_KEY_FILE`; warns when others may read it.
pub(crate) fn load_key(given: Option<&Path>) -> Result<Key, CliError> {
    let path = given
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("KAM_SIM_KEY_FILE").map(PathBuf::from));
    let Some(path) = path else {
        return Err(CliError::refused(
            "no signing key",
            "give `--key FILE` or set KAM_SIM_KEY_FILE (create a key with `kam-sim results keygen FILE`, and keep it away from candidates)",
        ));
    };
    let key = read_key(&path)?;
    if let Some(warning) = key_permission_warning(&path) {
        eprintln!("{warning}");
    }
    Ok(key)
}

/// An assessment argument as an id: an id as given, or the id inside the assessment file named.
pub(crate) fn assessment_id(spec: &str) -> Result<String, CliError> {
    if names_a_file(spec) {
        let a: Assessment =
            crate::core::load::load_ron_file(Path::new(spec)).map_err(|r| CliError::Findings(r.render()))?;
        validate_id(&a.id).map_err(|e| CliError::refused_plainly(format!("{spec}: id: {e}")))?;
        Ok(a.id)
    } else {
        validate_id(spec).map_err(CliError::refused_plainly)?;
        Ok(spec.to_owned())
    }
}

fn keygen(path: &Path) -> Outcome {
    let key = generate_key(path)?;
    println!(
        "created {} (key id {}). Keep it where candidates cannot read it; results signed with it verify only with it.",
        path.display(),
        key.id()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct VerifyJson<'a> {
    file: String,
    candidate: Option<&'a str>,
    assessment: Option<&'a str>,
    signature_ok: bool,
    replay_ok: bool,
    problems: &'a [String],
}

fn verify_file(path: &Path, key: &KeyArg, format: Format, dirs: &ContentDirs) -> Outcome {
    let key = load_key(key.key.as_deref())?;
    let text = crate::core::source::read_text(path).map_err(|error| CliError::CannotRead {
        path: path.to_path_buf(),
        error,
        help: None,
    })?;
    let (v, result) = verify(&text, &key, |id| load_assessment(id, dirs));
    if format == Format::Json {
        print_json(&VerifyJson {
            file: path.display().to_string(),
            candidate: result.as_ref().map(|r| r.candidate.as_str()),
            assessment: result.as_ref().map(|r| r.assessment.as_str()),
            signature_ok: v.signature_ok,
            replay_ok: v.replay_ok,
            problems: &v.problems,
        })?;
    } else {
        match &result {
            // Names from a file whose signature failed are shown escaped: it may be anything.
            Some(r) => println!(
                "{}: {} — {}",
                path.display(),
                r.assessment_name.escape_debug(),
                r.candidate.escape_debug()
            ),
            None => println!("{}:", path.display()),
        }
        println!("  signature: {}", if v.signature_ok { "ok" } else { "FAILED" });
        println!(
            "  replay:    {}",
            match (v.signature_ok, v.replay_ok) {
                (_, true) => "ok, every number reproduced",
                (false, false) => "not tried: the signature must hold first",
                (true, false) => "FAILED",
            }
        );
        for p in &v.problems {
            println!("  {p}");
        }
    }
    Ok(if v.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Opens the database for writing, creating a file's folder.
fn open_for_import(db: &StoreAddress) -> Result<Store, CliError> {
    if let StoreAddress::File(path) = db
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists())
    {
        std::fs::create_dir_all(parent).map_err(|error| CliError::CannotCreate {
            path: parent.to_path_buf(),
            error,
        })?;
    }
    Ok(Store::open(db.clone())?)
}

#[derive(Serialize)]
struct ImportJson {
    db: String,
    imported: Vec<ImportedJson>,
    already_stored: Vec<String>,
}

#[derive(Serialize)]
struct ImportedJson {
    file: String,
    attempt: u32,
}

fn import_files(files: &[PathBuf], db: &StoreAddress, key: &KeyArg, format: Format, dirs: &ContentDirs) -> Outcome {
    let key = load_key(key.key.as_deref())?;
    let mut batch = Vec::new();
    for f in files {
        let text = crate::core::source::read_text(f).map_err(|error| CliError::CannotRead {
            path: f.clone(),
            error,
            help: Some("nothing was imported"),
        })?;
        batch.push(ImportFile {
            name: f.display().to_string(),
            text,
        });
    }
    let mut store = open_for_import(db)?;
    let mut loaded: BTreeMap<String, Arc<LoadedAssessment>> = BTreeMap::new();
    let load = |id: &str| -> Result<Arc<LoadedAssessment>, String> {
        if let Some(a) = loaded.get(id) {
            return Ok(a.clone());
        }
        let a = Arc::new(load_assessment(id, dirs).map_err(|e| e.to_string())?);
        loaded.insert(id.to_owned(), a.clone());
        Ok(a)
    };
    let now = crate::core::assessment::result::now_rfc3339();
    let report = import(&mut store, &batch, &key, load, &now)?;
    if format == Format::Json {
        return print_json(&ImportJson {
            db: db.shown(),
            imported: report
                .stored
                .iter()
                .map(|(file, attempt)| ImportedJson {
                    file: file.clone(),
                    attempt: *attempt,
                })
                .collect(),
            already_stored: report.already_stored,
        });
    }
    for (f, attempt) in &report.stored {
        println!("imported {f} (attempt {attempt})");
    }
    for f in &report.already_stored {
        println!("already stored, skipped: {f}");
    }
    println!(
        "{} imported, {} already stored ({})",
        report.stored.len(),
        report.already_stored.len(),
        db.shown()
    );
    Ok(ExitCode::SUCCESS)
}

/// The verified stored results that match (perhaps none).
fn verified_results(
    db: &StoreAddress,
    key: &Key,
    assessment: Option<&str>,
    candidate: Option<&str>,
) -> Result<(Store, Vec<StoredResult>), CliError> {
    let mut store = Store::open_existing(db.clone())?;
    let results = store.verified(Filter { assessment, candidate }, key)?;
    Ok((store, results))
}

/// The verified stored results that match, refusing with a "did you mean" when a named candidate
/// has none.
pub(crate) fn stored_results(
    db: &StoreAddress,
    key: &Key,
    assessment: Option<&str>,
    candidate: Option<&str>,
) -> Result<Vec<StoredResult>, CliError> {
    let (mut store, results) = verified_results(db, key, assessment, candidate)?;
    if results.is_empty() {
        let what = match (candidate, assessment) {
            (Some(c), Some(a)) => format!("no stored result of candidate `{c}` for assessment `{a}`"),
            (Some(c), None) => format!("no stored result of candidate `{c}`"),
            (None, Some(a)) => format!("no results of assessment `{a}`"),
            (None, None) => "no results".to_owned(),
        };
        let names = candidate.and_then(|_| store.candidates().ok()).unwrap_or_default();
        let near = candidate.and_then(|c| did_you_mean(c, names.iter().map(String::as_str)));
        return Err(CliError::not_found(format!("{what} in `{}`", db.shown()), near));
    }
    Ok(results)
}

/// The stored results of an assessment as a cohort report reads them, each checked with the key
/// (`Store::cohort_entries`). Rows stored before their seals existed are first verified in full
/// and sealed, once; where the database takes no writes (a read-only user or replica) they stay
/// unsealed and are verified in full on every read, as the warning says.
pub(crate) fn cohort_entries(db: &StoreAddress, key: &Key, assessment: &str) -> Result<Vec<StoredEntry>, CliError> {
    let mut store = Store::open_existing(db.clone())?;
    if let Err(e) = store.seal_unsealed(key) {
        eprintln!(
            "warning: results stored by an earlier kam-sim could not be sealed ({e}); they are verified in full on every report"
        );
    }
    let entries = store.cohort_entries(
        Filter {
            assessment: Some(assessment),
            candidate: None,
        },
        key,
    )?;
    if entries.is_empty() {
        return Err(CliError::not_found(
            format!("no results of assessment `{assessment}` in `{}`", db.shown()),
            None,
        ));
    }
    Ok(entries)
}

#[derive(Serialize)]
struct ListedJson<'a> {
    candidate: &'a str,
    assessment: &'a str,
    attempt: u32,
    started_at: &'a str,
    finished_at: &'a str,
    language: &'a str,
    simulated: bool,
    average_score: u8,
    passed: bool,
    imported_at: &'a str,
}

fn list(assessment: Option<&str>, candidate: Option<&str>, db: &StoreAddress, key: &KeyArg, format: Format) -> Outcome {
    let key = load_key(key.key.as_deref())?;
    let assessment = assessment.map(assessment_id).transpose()?;
    let (mut store, results) = verified_results(db, &key, assessment.as_deref(), candidate)?;
    if format == Format::Json {
        let rows: Vec<ListedJson<'_>> = results
            .iter()
            .map(|s| ListedJson {
                candidate: &s.result.candidate,
                assessment: &s.result.assessment,
                attempt: s.attempt,
                started_at: &s.result.started_at,
                finished_at: &s.result.finished_at,
                language: &s.result.language,
                simulated: s.result.played_by.is_simulated(),
                average_score: s.result.summary.average_score,
                passed: s.result.summary.passed,
                imported_at: &s.imported_at,
            })
            .collect();
        return print_json(&serde_json::json!({ "results": rows }));
    }
    println!(
        "{:<28} {:<26} {:>7}  {:<10} {:>7}  result",
        "candidate", "assessment", "attempt", "taken", "average"
    );
    for s in &results {
        let r = &s.result;
        println!(
            "{:<28} {:<26} {:>7}  {:<10} {:>7}  {:<10} {}",
            r.candidate,
            r.assessment,
            s.attempt,
            crate::results::report::day_of(&r.finished_at),
            r.summary.average_score,
            if r.summary.passed { "passed" } else { "not passed" },
            if r.played_by.is_simulated() { "simulated" } else { "" }
        );
    }
    println!("{} result(s), every signature verified ({})", results.len(), db.shown());
    if let Ok(n) = store.earlier_format_results()
        && n > 0
    {
        println!(
            "note: {n} result(s) of the earlier result format are kept in table results_format1; they are not reported"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(candidate: &str, db: &StoreAddress) -> Outcome {
    let mut store = Store::open_existing(db.clone())?;
    match store.delete_candidate(candidate) {
        Ok(n) => {
            println!(
                "erased candidate `{candidate}` and {n} stored result(s) from {}",
                db.shown()
            );
            println!(
                "(signed result files elsewhere — results/<assessment>/…, backups — are not touched: delete them too)"
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let names = store.candidates().unwrap_or_default();
            match did_you_mean(candidate, names.iter().map(String::as_str)) {
                // A near miss: the candidate named is not there, the one meant probably is.
                Some(near) => Err(CliError::not_found(e.to_string(), Some(near))),
                None => Err(e.into()),
            }
        }
    }
}

/// The xAPI statements of an assessment's verified stored results.
fn assessment_statements(
    assessment: &str,
    db: &StoreAddress,
    key: &KeyArg,
    home_page: &HomePageArg,
    include_simulated: bool,
) -> Result<Vec<serde_json::Value>, CliError> {
    let home_page = home_page.get()?;
    let key = load_key(key.key.as_deref())?;
    let id = assessment_id(assessment)?;
    let results: Vec<_> = stored_results(db, &key, Some(&id), None)?
        .into_iter()
        .map(|s| s.result)
        .filter(|r| include_simulated || !r.played_by.is_simulated())
        .collect();
    Ok(crate::results::xapi::statements(&results, &home_page))
}

fn export_xapi(
    assessment: &str,
    out: &Path,
    db: &StoreAddress,
    key: &KeyArg,
    home_page: &HomePageArg,
    include_simulated: bool,
) -> Outcome {
    let statements = assessment_statements(assessment, db, key, home_page, include_simulated)?;
    let text = serde_json::to_string_pretty(&statements)?;
    write_output(out, format!("{text}\n").as_bytes())?;
    note(
        is_stdout(out),
        &format!("{} xAPI statements written to {}", statements.len(), shown(out)),
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct SendJson<'a> {
    endpoint: &'a str,
    outbox: String,
    queued: Option<QueueReport>,
    sent: usize,
    batches: usize,
    pending: usize,
}

impl LrsArgs {
    fn endpoint(&self) -> Result<Endpoint, CliError> {
        Endpoint::parse(&self.endpoint).map_err(lrs_error)
    }
}

/// The LRS credentials: a user and the first line of the password file, or none.
fn lrs_credentials(user: Option<&str>, password_file: Option<&Path>) -> Result<Option<Credentials>, CliError> {
    let (user, file) = match (user, password_file) {
        (None, None) => return Ok(None),
        (Some(u), Some(f)) => (u, f),
        (Some(_), None) => {
            return Err(CliError::refused(
                "an LRS user without a password",
                "give `--password-file FILE` (or set KAM_SIM_LRS_PASSWORD_FILE): a file whose first line is the password",
            ));
        }
        (None, Some(_)) => {
            return Err(CliError::refused(
                "an LRS password without a user",
                "give `--user USER` (or set KAM_SIM_LRS_USER)",
            ));
        }
    };
    let text = crate::core::source::read_text(file).map_err(|error| CliError::CannotRead {
        path: file.to_path_buf(),
        error,
        help: Some("nothing was sent"),
    })?;
    let password = text.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        return Err(CliError::refused(
            format!("the password file `{}` is empty", file.display()),
            "put the LRS password on its first line; nothing was sent",
        ));
    }
    Ok(Some(Credentials {
        user: user.to_owned(),
        password,
    }))
}

/// Queues `statements` (when given) in the outbox and sends everything pending to the LRS.
pub(crate) fn deliver(lrs: &LrsArgs, statements: Option<Vec<serde_json::Value>>, format: Format) -> Outcome {
    let endpoint = lrs.endpoint()?;
    let credentials = lrs_credentials(lrs.user.as_deref(), lrs.password_file.as_deref())?;
    let mut outbox = Outbox::open(&lrs.outbox, &endpoint).map_err(lrs_error)?;
    let queued = statements.map(|s| outbox.queue(&s)).transpose().map_err(lrs_error)?;
    if let Some(q) = &queued
        && format == Format::Human
    {
        println!(
            "queued {} statement(s) in {} ({} already waiting there, {} acknowledged by the LRS earlier)",
            q.queued,
            lrs.outbox.display(),
            q.already_pending,
            q.already_acknowledged
        );
    }
    let report = outbox
        .send(&endpoint, credentials.as_ref(), usize::from(lrs.batch_size))
        .map_err(lrs_error)?;
    if format == Format::Json {
        return print_json(&SendJson {
            endpoint: endpoint.as_str(),
            outbox: lrs.outbox.display().to_string(),
            queued,
            sent: report.sent,
            batches: report.batches,
            pending: report.pending,
        });
    }
    println!(
        "sent {} statement(s) in {} batch(es) to {}; none pending",
        report.sent,
        report.batches,
        endpoint.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// An LRS or outbox failure in the command line's terms.
fn lrs_error(e: LrsError) -> CliError {
    match e {
        LrsError::NotDelivered { why, help, sent, .. } if sent > 0 => {
            CliError::refused(format!("{why}; {sent} statement(s) were delivered before"), help)
        }
        LrsError::NotDelivered { why, help, .. } => CliError::refused(why, help),
        other => CliError::refused_plainly(other.to_string()),
    }
}
