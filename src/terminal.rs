//! The terminal front end (`kam-sim play --terminal`): the whole scenario in a terminal, for a
//! trainer's laptop without a GPU — the dossier against the clock, travel, the meeting with lines
//! typed out at speaking pace and the options there while a stakeholder speaks (so answering early is
//! an interruption, scored by the engine), visible timers, and the debrief.
//!
//! Like the game, it adds no rule: keys become engine actions at the session's clock (real time since
//! the start), the engine decides, and the screen shows the session's state. It needs no Bevy.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};
use ratatui::{DefaultTerminal, Frame};

use crate::core::compile::CompiledScenario;
use crate::core::engine::{Action, Phase, Session};
use crate::core::i18n::Texts;
use crate::core::i18n::interface as ui;
use crate::core::model::ClockTime;
use crate::core::profile::Profile;
use crate::core::result::{RunResult, result_in};

/// What a terminal session plays.
pub struct TerminalPlay {
    /// The scenario, in the language played.
    pub scenario: Arc<CompiledScenario>,
    /// The seed of the draws.
    pub seed: u64,
    /// Interface texts in the language played.
    pub texts: Texts,
    /// The target profile the debrief compares with.
    pub profile: Option<Profile>,
}

/// What the screen shows besides the session's state.
#[derive(Default)]
struct View {
    /// Preparation is over: the routes are shown.
    choosing_route: bool,
    /// Why the last key did nothing.
    refusal: Option<String>,
    /// The debrief's scroll offset, in lines.
    scroll: u16,
}

/// How the session ended on the terminal.
pub enum Ending {
    /// The meeting was played to its end: its result.
    Played(Box<RunResult>),
    /// The player stopped before the end.
    Stopped,
}

/// Plays `p` in the terminal until the player leaves the debrief (or stops). The terminal is
/// restored in every case, a panic included (ratatui's hook).
pub fn play(p: TerminalPlay) -> Result<(Ending, Session), String> {
    if !std::io::stdout().is_terminal() {
        return Err(
            "play --terminal needs a terminal: standard output is not one (run it in a terminal, or under tmux)".into(),
        );
    }
    let mut terminal = ratatui::try_init().map_err(|e| format!("the terminal cannot be used: {e}"))?;
    let outcome = run(&mut terminal, &p);
    ratatui::restore();
    outcome
}

fn run(terminal: &mut DefaultTerminal, p: &TerminalPlay) -> Result<(Ending, Session), String> {
    let mut session = Session::new(p.scenario.clone(), p.seed).without_events();
    let start = Instant::now();
    let mut view = View::default();
    let mut result: Option<RunResult> = None;
    loop {
        let now = start.elapsed().as_millis() as u64;
        if session.phase() == Phase::Meeting {
            session.advance_to(now);
        }
        if result.is_none() && matches!(session.phase(), Phase::Ended | Phase::Stuck) {
            result = Some(result_in(&session, p.profile.as_ref(), &p.texts).map_err(|e| e.to_string())?);
        }
        terminal
            .draw(|f| draw(f, &session, now, &view, result.as_ref(), &p.texts))
            .map_err(|e| format!("the terminal cannot be drawn on: {e}"))?;
        if !event::poll(Duration::from_millis(40)).map_err(|e| e.to_string())? {
            continue;
        }
        let Event::Key(key) = event::read().map_err(|e| e.to_string())? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let stop = key.code == KeyCode::Char('q')
            || key.code == KeyCode::Esc
            || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL));
        if let Some(r) = &result {
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => view.scroll = view.scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => view.scroll = view.scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => view.scroll = view.scroll.saturating_add(10),
                KeyCode::PageUp => view.scroll = view.scroll.saturating_sub(10),
                _ if stop => return Ok((Ending::Played(Box::new(r.clone())), session)),
                _ => {}
            }
            continue;
        }
        if stop {
            return Ok((Ending::Stopped, session));
        }
        let now = start.elapsed().as_millis() as u64;
        let digit = match key.code {
            KeyCode::Char(c) => c.to_digit(10).filter(|d| (1..=9).contains(d)).map(|d| d as usize - 1),
            _ => None,
        };
        let action = match (session.phase(), view.choosing_route, key.code, digit) {
            (Phase::Preparation, false, KeyCode::Enter, _) => {
                view.choosing_route = true;
                None
            }
            (Phase::Preparation, false, _, Some(i)) => Some(Action::Study(i as u32)),
            (Phase::Preparation, true, KeyCode::Backspace, _) => {
                view.choosing_route = false;
                None
            }
            (Phase::Preparation, true, _, Some(i)) => Some(Action::Depart(i as u32)),
            (Phase::Meeting, _, _, Some(i)) => session.offered().get(i).map(|&o| Action::Choose(o)),
            _ => None,
        };
        if let Some(action) = action {
            view.refusal = session.act(now, action).err().map(|e| e.to_string());
        }
    }
}

