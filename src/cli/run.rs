//! `kam-sim run <SCENARIO>`: a headless playthrough — from timed inputs, a list of choices or an
//! automatic player — scored, and optionally saved as inputs and recorded in a practice journal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::error::CliError;
use super::output::write_file;
use super::{Format, Outcome, PolicyArg, journal, load_scenario, print_json, show};
use crate::core::compile::CompiledScenario;
use crate::core::content::ContentDirs;
use crate::core::diagnostic::{Diagnostic, FileReport, locate};
use crate::core::engine::{Phase, Session};
use crate::core::i18n::component::scenario_component_name;
use crate::core::i18n::project::{read_catalog, translate_scenario};
use crate::core::i18n::{Lang, Texts};
use crate::core::inputs::InputsFile;
use crate::core::load::load_ron_file;
use crate::core::policy::{self, Policy, Skill};
use crate::core::profile::{Profile, load_profile};
use crate::core::result::{result_in, result_of};

/// What `kam-sim run` is given.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// Scenario file, or id of a scenario under the scenarios folder.
    scenario: String,
    /// Seed of the random draws (defaults to the inputs file's seed, else 0).
    #[arg(long)]
    seed: Option<u64>,
    /// Inputs file (RON, see docs/inputs-format.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["choices", "policy"])]
    inputs: Option<PathBuf>,
    /// Comma-separated ids: dossier items and a route, then options (`wait` lets a timer run out).
    #[arg(long, value_delimiter = ',', conflicts_with = "policy")]
    choices: Option<Vec<String>>,
    /// Automatic player (the default is `random`).
    #[arg(long, value_enum)]
    policy: Option<PolicyArg>,
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
    /// Write the inputs that were played, replayable with --inputs.
    #[arg(long, value_name = "FILE")]
    save_inputs: Option<PathBuf>,
    /// Target profile id or file (default: kam_target, if present).
    #[arg(long, value_name = "ID|FILE")]
    profile: Option<String>,
    /// Print the transcript in human output.
    #[arg(long)]
    transcript: bool,
    /// Language of the texts (en, pt, es, ru, az); scores, ids and JSON keys are the same in all.
    #[arg(long, default_value_t = Lang::En)]
    lang: Lang,
    /// Record the run in this practice journal (see `kam-sim journal show`).
    #[arg(long, value_name = "PATH")]
    journal: Option<PathBuf>,
    /// The player the run is recorded for (default: the system user's name).
    #[arg(long, requires = "journal")]
    player: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// How the run is played.
enum How<'a> {
    /// Replaying an inputs file.
    Inputs(&'a Path),
    /// A list of choice ids.
    Choices(&'a [String]),
    /// An automatic player.
    Policy(Policy),
    /// A simulated candidate of a skill, its choices drawn from the run's seed.
    Skilled(Skill),
}

impl RunArgs {
    fn how(&self) -> How<'_> {
        match (&self.inputs, &self.choices, self.policy) {
            (Some(file), _, _) => How::Inputs(file),
            (_, Some(list), _) => How::Choices(list),
            (_, _, Some(p)) => match (p.plain(), self.skill) {
                (Some(plain), _) => How::Policy(plain),
                // clap requires --skill with --policy skilled; the median candidate otherwise.
                (None, skill) => How::Skilled(skill.unwrap_or(Skill::MEDIAN)),
            },
            _ => How::Policy(Policy::Random),
        }
    }
}

