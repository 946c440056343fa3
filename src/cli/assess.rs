//! `kam-sim assess`: a candidate's run through an assessment — headless from inputs files or a
//! simulated candidate, or in the game window — ending in a signed result file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::error::CliError;
use super::output::write_new;
use super::results::load_key;
use super::{Format, Outcome, PolicyArg, print_json};
use crate::core::allowance::TimeAllowance;
use crate::core::assessment::result::now_rfc3339;
use crate::core::assessment::signing::sign;
use crate::core::assessment::{
    AssessmentResult, AssessmentRunner, LoadedAssessment, PlayedBy, RunError, default_result_path, load_assessment,
};
use crate::core::compile::CompiledScenario;
use crate::core::content::ContentDirs;
use crate::core::engine::Session;
use crate::core::inputs::InputsFile;
use crate::core::load::load_ron_file;
use crate::core::policy::{self, Policy, Skill, play_random_with};

/// `kam-sim assess` arguments.
#[derive(clap::Args)]
pub(crate) struct AssessArgs {
    /// Assessment file, or id of one under the assessments folder.
    assessment: String,
    /// The candidate's name or id.
    #[arg(long)]
    candidate: String,
    /// Folder with one inputs file per scenario, named `<scenario id>.ron` (headless). Without
    /// `--inputs` or `--policy` the assessment opens in the game window.
    #[arg(long, value_name = "DIR", conflicts_with = "policy")]
    inputs: Option<PathBuf>,
    /// A simulated candidate instead of inputs; its result is marked simulated.
    #[arg(long, value_enum)]
    policy: Option<PolicyArg>,
    /// With `--policy random` or `skilled`: the seed of the simulated candidate's choices (the
    /// situations are fixed by the assessment).
    #[arg(long, default_value_t = 0, requires = "policy")]
    seed: u64,
    /// With `--policy skilled`: the simulated candidate's skill θ, from -4 to 4 (0 is the median
    /// candidate, 1 one standard deviation above; see docs/inputs-format.md).
    #[arg(
        long,
        value_name = "θ",
        allow_negative_numbers = true,
        requires = "policy",
        required_if_eq("policy", "skilled")
    )]
    skill: Option<Skill>,
    /// Result file (default: results/<assessment>/<candidate>.json); never overwritten.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Signing key (default: the file named by KAM_SIM_KEY_FILE).
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// The language the candidate plays in (recorded in the result; the game's settings or the
    /// system's language when not given). Scores do not depend on it.
    #[arg(long)]
    lang: Option<crate::core::i18n::Lang>,
    /// Give the candidate extended time: every answer timer and every speaker's patience doubled,
    /// for a candidate who plays with a screen reader or needs longer to read (an accessibility
    /// adjustment; docs/game.md). Recorded in the signed result and shown in every report. Not with
    /// `--policy`: simulated candidates answer within the standard windows.
    #[arg(long, conflicts_with = "policy")]
    extended_time: bool,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

impl AssessArgs {
    fn time_allowance(&self) -> TimeAllowance {
        if self.extended_time {
            TimeAllowance::Extended
        } else {
            TimeAllowance::Standard
        }
    }
}

fn play_inputs(
    c: &Arc<CompiledScenario>,
    seed: u64,
    allowance: TimeAllowance,
    dir: &Path,
) -> Result<Session, CliError> {
    let id = &c.source.id;
    let path = dir.join(format!("{id}.ron"));
    if !path.exists() {
        return Err(CliError::not_found(
            format!("no inputs for scenario `{id}`: expected `{}`", path.display()),
            None,
        ));
    }
    let file: InputsFile = load_ron_file(&path).map_err(|r| CliError::Findings(r.render()))?;
    if &file.scenario != id {
        return Err(CliError::refused_plainly(format!(
            "`{}` holds inputs for scenario `{}`, not `{id}`",
            path.display(),
            file.scenario
        )));
    }
    if file.seed != seed {
        return Err(CliError::refused_plainly(format!(
            "`{}` was recorded with seed {}; the assessment fixes seed {seed} for `{id}`",
            path.display(),
            file.seed
        )));
    }
    if file.time_allowance != allowance {
        return Err(CliError::refused_plainly(format!(
            "`{}` was played with {} time; this run gives {} time{}",
            path.display(),
            file.time_allowance.id(),
            allowance.id(),
            if allowance.is_standard() {
                " (give `--extended-time` for a candidate granted it)"
            } else {
                ""
            }
        )));
    }
    let mut session = Session::new(c.clone(), seed).with_time_allowance(allowance);
    for (i, input) in file.inputs.iter().enumerate() {
        session
            .apply(input)
            .map_err(|e| CliError::refused_plainly(format!("{}: input {}: {e}", path.display(), i + 1)))?;
    }
    if session.ending().is_none() {
        return Err(CliError::refused_plainly(format!(
            "`{}` stops before the meeting of `{id}` ends",
            path.display()
        )));
    }
    Ok(session)
}

