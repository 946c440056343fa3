//! Assessment mode: the scenarios of an assessment in order, with its fixed seeds; no menu, no
//! replay, no skipping, no hot reload. The run is saved after every input (`core::assessment::
//! Progress`), so relaunching the same command resumes at the last input; at the end the signed
//! result file is written, and the debriefs are shown only if the assessment allows it.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::language::Language;
use super::runner::Meeting;
use super::screens::Debrief;
use super::{GameSystems, Launch, Screen};
use crate::core::allowance::TimeAllowance;
use crate::core::assessment::result::now_rfc3339;
use crate::core::assessment::runner::Progress;
use crate::core::assessment::signing::{Key, sign};
use crate::core::assessment::{AssessmentRunner, LoadedAssessment, PlayedBy};
use crate::core::engine::{Phase, Session};
use crate::core::i18n::interface as ui;
use crate::core::i18n::{Lang, Texts};
use crate::core::result::RunResult;

/// What `kam-sim assess` without `--inputs` or `--policy` hands to the game.
#[derive(Clone)]
pub struct AssessmentMode {
    /// The assessment, its scenarios and profile loaded.
    pub assessment: Arc<LoadedAssessment>,
    /// The candidate.
    pub candidate: String,
    /// The signing key.
    pub key: Arc<Key>,
    /// Where the run in progress is saved after every input.
    pub progress_path: PathBuf,
    /// Where the signed result goes (never overwritten).
    pub result_path: PathBuf,
    /// The answering time the manager granted (`kam-sim assess --extended-time`): fixed for the run,
    /// recorded in the signed result; the settings show it and cannot change it.
    pub time_allowance: TimeAllowance,
}

impl std::fmt::Debug for AssessmentMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssessmentMode")
            .field("assessment", &self.assessment.source.id)
            .field("candidate", &self.candidate)
            .field("key", &self.key.id())
            .field("progress_path", &self.progress_path)
            .field("result_path", &self.result_path)
            .field("time_allowance", &self.time_allowance)
            .finish()
    }
}

/// The assessment being played.
#[derive(Resource)]
pub struct AssessmentRun {
    mode: AssessmentMode,
    runner: AssessmentRunner,
    recorded: usize,
    /// Set once the result file is written (or could not be): the debriefs to show, if any.
    pub results: Option<Vec<RunResult>>,
    /// Which debrief is on screen.
    pub showing: usize,
    /// A problem the candidate must be told about (the run is still saved).
    pub problem: Option<String>,
}

impl AssessmentRun {
    /// The answering time the candidate was granted for this run.
    pub fn time_allowance(&self) -> TimeAllowance {
        self.runner.time_allowance()
    }
}

impl AssessmentRun {
    /// The assessment.
    pub fn assessment(&self) -> &LoadedAssessment {
        &self.mode.assessment
    }

    /// Index of the scenario being played.
    pub fn index(&self) -> usize {
        self.runner.index()
    }
}

