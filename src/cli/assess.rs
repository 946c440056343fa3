//! `kam-sim assess` (headless) and `kam-sim results keygen|verify`: assessment runs and their signed,
//! replay-checked result files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::core::assessment::{LoadedAssessment, build_result, default_result_path, load_assessment};
use crate::core::compile::CompiledScenario;
use crate::core::engine::Session;
use crate::core::inputs::InputsFile;
use crate::core::load::load_ron_file;
use crate::core::policy::{self, Policy, play_random_with};
use crate::core::signing::{Key, generate_key, parse_result, read_key, sign, verify};

use super::{Failure, Outcome};

/// Where the folders are.
pub(super) struct Dirs<'a> {
    pub scenarios: &'a Path,
    pub profiles: &'a Path,
    pub assessments: &'a Path,
}

/// How the candidate's moves are given.
pub(super) enum Candidate {
    /// One inputs file per scenario, named `<scenario id>.ron`.
    Inputs(PathBuf),
    /// A simulated candidate; the seed draws a random player's choices.
    Policy(Policy, u64),
    /// A person, in the game window.
    Window,
}

/// A path as given, or an id looked up as `<assessments>/<id>.ron`.
pub(super) fn assessment_path(spec: &str, dir: &Path) -> PathBuf {
    let p = Path::new(spec);
    if p.exists() || spec.ends_with(".ron") || spec.contains('/') {
        p.to_path_buf()
    } else {
        dir.join(format!("{spec}.ron"))
    }
}

fn load(spec: &str, dirs: &Dirs<'_>) -> Result<LoadedAssessment, Failure> {
    load_assessment(&assessment_path(spec, dirs.assessments), dirs.scenarios, dirs.profiles)
        .map_err(|e| Failure(e.to_string()))
}

/// The signing key: `--key FILE`, else `KAM_SIM_KEY_FILE`.
pub(super) fn key(given: Option<&Path>) -> Result<Key, Failure> {
    let path = given
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("KAM_SIM_KEY_FILE").map(PathBuf::from));
    let Some(path) = path else {
        return Err(Failure(
            "error: no signing key: give `--key FILE` or set KAM_SIM_KEY_FILE (create a key with `kam-sim results keygen FILE`, and keep it away from candidates)".into(),
        ));
    };
    read_key(&path).map_err(|e| Failure(format!("error: {e}")))
}

fn play_inputs(c: &Arc<CompiledScenario>, seed: u64, dir: &Path) -> Result<Session, Failure> {
    let id = &c.source.id;
    let path = dir.join(format!("{id}.ron"));
    if !path.exists() {
        return Err(Failure(format!(
            "error: no inputs for scenario `{id}`: expected `{}`",
            path.display()
        )));
    }
    let file: InputsFile = load_ron_file(&path).map_err(|r| Failure(r.render()))?;
    if &file.scenario != id {
        return Err(Failure(format!(
            "error: `{}` holds inputs for scenario `{}`, not `{id}`",
            path.display(),
            file.scenario
        )));
    }
    if file.seed != seed {
        return Err(Failure(format!(
            "error: `{}` was recorded with seed {}; the assessment fixes seed {seed} for `{id}`",
            path.display(),
            file.seed
        )));
    }
    let mut session = Session::new(c.clone(), seed);
    for (i, input) in file.inputs.iter().enumerate() {
        session
            .apply(input)
            .map_err(|e| Failure(format!("error: {}: input {}: {e}", path.display(), i + 1)))?;
    }
    if session.ending().is_none() {
        return Err(Failure(format!(
            "error: `{}` stops before the meeting of `{id}` ends",
            path.display()
        )));
    }
    Ok(session)
}

/// Writes a new file atomically; never replaces an existing one.
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    crate::core::assessment::write_new(path, text).map_err(|e| Failure(format!("error: {e}")))
}