/// The saved, unfinished window run of the result at `result_path`.
pub(crate) fn progress_path(result_path: &Path) -> PathBuf {
    result_path.with_extension("progress.json")
}

/// `kam-sim assess`.
pub(crate) fn run(args: &AssessArgs, dirs: &ContentDirs) -> Outcome {
    if args.candidate.trim().is_empty() {
        return Err(CliError::refused_plainly("`--candidate` must name the candidate"));
    }
    super::refuse_skill_without_skilled(args.skill, args.policy)?;
    let key = load_key(args.key.as_deref())?;
    let assessment = Arc::new(load_assessment(&args.assessment, dirs)?);
    let result_path = args
        .out
        .clone()
        .unwrap_or_else(|| default_result_path(&assessment.source, &args.candidate));
    if result_path.exists() {
        return Err(CliError::Exists {
            path: result_path,
            kept: "this candidate has completed the assessment (a result is never overwritten)",
            help: None,
        });
    }
    let how = match (&args.inputs, args.policy) {
        (Some(dir), _) => Candidate::Inputs(dir),
        (None, Some(p)) => Candidate::Policy(p),
        (None, None) => {
            return in_window(
                assessment,
                &args.candidate,
                &result_path,
                key,
                args.lang,
                args.time_allowance(),
            );
        }
    };
    let saved = progress_path(&result_path);
    if saved.exists() {
        return Err(CliError::refused(
            format!(
                "a run of `{}` started in the game window is saved in `{}`",
                args.candidate,
                saved.display()
            ),
            format!(
                "finish it with `kam-sim assess {} --candidate {:?}` (no --inputs or --policy), or move that file away first",
                args.assessment, args.candidate
            ),
        ));
    }
    let played_by = match how {
        Candidate::Inputs(_) => PlayedBy::Person,
        Candidate::Policy(p) => PlayedBy::Simulated {
            policy: <&str>::from(p).into(),
            seed: args.seed,
            skill: matches!(p, PolicyArg::Skilled).then(|| args.skill.unwrap_or(Skill::MEDIAN)),
        },
    };
    let mut runner = AssessmentRunner::start(
        assessment.clone(),
        &args.candidate,
        played_by,
        args.lang.unwrap_or_default().code(),
        args.time_allowance(),
        &now_rfc3339(),
    );
    while let Some((c, seed)) = runner.current_scenario() {
        let i = runner.index();
        let session = match how {
            Candidate::Inputs(dir) => play_inputs(&c, seed, runner.time_allowance(), dir)?,
            Candidate::Policy(p) => {
                let chooser = args.seed.wrapping_add(i as u64);
                match p.plain() {
                    Some(Policy::Random) => play_random_with(c.clone(), seed, chooser),
                    Some(plain) => policy::play(c.clone(), seed, plain),
                    None => policy::play_skilled(c.clone(), seed, chooser, args.skill.unwrap_or(Skill::MEDIAN)),
                }
                .map_err(|e| unplayable(&c, &e))?
            }
        };
        runner.complete_scenario(session)?;
    }
    let mut result = runner.result(&now_rfc3339())?;
    sign(&mut result, &key);
    write_result(&result_path, &result)?;
    summarise(&result, &result_path, args.format)
}

/// A simulated candidate who cannot finish a scenario: the assessment run cannot go on.
fn unplayable(c: &CompiledScenario, e: &policy::PlayError) -> CliError {
    RunError {
        scenario: c.source.id.clone(),
        why: e.to_string(),
    }
    .into()
}