/// `kam-sim run`.
pub(crate) fn run(args: &RunArgs, dirs: &ContentDirs) -> Outcome {
    super::refuse_skill_without_skilled(args.skill, args.policy)?;
    let english = load_scenario(dirs, &args.scenario)?;
    let (c, scenario_fallbacks, texts) = in_language(dirs, &english, args.lang)?;
    let profile = target_profile(dirs, args.profile.as_deref())?;
    let seed = args.seed.unwrap_or(0);
    let session = match args.how() {
        How::Inputs(path) => replay(c, path, args.seed)?,
        How::Choices(ids) => policy::play_choices(c, seed, ids)?,
        How::Policy(p) => policy::play(c, seed, p)?,
        How::Skilled(skill) => policy::play_skilled(c, seed, seed, skill)?,
    };
    if let Some(path) = &args.save_inputs {
        write_file(path, &session.played_inputs().to_ron())?;
    }
    let result = result_in(&session, profile.as_ref(), &texts)?;
    if let Some(path) = &args.journal {
        let run = crate::results::journal::PracticeRun {
            player: args
                .player
                .clone()
                .unwrap_or_else(crate::results::journal::default_player),
            played_at: crate::core::assessment::result::now_rfc3339(),
            language: args.lang.code().into(),
            inputs: session.played_inputs_ms(),
            result: result.clone(),
        };
        journal::record(path, &run)?;
    }
    let fell_back = scenario_fallbacks + texts.fell_back();
    if fell_back > 0 && args.format == Format::Human {
        eprintln!(
            "note: {fell_back} texts have no current {} translation and are shown in English",
            args.lang.code()
        );
    }
    match args.format {
        Format::Json => print_json(&result),
        Format::Human => {
            print!("{}", show::result(&result, args.transcript, &texts));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The scenario and kam-sim's own texts in `lang` (English where a text has no current
/// translation), with how many of the scenario's texts fell back to English.
pub(crate) fn in_language(
    dirs: &ContentDirs,
    english: &Arc<CompiledScenario>,
    lang: Lang,
) -> Result<(Arc<CompiledScenario>, usize, Texts), CliError> {
    let component = scenario_component_name(&english.source.id);
    let catalog = read_catalog(&dirs.translations, &component, lang).map_err(CliError::Translation)?;
    let (c, fell_back) = translate_scenario(english, &catalog);
    let texts = Texts::load(&dirs.translations, lang).map_err(CliError::Translation)?;
    Ok((c, fell_back, texts))
}

/// The profile a run is compared with: the one named, else `kam_target` when the profiles folder
/// has it, else none.
pub(crate) fn target_profile(dirs: &ContentDirs, spec: Option<&str>) -> Result<Option<Profile>, CliError> {
    let spec = match spec {
        Some(spec) => spec,
        None if dirs.profiles.join("kam_target.ron").exists() => "kam_target",
        None => return Ok(None),
    };
    load_profile(spec, &dirs.profiles)
        .map(Some)
        .map_err(|r| CliError::Findings(r.render()))
}

/// Replays an inputs file; a refused input is reported at its line in the file.
fn replay(c: Arc<CompiledScenario>, path: &Path, seed: Option<u64>) -> Result<Session, CliError> {
    let file: InputsFile = load_ron_file(path).map_err(|r| CliError::Findings(r.render()))?;
    let text = crate::core::source::read_text(path).unwrap_or_default();
    let problem = |index: Option<usize>, code: &'static str, message: String, help: &str| {
        let at = index.map_or_else(|| "scenario".to_owned(), |i| format!("inputs[{i}]"));
        let mut d = vec![Diagnostic::error(code, at, message).with_help(help.to_owned())];
        locate(&text, &mut d);
        CliError::Findings(
            FileReport {
                file: path.display().to_string(),
                source: Some(text.clone().into()),
                diagnostics: d,
            }
            .render(),
        )
    };
    if file.scenario != c.source.id {
        return Err(problem(
            None,
            "kam::inputs::wrong_scenario",
            format!(
                "these inputs were recorded on `{}`, not `{}`",
                file.scenario, c.source.id
            ),
            "run them on the scenario they were recorded on",
        ));
    }
    let mut session = Session::new(c, seed.unwrap_or(file.seed)).with_time_allowance(file.time_allowance);
    for (i, input) in file.inputs.iter().enumerate() {
        if let Err(e) = session.apply(input) {
            return Err(problem(
                Some(i),
                "kam::inputs::refused",
                e.to_string(),
                "fix or remove this input",
            ));
        }
    }
    if !matches!(session.phase(), Phase::Ended) {
        let index = file.inputs.len().checked_sub(1);
        let reason = result_of(&session, None)
            .err()
            .map_or_else(String::new, |e| e.to_string());
        return Err(problem(
            index,
            "kam::inputs::unfinished",
            format!("the inputs end before the meeting does: {reason}"),
            "add the remaining choices, or a `Wait` input to let a timer run out",
        ));
    }
    Ok(session)
}