/// `kam-sim assess <ASSESSMENT> --candidate ID (--inputs DIR | --policy P [--seed N]) [--out FILE]`.
pub(super) fn assess(
    spec: &str,
    candidate_id: &str,
    how: &Candidate,
    out: Option<&Path>,
    key_file: Option<&Path>,
    dirs: &Dirs<'_>,
) -> Outcome {
    if candidate_id.trim().is_empty() {
        return Err(Failure("error: `--candidate` must name the candidate".into()));
    }
    let key = key(key_file)?;
    let assessment = load(spec, dirs)?;
    if matches!(how, Candidate::Window) {
        return in_window(assessment, candidate_id, out, key);
    }
    let mut sessions = Vec::new();
    for (i, ((c, _), planned)) in assessment
        .scenarios
        .iter()
        .zip(&assessment.source.scenarios)
        .enumerate()
    {
        let session = match how {
            Candidate::Inputs(dir) => play_inputs(c, planned.seed, dir)?,
            Candidate::Policy(Policy::Random, chooser) => {
                play_random_with(c.clone(), planned.seed, chooser.wrapping_add(i as u64))
                    .map_err(|e| Failure(format!("error: {}: {e}", c.source.id)))?
            }
            Candidate::Policy(p, _) => policy::play(c.clone(), planned.seed, *p)
                .map_err(|e| Failure(format!("error: {}: {e}", c.source.id)))?,
            Candidate::Window => return Err(Failure("error: the game window is opened above".into())),
        };
        sessions.push(session);
    }
    let mut result = build_result(&assessment, candidate_id, &sessions).map_err(|e| Failure(format!("error: {e}")))?;
    sign(&mut result, &key);
    let path = out.map_or_else(
        || default_result_path(&assessment.source, candidate_id),
        Path::to_path_buf,
    );
    let text = serde_json::to_string_pretty(&result).map_err(|e| Failure(format!("error: {e}")))?;
    write_new(&path, &format!("{text}\n"))?;
    let s = &result.summary;
    println!(
        "{} — {}: average score {}, {}",
        result.assessment_name,
        result.candidate,
        s.average_score,
        if s.passed { "PASSED" } else { "NOT PASSED" }
    );
    for run in &result.runs {
        let score = run.result.get("score").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let ending = run
            .result
            .get("ending")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("-");
        println!("  {:<36} score {score:>3}  {ending}", run.scenario);
    }
    for check in &s.rule_checks {
        println!("  {check}");
    }
    println!("signed result written to {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The assessment in the game window: resumes a saved run of the same candidate if there is one.
#[cfg(feature = "game")]
fn in_window(assessment: LoadedAssessment, candidate: &str, out: Option<&Path>, key: Key) -> Outcome {
    let result_path = out.map_or_else(|| default_result_path(&assessment.source, candidate), Path::to_path_buf);
    if result_path.exists() {
        return Err(Failure(format!(
            "error: `{}` already exists: this candidate has completed the assessment",
            result_path.display()
        )));
    }
    let progress_path = result_path.with_extension("progress.json");
    if progress_path.exists() {
        println!("resuming the saved run in {}", progress_path.display());
    }
    let launch = crate::game::Launch {
        scenario: None,
        seed: None,
        assessment: Some(crate::game::assessment::AssessmentMode {
            assessment: Arc::new(assessment),
            candidate: candidate.to_owned(),
            key: Arc::new(key),
            progress_path,
            result_path: result_path.clone(),
        }),
    };
    match crate::game::run(launch, None, None) {
        bevy::app::AppExit::Success => {
            if result_path.exists() {
                println!("signed result written to {}", result_path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        bevy::app::AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}

#[cfg(not(feature = "game"))]
fn in_window(_: LoadedAssessment, _: &str, _: Option<&Path>, _: Key) -> Outcome {
    Err(Failure(
        "error: this build has no game window; give --inputs DIR or --policy (or build with the `game` feature)".into(),
    ))
}

/// `kam-sim results keygen FILE`.
pub(super) fn keygen(path: &Path) -> Outcome {
    let key = generate_key(path).map_err(|e| Failure(format!("error: {e}")))?;
    println!(
        "created {} (key id {}). Keep it where candidates cannot read it; results signed with it verify only with it.",
        path.display(),
        key.id()
    );
    Ok(ExitCode::SUCCESS)
}

/// `kam-sim results verify FILE [--key FILE]`.
pub(super) fn verify_file(path: &Path, key_file: Option<&Path>, dirs: &Dirs<'_>) -> Outcome {
    let key = key(key_file)?;
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure(format!("error: cannot read `{}`: {e}", path.display())))?;
    let (_, recorded) = parse_result(&text).map_err(|e| Failure(format!("error: {}: {e}", path.display())))?;
    let assessment = load(&recorded.assessment, dirs)?;
    let v = verify(&text, &key, &assessment);
    println!(
        "{}: {} — {}",
        path.display(),
        recorded.assessment_name,
        recorded.candidate
    );
    println!("  signature: {}", if v.signature_ok { "ok" } else { "FAILED" });
    println!(
        "  replay:    {}",
        if v.replay_ok {
            "ok, every number reproduced"
        } else {
            "FAILED"
        }
    );
    for p in &v.problems {
        println!("  {p}");
    }
    Ok(if v.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The default results database.
pub(super) const DEFAULT_DB: &str = "results/results.db";

/// `kam-sim results import FILE... [--db PATH] [--key FILE]`: verify every file, then store them all.
pub(super) fn import(files: &[PathBuf], db: &Path, key_file: Option<&Path>, dirs: &Dirs<'_>) -> Outcome {
    use crate::results::store::{ImportFile, Store, import};
    let key = key(key_file)?;
    let mut texts = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(f).map_err(|e| Failure(format!("error: cannot read `{}`: {e}", f.display())))?;
        let (_, r) = parse_result(&text)
            .map_err(|e| Failure(format!("error: {}: refused: {e}\nnothing was imported", f.display())))?;
        texts.push((f.display().to_string(), text, r.assessment));
    }
    let mut assessments: std::collections::BTreeMap<String, LoadedAssessment> = std::collections::BTreeMap::new();
    for (_, _, id) in &texts {
        if !assessments.contains_key(id) {
            assessments.insert(id.clone(), load(id, dirs)?);
        }
    }
    let batch: Vec<ImportFile<'_>> = texts
        .iter()
        .map(|(name, text, id)| ImportFile {
            name: name.clone(),
            text: text.clone(),
            assessment: &assessments[id],
        })
        .collect();
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", parent.display())))?;
    }
    let mut store = Store::open(db).map_err(|e| Failure(format!("error: {e}")))?;
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let report = import(&mut store, &batch, &key, &now).map_err(|e| Failure(format!("error: {e}")))?;
    for f in &report.stored {
        println!("imported {f}");
    }
    for f in &report.already_stored {
        println!("already stored, skipped: {f}");
    }
    println!(
        "{} imported, {} already stored ({})",
        report.stored.len(),
        report.already_stored.len(),
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every stored result of an assessment; an error when there is none.
fn stored_results(assessment: &str, db: &Path) -> Result<Vec<crate::core::assessment::AssessmentResult>, Failure> {
    let store = crate::results::store::Store::open_existing(db).map_err(|e| Failure(format!("error: {e}")))?;
    let results = store
        .results_of(assessment)
        .map_err(|e| Failure(format!("error: {e}")))?;
    if results.is_empty() {
        return Err(Failure(format!(
            "error: no results of assessment `{assessment}` in `{}`",
            db.display()
        )));
    }
    Ok(results)
}

/// `kam-sim results export-xapi <ASSESSMENT> OUT.json [--db PATH]`.
pub(super) fn export_xapi(assessment: &str, out: &Path, db: &Path) -> Outcome {
    let results = stored_results(assessment, db)?;
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let statements = crate::results::xapi::statements(&results, &now);
    let text = serde_json::to_string_pretty(&statements).map_err(|e| Failure(format!("error: {e}")))?;
    write_replacing(out, &format!("{text}\n"))?;
    println!("{} xAPI statements written to {}", statements.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes a report or export atomically, replacing an older one.
pub(super) fn write_replacing(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", parent.display())))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Failure(format!("error: cannot write `{}`: {e}", path.display()))
        })
}

/// `kam-sim report candidate <ID> --html OUT [--assessment A] [--db PATH]`.
pub(super) fn report_candidate(
    candidate: &str,
    assessment: Option<&str>,
    html: &Path,
    db: &Path,
    dirs: &Dirs<'_>,
) -> Outcome {
    use crate::results::store::Store;
    let store = Store::open_existing(db).map_err(|e| Failure(format!("error: {e}")))?;
    let mut results = store
        .results_for(candidate)
        .map_err(|e| Failure(format!("error: {e}")))?;
    if let Some(a) = assessment {
        results.retain(|r| r.assessment == a);
    }
    let result = match results.len() {
        0 => {
            return Err(Failure(format!(
                "error: no stored result for candidate `{candidate}` in `{}`",
                db.display()
            )));
        }
        1 => &results[0],
        _ => {
            let ids: Vec<&str> = results.iter().map(|r| r.assessment.as_str()).collect();
            return Err(Failure(format!(
                "error: candidate `{candidate}` has results of several assessments ({}); choose one with --assessment",
                ids.join(", ")
            )));
        }
    };
    let profile =
        crate::core::profile::load_profile(&result.profile, dirs.profiles).map_err(|r| Failure(r.render()))?;
    write_replacing(html, &crate::results::report::candidate_html(result, &profile))?;
    println!("report for {candidate} written to {}", html.display());
    Ok(ExitCode::SUCCESS)
}

/// `kam-sim report cohort <ASSESSMENT> [--html OUT] [--csv OUT] [--db PATH]`.
pub(super) fn report_cohort(assessment: &str, html: Option<&Path>, csv: Option<&Path>, db: &Path) -> Outcome {
    use crate::results::report::{cohort, cohort_csv, cohort_html};
    if html.is_none() && csv.is_none() {
        return Err(Failure("error: give --html OUT, --csv OUT, or both".into()));
    }
    let results = stored_results(assessment, db)?;
    let c = cohort(&results);
    if let Some(path) = html {
        write_replacing(path, &cohort_html(&c, &results[0].assessment_name))?;
        println!("cohort report written to {}", path.display());
    }
    if let Some(path) = csv {
        write_replacing(path, &cohort_csv(&c))?;
        println!("cohort table written to {}", path.display());
    }
    println!("{}", c.reliability_note);
    Ok(ExitCode::SUCCESS)
}