/// Opens the saved run of `mode`, if any. A saved run that cannot be resumed (damaged, of another
/// format, or of a changed assessment) is never overwritten: it is moved aside with the time in its
/// name, and the returned message says where, for the candidate and the manager.
pub fn open_saved_run(mode: &AssessmentMode, lang: Lang, texts: &Texts) -> (AssessmentRunner, Option<String>) {
    let fresh = || {
        AssessmentRunner::start(
            mode.assessment.clone(),
            &mode.candidate,
            PlayedBy::Person,
            lang.code(),
            mode.time_allowance,
            &now_rfc3339(),
        )
    };
    let problem = match Progress::load(&mode.progress_path) {
        Ok(None) => return (fresh(), None),
        Ok(Some(p)) => match AssessmentRunner::resume(mode.assessment.clone(), p) {
            Ok(runner) => return (runner, None),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    };
    let moved = Progress::set_aside(&mode.progress_path, &now_rfc3339());
    let message = match moved {
        Ok(to) => texts.fill(
            &ui::GAME_RUN_SET_ASIDE,
            &[("problem", &problem), ("file", &to.display().to_string())],
        ),
        Err(e) => texts.fill(
            &ui::GAME_RUN_NOT_MOVED,
            &[("problem", &problem), ("why", &e.to_string())],
        ),
    };
    (fresh(), Some(message))
}

/// Whether the game runs an assessment.
pub fn in_assessment(run: Option<Res<AssessmentRun>>) -> bool {
    run.is_some()
}

fn screen_for(session: &Session) -> Screen {
    match session.phase() {
        Phase::Preparation => Screen::Briefing,
        Phase::Meeting => Screen::Meeting,
        _ => Screen::Debrief,
    }
}

/// Starts or resumes the run, once, instead of the menu.
fn begin(
    mut commands: Commands,
    launch: Res<Launch>,
    time: Res<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
    run: Option<Res<AssessmentRun>>,
    language: Res<Language>,
) {
    let (Some(mode), None) = (&launch.assessment, run) else {
        return;
    };
    let (mut runner, problem) = open_saved_run(mode, language.lang(), &language.texts);
    if let Some(p) = &problem {
        error!("{p}");
    }
    let Some(session) = runner.session_to_play() else {
        return;
    };
    next.set(screen_for(&session));
    let recorded = session.inputs_played();
    commands.insert_resource(Meeting::resume(session, &time, &language));
    commands.insert_resource(AssessmentRun {
        mode: mode.clone(),
        runner,
        recorded,
        results: None,
        showing: 0,
        problem,
    });
}

/// After every input: save the run; at the end of a scenario, go on to the next or finish.
fn follow_the_run(
    mut commands: Commands,
    mut run: ResMut<AssessmentRun>,
    mut meeting: ResMut<Meeting>,
    time: Res<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
    language: Res<Language>,
) {
    if run.results.is_some() {
        return;
    }
    let played = meeting.session.inputs_played();
    let ended = meeting.session.ending().is_some();
    if played == run.recorded && !ended {
        return;
    }
    run.recorded = played;
    if !ended {
        run.runner.record(&meeting.session);
        save(&mut run, &language.texts);
        return;
    }
    let a = run.mode.assessment.clone();
    let done = std::mem::replace(
        &mut meeting.session,
        Session::new(a.scenarios[0].0.clone(), a.source.scenarios[0].seed),
    );
    if let Err(e) = run.runner.complete_scenario(done) {
        run.problem = Some(language.texts.fill(&ui::GAME_RUN_STOPPED, &[("why", &e.to_string())]));
    }
    save(&mut run, &language.texts);
    if let Some((c, seed)) = run.runner.current_scenario() {
        run.recorded = 0;
        let allowance = run.runner.time_allowance();
        commands.insert_resource(Meeting::start(c, seed, allowance, &time, &language));
        next.set(Screen::Briefing);
        return;
    }
    finish(&mut run, &language.texts);
    if let Some(last) = run.runner.finished().last() {
        meeting.session = Session::new(last.scenario().clone(), last.seed());
    }
    let shown = show(&run, &language);
    commands.insert_resource(Debrief(shown));
    next.set(Screen::Debrief);
}

/// Saves the run; a failure is told to the candidate, and play goes on.
fn save(run: &mut AssessmentRun, texts: &Texts) {
    if let Err(e) = run.runner.progress().save(&run.mode.progress_path) {
        run.problem = Some(texts.fill(&ui::GAME_NOT_SAVED, &[("why", &e.to_string())]));
    }
}

/// Builds, signs and writes the result; removes the saved run once the result is safely written.
fn finish(run: &mut AssessmentRun, texts: &Texts) {
    let mut result = match run.runner.result(&now_rfc3339()) {
        Ok(r) => r,
        Err(e) => {
            run.problem = Some(texts.fill(&ui::GAME_RESULT_FAILED, &[("why", &e.to_string())]));
            run.results = Some(Vec::new());
            return;
        }
    };
    sign(&mut result, &run.mode.key);
    let written = serde_json::to_string_pretty(&result)
        .map_err(std::io::Error::other)
        .and_then(|text| crate::core::atomic::write_new(&run.mode.result_path, format!("{text}\n").as_bytes()));
    match written {
        Ok(()) => {
            let _ = std::fs::remove_file(&run.mode.progress_path);
        }
        Err(e) => {
            run.problem = Some(texts.fill(
                &ui::GAME_RESULT_NOT_WRITTEN,
                &[
                    ("file", &run.mode.result_path.display().to_string()),
                    ("why", &e.to_string()),
                    ("saved", &run.mode.progress_path.display().to_string()),
                ],
            ));
        }
    }
    run.results = Some(result.runs.into_iter().map(|r| r.result).collect());
}

/// What the debrief screen shows at the end: a debrief, or a closing message.
fn show(run: &AssessmentRun, language: &Language) -> Result<RunResult, String> {
    let texts = &language.texts;
    let closing = || {
        let mut text = texts.get(&ui::GAME_ASSESSMENT_DONE);
        if let Some(p) = &run.problem {
            text = format!("{text}\n\n{p}");
        }
        text
    };
    if !run.mode.assessment.source.show_debriefs || run.problem.is_some() {
        return Err(closing());
    }
    run.results
        .as_ref()
        .and_then(|r| r.get(run.showing))
        .map(|english| language.result(english))
        .ok_or_else(closing)
}

/// A new language shows the debrief on screen in it (the screen is rebuilt from `Debrief`).
fn retranslate_debrief(mut commands: Commands, run: Option<Res<AssessmentRun>>, language: Res<Language>) {
    if let Some(run) = run.filter(|r| r.results.is_some()) {
        commands.insert_resource(Debrief(show(&run, &language)));
    }
}

/// N shows the next debrief at the end of an assessment.
fn next_debrief(
    keys: Res<ButtonInput<KeyCode>>,
    mut commands: Commands,
    mut run: ResMut<AssessmentRun>,
    mut next: ResMut<NextState<Screen>>,
    language: Res<Language>,
) {
    let count = run.results.as_ref().map_or(0, Vec::len);
    if keys.just_pressed(KeyCode::KeyN) && count > 0 {
        run.showing = (run.showing + 1) % count;
        commands.insert_resource(Debrief(show(&run, &language)));
        next.set(Screen::Debrief);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        begin.in_set(GameSystems::Load).run_if(in_state(Screen::Loading)),
    )
    .add_systems(
        Update,
        follow_the_run
            .in_set(GameSystems::Present)
            .run_if(in_assessment.and_then(super::runner::meeting_is_running)),
    )
    .add_systems(
        Update,
        next_debrief
            .in_set(GameSystems::Input)
            .run_if(in_state(Screen::Debrief).and_then(in_assessment)),
    )
    .add_systems(
        Update,
        retranslate_debrief
            .after(super::language::apply_settings)
            .run_if(in_assessment.and_then(resource_changed::<Language>)),
    );
}