#[derive(Clone, Copy)]
enum Candidate<'a> {
    Inputs(&'a Path),
    Policy(PolicyArg),
}

/// Writes a signed result as a new file; never replaces one.
fn write_result(path: &Path, result: &AssessmentResult) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(result)?;
    write_new(
        path,
        format!("{text}\n").as_bytes(),
        "a completed assessment is never overwritten",
        None,
    )
}

#[derive(Serialize)]
struct Summary<'a> {
    file: String,
    assessment: &'a str,
    candidate: &'a str,
    simulated: bool,
    average_score: u8,
    passed: bool,
    scenarios: Vec<ScenarioLine<'a>>,
    rule_checks: &'a [String],
}

#[derive(Serialize)]
struct ScenarioLine<'a> {
    scenario: &'a str,
    score: u8,
    ending: &'a str,
}

fn summarise(result: &AssessmentResult, path: &Path, format: Format) -> Outcome {
    let s = &result.summary;
    if format == Format::Json {
        return print_json(&Summary {
            file: path.display().to_string(),
            assessment: &result.assessment,
            candidate: &result.candidate,
            simulated: result.played_by.is_simulated(),
            average_score: s.average_score,
            passed: s.passed,
            scenarios: result
                .runs
                .iter()
                .map(|r| ScenarioLine {
                    scenario: &r.scenario,
                    score: r.result.score,
                    ending: &r.result.ending,
                })
                .collect(),
            rule_checks: &s.rule_checks,
        });
    }
    println!(
        "{} — {}{}: average score {}, {}",
        result.assessment_name,
        result.candidate,
        if result.played_by.is_simulated() {
            " (simulated)"
        } else {
            ""
        },
        s.average_score,
        if s.passed { "PASSED" } else { "NOT PASSED" }
    );
    for run in &result.runs {
        println!(
            "  {:<36} score {:>3}  {}",
            run.scenario, run.result.score, run.result.ending
        );
    }
    for check in &s.rule_checks {
        println!("  {check}");
    }
    println!("signed result written to {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The assessment in the game window: resumes a saved run of the same candidate if there is one.
#[cfg(feature = "game")]
fn in_window(
    assessment: Arc<LoadedAssessment>,
    candidate: &str,
    result_path: &Path,
    key: crate::core::assessment::signing::Key,
    lang: Option<crate::core::i18n::Lang>,
    time_allowance: TimeAllowance,
) -> Outcome {
    let progress_path = progress_path(result_path);
    // A saved run goes on with the time it was started with; a relaunch that gives other time is a
    // mistake to point out, not a silent change of the candidate's conditions. (A saved run that
    // cannot be read is the game's to set aside.)
    if let Ok(Some(saved)) = crate::core::assessment::Progress::load(&progress_path)
        && saved.time_allowance != time_allowance
    {
        return Err(CliError::refused(
            format!(
                "the saved run of `{candidate}` in `{}` was started with {} time, this launch gives {} time",
                progress_path.display(),
                saved.time_allowance.id(),
                time_allowance.id()
            ),
            if saved.time_allowance.is_standard() {
                "relaunch without `--extended-time`".to_owned()
            } else {
                "relaunch with `--extended-time`".to_owned()
            },
        ));
    }
    if progress_path.exists() {
        println!(
            "a saved run was found in {}: the game resumes it (one that cannot be resumed is kept aside, never overwritten)",
            progress_path.display()
        );
    }
    let launch = crate::game::Launch {
        scenario: None,
        seed: None,
        lang,
        journal: None,
        draft: None,
        assessment: Some(crate::game::assessment::AssessmentMode {
            assessment,
            candidate: candidate.to_owned(),
            key: Arc::new(key),
            progress_path,
            result_path: result_path.to_path_buf(),
            time_allowance,
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
fn in_window(
    _: Arc<LoadedAssessment>,
    _: &str,
    _: &Path,
    _: crate::core::assessment::signing::Key,
    _: Option<crate::core::i18n::Lang>,
    _: TimeAllowance,
) -> Outcome {
    Err(CliError::refused(
        "this build has no game window",
        "give --inputs DIR or --policy (or build with the `game` feature)",
    ))
}