fn draw(f: &mut Frame, s: &Session, now: u64, view: &View, result: Option<&RunResult>, t: &Texts) {
    let area = f.area();
    if let Some(r) = result {
        let text = crate::cli::show::result(r, false, t);
        let [body, help] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .scroll((view.scroll, 0))
                .block(Block::bordered().title(format!(" {} ", r.title))),
            body,
        );
        f.render_widget(Paragraph::new(t.get(&ui::TERM_DEBRIEF_HELP)).style(muted()), help);
        return;
    }
    match s.phase() {
        Phase::Preparation if view.choosing_route => draw_travel(f, s, view, t),
        Phase::Preparation => draw_briefing(f, s, view, t),
        _ => draw_meeting(f, s, now, view, t),
    }
}

fn muted() -> Style {
    Style::default().fg(Color::Gray)
}

fn accent() -> Style {
    Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

fn draw_briefing(f: &mut Frame, s: &Session, view: &View, t: &Texts) {
    let src = &s.scenario().source;
    let prep = &src.preparation;
    let used = s.used_minutes();
    let mut lines = vec![
        Line::styled(src.title.clone(), accent()),
        Line::raw(src.summary.clone()),
        Line::raw(""),
        Line::raw(t.fill(
            &ui::GAME_MEETING_AT,
            &[
                ("time", &ClockTime::format(src.schedule.meeting_at.0)),
                ("place", &src.schedule.place),
            ],
        )),
        Line::raw(
            t.fill(
                &ui::GAME_IN_THE_ROOM,
                &[(
                    "people",
                    &src.stakeholders
                        .iter()
                        .map(|p| format!("{} ({})", p.name, p.title))
                        .collect::<Vec<_>>()
                        .join(", "),
                )],
            ),
        ),
        Line::raw(""),
        Line::styled(
            t.fill(
                &ui::GAME_DOSSIER,
                &[
                    ("left", &prep.budget_minutes.saturating_sub(used).to_string()),
                    ("budget", &prep.budget_minutes.to_string()),
                    ("time", &ClockTime::format(prep.starts_at.0 + used)),
                ],
            ),
            accent(),
        ),
    ];
    for (i, item) in prep.dossier.iter().enumerate() {
        let studied = s.studied().get(i).copied().unwrap_or(false);
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), accent()),
            Span::raw(format!(
                "[{}] {} ({} min)",
                if studied { "x" } else { " " },
                item.title,
                item.minutes
            )),
        ]));
        if studied {
            lines.push(Line::styled(format!("     {}", item.text), muted()));
        }
    }
    if let Some(why) = &view.refusal {
        lines.push(Line::styled(why.clone(), Style::default().fg(Color::Red)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        f.area(),
    );
}

fn draw_travel(f: &mut Frame, s: &Session, view: &View, t: &Texts) {
    let src = &s.scenario().source;
    let leave = src.preparation.starts_at.0 + s.used_minutes();
    let mut lines = vec![
        Line::styled(t.get(&ui::GAME_TRAVEL_TITLE), accent()),
        Line::raw(t.fill(
            &ui::GAME_TRAVEL_INTRO,
            &[
                ("leave", &ClockTime::format(leave)),
                ("time", &ClockTime::format(src.schedule.meeting_at.0)),
                ("place", &src.schedule.place),
            ],
        )),
        Line::raw(""),
    ];
    for (i, route) in src.schedule.travel.iter().enumerate() {
        let planned = t.fill(
            &ui::GAME_PLANNED_ARRIVAL,
            &[("time", &ClockTime::format(leave + route.minutes))],
        );
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), accent()),
            Span::raw(format!("{} — {planned}", route.label)),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t.get(&ui::TERM_TRAVEL_HELP), muted()));
    if let Some(why) = &view.refusal {
        lines.push(Line::styled(why.clone(), Style::default().fg(Color::Red)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        f.area(),
    );
}

fn draw_meeting(f: &mut Frame, s: &Session, now: u64, view: &View, t: &Texts) {
    let src = &s.scenario().source;
    let people = src.stakeholders.len() as u16;
    let [room, line_area, timer_area, options_area, help_area] = Layout::vertical([
        // The people, then the clock and the deal on the table.
        Constraint::Length(people + 3),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(2),
    ])
    .areas(f.area());
    let node = s.current_node();
    let speaker = node.and_then(|n| s.scenario().nodes[n as usize].speaker);
    if let Some(state) = s.meeting_state() {
        let lines: Vec<Line> = src
            .stakeholders
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let style = if speaker == Some(i as u32) {
                    accent()
                } else {
                    Style::default()
                };
                Line::styled(
                    format!(
                        "{} ({}) — {} {} · {} {}",
                        p.name,
                        p.title,
                        t.get(&ui::GAME_TRUST),
                        state.trust[i],
                        t.get(&ui::GAME_MOOD),
                        state.mood[i]
                    ),
                    style,
                )
            })
            .collect();
        let mut lines = lines;
        let mut table = s.meeting_clock(now).map_or_else(String::new, ClockTime::format);
        if let (Some(deal), Some(terms)) = (state.deal, &src.deal) {
            table.push_str(&format!("   ·   {}", t.deal_on_the_table(&deal, terms)));
        }
        lines.push(Line::styled(table, muted()));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(" {} ", src.title))),
            room,
        );
    }
    let (line_start, line_end, deadline) = s.line_window();
    if let Some(n) = node {
        let text = &src.nodes[n as usize].text;
        // Typed out at speaking pace: the share of the line said so far.
        let said = if line_end > line_start {
            ((now.saturating_sub(line_start)) as f64 / (line_end - line_start) as f64).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let chars = text.chars().count();
        let shown: String = text.chars().take((chars as f64 * said).ceil() as usize).collect();
        let who = speaker.map(|p| src.stakeholders[p as usize].name.clone());
        let status = match &who {
            Some(name) if now < line_end => t.fill(&ui::GAME_SPEAKING, &[("name", name)]),
            Some(name) => t.fill(&ui::GAME_WAITING, &[("name", name)]),
            None => String::new(),
        };
        let mut lines = vec![Line::styled(status, muted()), Line::raw(shown)];
        if let Some(why) = &view.refusal {
            lines.push(Line::styled(why.clone(), Style::default().fg(Color::Red)));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered()),
            line_area,
        );
    }
    if let Some(deadline) = deadline {
        let total = deadline.saturating_sub(line_end).max(1);
        let left = deadline.saturating_sub(now.max(line_end));
        f.render_widget(
            Gauge::default()
                .gauge_style(Style::default().fg(Color::Yellow))
                .ratio((left as f64 / total as f64).clamp(0.0, 1.0))
                .label(t.fill(
                    &ui::TERM_TIME_LEFT,
                    &[("seconds", &format!("{:.0}", left as f64 / 1000.0))],
                )),
            timer_area,
        );
    }
    let options: Vec<Line> = node
        .map(|n| {
            s.offered()
                .iter()
                .enumerate()
                .map(|(i, &o)| {
                    Line::from(vec![
                        Span::styled(format!("{}. ", i + 1), accent()),
                        Span::raw(src.nodes[n as usize].options[o as usize].text.clone()),
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    f.render_widget(
        Paragraph::new(options)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        options_area,
    );
    f.render_widget(
        Paragraph::new(t.get(&ui::TERM_MEETING_HELP))
            .style(muted())
            .wrap(Wrap { trim: false }),
        help_area,
    );
}
