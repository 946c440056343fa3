//! Assessment mode: the scenarios of an assessment in order, with its fixed seeds; no menu, no
//! replay, no skipping, no hot reload. The run is saved after every input (`core::assessment::
//! Progress`), so relaunching the same command resumes at the last input; at the end the signed
//! result file is written, and the debriefs are shown only if the assessment allows it.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::runner::Meeting;
use super::screens::Debrief;
use super::{GameSystems, Launch, Screen};
use crate::core::assessment::{LoadedAssessment, Progress, build_result, write_new};
use crate::core::engine::{Phase, Session};
use crate::core::result::{RunResult, result_of};
use crate::core::signing::{Key, sign};

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
}

impl std::fmt::Debug for AssessmentMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssessmentMode")
            .field("assessment", &self.assessment.source.id)
            .field("candidate", &self.candidate)
            .field("key", &self.key.id())
            .field("progress_path", &self.progress_path)
            .field("result_path", &self.result_path)
            .finish()
    }
}

/// The assessment being played.
#[derive(Resource)]
pub struct AssessmentRun {
    mode: AssessmentMode,
    progress: Progress,
    /// Index of the scenario being played.
    pub index: usize,
    finished: Vec<Session>,
    recorded: usize,
    /// Set once the result file is written (or could not be): the debriefs to show, if any.
    pub results: Option<Vec<RunResult>>,
    /// Which debrief is on screen.
    pub showing: usize,
    /// A problem the candidate must be told about (the run is still saved).
    pub problem: Option<String>,
}

impl AssessmentRun {
    /// The assessment.
    pub fn assessment(&self) -> &LoadedAssessment {
        &self.mode.assessment
    }
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
) {
    let (Some(mode), None) = (&launch.assessment, run) else {
        return;
    };
    let a = &mode.assessment;
    let saved = match Progress::load(&mode.progress_path) {
        Ok(p) => p,
        Err(e) => {
            error!("{e}");
            None
        }
    };
    let (progress, finished, current) = match saved.map(|p| (p.resume(a), p)) {
        Some((Ok(resumed), p)) => (p, resumed.finished, resumed.current),
        Some((Err(e), _)) => {
            error!("the saved run cannot be resumed: {e}");
            (Progress::new(a, &mode.candidate), Vec::new(), None)
        }
        None => (Progress::new(a, &mode.candidate), Vec::new(), None),
    };
    let index = finished.len();
    let session = current.unwrap_or_else(|| {
        let (c, _) = &a.scenarios[index.min(a.scenarios.len() - 1)];
        Session::new(c.clone(), a.source.scenarios[index.min(a.scenarios.len() - 1)].seed)
    });
    next.set(screen_for(&session));
    let recorded = session.inputs_played();
    commands.insert_resource(Meeting::resume(session, &time));
    commands.insert_resource(AssessmentRun {
        mode: mode.clone(),
        progress,
        index,
        finished,
        recorded,
        results: None,
        showing: 0,
        problem: None,
    });
}

/// After every input: save the run; at the end of a scenario, go on to the next or finish.
fn follow_the_run(
    mut commands: Commands,
    mut run: ResMut<AssessmentRun>,
    mut meeting: ResMut<Meeting>,
    time: Res<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
) {
    if run.results.is_some() {
        return;
    }
    let played = meeting.session.inputs_played();
    let ended = meeting.session.ending().is_some();
    if played == run.recorded && !ended {
        return;
    }
    let index = run.index;
    run.progress.record(index, &meeting.session);
    run.recorded = played;
    if let Err(e) = run.progress.save(&run.mode.progress_path) {
        run.problem = Some(format!(
            "Your answers could not be saved ({e}). Tell the person running the assessment."
        ));
    }
    if !ended {
        return;
    }
    let a = run.mode.assessment.clone();
    let done = std::mem::replace(
        &mut meeting.session,
        Session::new(a.scenarios[0].0.clone(), a.source.scenarios[0].seed),
    );
    run.finished.push(done);
    run.index += 1;
    if run.index < a.scenarios.len() {
        let index = run.index;
        let (c, _) = &a.scenarios[index];
        let seed = a.source.scenarios[index].seed;
        let session = Session::new(c.clone(), seed);
        run.progress.record(index, &session);
        run.recorded = 0;
        let run = &mut *run;
        let _ = run.progress.save(&run.mode.progress_path);
        commands.insert_resource(Meeting::start(c.clone(), seed, &time));
        next.set(Screen::Briefing);
        return;
    }
    finish(&mut run);
    if let Some(last) = run.finished.last() {
        meeting.session = Session::new(last.scenario().clone(), last.seed());
    }
    let shown = show(&run);
    commands.insert_resource(Debrief(shown));
    next.set(Screen::Debrief);
}

/// Builds, signs and writes the result; removes the saved run once the result is safely written.
fn finish(run: &mut AssessmentRun) {
    let a = run.mode.assessment.clone();
    let result = build_result(&a, &run.mode.candidate, &run.finished);
    let mut result = match result {
        Ok(r) => r,
        Err(e) => {
            run.problem = Some(format!("The result could not be computed: {e}"));
            run.results = Some(Vec::new());
            return;
        }
    };
    sign(&mut result, &run.mode.key);
    let written = serde_json::to_string_pretty(&result)
        .map_err(|e| e.to_string())
        .and_then(|text| write_new(&run.mode.result_path, &format!("{text}\n")));
    match written {
        Ok(()) => {
            let _ = std::fs::remove_file(&run.mode.progress_path);
        }
        Err(e) => {
            run.problem = Some(format!(
                "The result could not be written ({e}); your answers are kept in {} and the result can be rebuilt from them.",
                run.mode.progress_path.display()
            ));
        }
    }
    let profile = &a.profile;
    run.results = Some(
        run.finished
            .iter()
            .filter_map(|s| result_of(s, Some(profile)).ok())
            .collect(),
    );
}

/// What the debrief screen shows at the end: a debrief, or a closing message.
fn show(run: &AssessmentRun) -> Result<RunResult, String> {
    let closing = || {
        let mut text =
            "Your assessment is complete and your answers have been recorded. Thank you. You may close the window."
                .to_owned();
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
        .and_then(|r| r.get(run.showing).cloned())
        .ok_or_else(closing)
}

/// N shows the next debrief at the end of an assessment.
fn next_debrief(
    keys: Res<ButtonInput<KeyCode>>,
    mut commands: Commands,
    mut run: ResMut<AssessmentRun>,
    mut next: ResMut<NextState<Screen>>,
) {
    let count = run.results.as_ref().map_or(0, Vec::len);
    if keys.just_pressed(KeyCode::KeyN) && count > 0 {
        run.showing = (run.showing + 1) % count;
        commands.insert_resource(Debrief(show(&run)));
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
    );
}
