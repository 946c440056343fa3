//! Semantic checks of a parsed scenario: references, duplicates, ranges, and the shape of the graph.
//!
//! Every finding names the offending value by path, so the caller can point at file:line:column.
//! Checks here are static (they ignore conditions); `analysis` explores what can really happen.

use std::collections::{HashMap, HashSet};

use super::diagnostic::Diagnostic;
use super::model::{Condition, Effect, Scenario};
use super::vocab::Competency;

/// The documented range of every number a scenario holds (`docs/scenario-format.md`, "Ranges").
/// Each is wide enough for any real meeting and small enough that no sum the engine or the analyzer
/// makes of them can overflow; out-of-range values are errors at their line.
pub mod limits {
    /// Minutes: a day (study times, budgets, journeys).
    pub const MINUTES: (i64, i64) = (0, 24 * 60);
    /// A stakeholder's patience before a silence counts as hesitation.
    pub const PATIENCE_SECONDS: (i64, i64) = (0, 600);
    /// Competency evidence of one effect.
    pub const EVIDENCE: (i64, i64) = (-100, 100);
    /// A change of trust or mood, and a trust or mood threshold.
    pub const TRUST_CHANGE: (i64, i64) = (-100, 100);
    /// A variable's start, change, new value and threshold.
    pub const VARIABLE: (i64, i64) = (-10_000, 10_000);
    /// Money per unit, in the deal's currency (stored as integer cents).
    pub const PRICE: (f64, f64) = (0.01, 1_000_000_000.0);
    /// Payment terms in days: ten years.
    pub const PAYMENT_DAYS: (i64, i64) = (0, 3650);
    /// Yearly volume in units.
    pub const VOLUME: (i64, i64) = (0, 1_000_000_000);
    /// Contract length: a hundred years.
    pub const TERM_MONTHS: (i64, i64) = (0, 1200);
}

/// Stable codes of the findings this module reports (documented in `docs/scenario-format.md`).
pub mod codes {
    /// The scenario id is not snake_case.
    pub const BAD_ID: &str = "kam::scenario::bad_id";
    /// Two things of the same kind share an id.
    pub const DUPLICATE_ID: &str = "kam::scenario::duplicate_id";
    /// A `next` or `start` names no node or ending.
    pub const UNKNOWN_NODE: &str = "kam::scenario::unknown_node";
    /// A stakeholder id is not declared.
    pub const UNKNOWN_STAKEHOLDER: &str = "kam::scenario::unknown_stakeholder";
    /// A dossier item id is not declared.
    pub const UNKNOWN_FACT: &str = "kam::scenario::unknown_fact";
    /// A variable id is not declared.
    pub const UNKNOWN_VARIABLE: &str = "kam::scenario::unknown_variable";
    /// A number is out of its allowed range.
    pub const OUT_OF_RANGE: &str = "kam::scenario::out_of_range";
    /// A price condition or effect in a scenario without a deal.
    pub const NO_DEAL: &str = "kam::scenario::no_deal";
    /// A required list is empty.
    pub const EMPTY: &str = "kam::scenario::empty";
    /// A node has neither options nor a timer.
    pub const DEAD_END: &str = "kam::scenario::dead_end";
    /// A node cannot be reached from the start.
    pub const UNREACHABLE_NODE: &str = "kam::scenario::unreachable_node";
    /// An ending is never the target of any option or timer.
    pub const ENDING_NEVER_REACHED: &str = "kam::scenario::ending_never_reached";
    /// A node has no path to any ending.
    pub const NO_WAY_TO_ENDING: &str = "kam::scenario::no_way_to_ending";
    /// An option changes nothing.
    pub const OPTION_WITHOUT_EFFECT: &str = "kam::scenario::option_without_effect";
    /// An effect with a zero amount.
    pub const NO_OP_EFFECT: &str = "kam::scenario::no_op_effect";
    /// A tagged mistake has no coaching text of its own.
    pub const MISSING_COACHING: &str = "kam::scenario::missing_coaching";
    /// A flag is tested but never set.
    pub const FLAG_NEVER_SET: &str = "kam::scenario::flag_never_set";
    /// A variable is tested but no effect ever changes it.
    pub const VARIABLE_NEVER_CHANGED: &str = "kam::scenario::variable_never_changed";
    /// An `explain` on an option or timer that tags no mistake: it can never be shown.
    pub const EXPLAIN_WITHOUT_MISTAKE: &str = "kam::scenario::explain_without_mistake";
    /// A dossier item takes longer than the whole preparation budget.
    pub const ITEM_OVER_BUDGET: &str = "kam::scenario::item_over_budget";
    /// No travel option arrives on time even without preparation.
    pub const ALWAYS_LATE: &str = "kam::scenario::always_late";
    /// A competency is listed twice.
    pub const DUPLICATE_COMPETENCY: &str = "kam::scenario::duplicate_competency";
    /// A declared competency that no option can give positive evidence for.
    pub const COMPETENCY_WITHOUT_EVIDENCE: &str = "kam::scenario::competency_without_evidence";
    /// A tagged mistake counts against no competency the scenario measures.
    pub const MISTAKE_AGAINST_UNMEASURED: &str = "kam::scenario::mistake_against_unmeasured";
}

/// Runs every static check; returns findings in document order.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut v = Validator {
        s,
        out: Vec::new(),
        stakeholders: HashMap::new(),
        facts: HashMap::new(),
        variables: HashMap::new(),
        targets: HashMap::new(),
        flags_set: HashSet::new(),
        flags_read: Vec::new(),
        vars_changed: HashSet::new(),
        vars_read: Vec::new(),
        measured: measured(s),
    };
    v.metadata();
    v.people();
    v.preparation_and_schedule();
    v.deal_and_variables();
    v.declare_targets();
    v.nodes();
    v.endings();
    v.flags();
    v.variables_read();
    // With a broken reference the graph is not the one the author meant: its findings would only
    // repeat the reference error in other words, so they wait until the references are fixed.
    let references_broken = v.out.iter().any(|d| {
        d.code == codes::UNKNOWN_NODE
            || (d.code == codes::DUPLICATE_ID
                && d.path
                    .as_deref()
                    .is_some_and(|p| p.starts_with("nodes") || p.starts_with("endings")))
    });
    if !references_broken {
        v.graph();
    }
    v.out
}

struct Validator<'a> {
    s: &'a Scenario,
    out: Vec<Diagnostic>,
    stakeholders: HashMap<&'a str, usize>,
    facts: HashMap<&'a str, usize>,
    variables: HashMap<&'a str, usize>,
    /// Node and ending ids; nodes are `0..n`, endings `n..`.
    targets: HashMap<&'a str, usize>,
    flags_set: HashSet<&'a str>,
    flags_read: Vec<(&'a str, String)>,
    vars_changed: HashSet<&'a str>,
    vars_read: Vec<(&'a str, String)>,
    /// Competencies the scenario measures (declared, or given evidence for anywhere).
    measured: HashSet<Competency>,
}

/// The competencies a scenario measures: those it declares and those any option or timer gives
/// evidence for (as the compiled scenario counts them: a mistake counts against its competencies
/// only where they are measured).
fn measured(s: &Scenario) -> HashSet<Competency> {
    let timers = s
        .nodes
        .iter()
        .filter_map(|n| n.timer.as_ref())
        .flat_map(|t| t.effects.iter());
    let options = s
        .nodes
        .iter()
        .flat_map(|n| n.options.iter())
        .flat_map(|o| o.effects.iter());
    s.competencies
        .iter()
        .copied()
        .chain(options.chain(timers).filter_map(|e| match e {
            Effect::Evidence(c, _) => Some(*c),
            _ => None,
        }))
        .collect()
}

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl<'a> Validator<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Registers ids of one kind, reporting duplicates; returns id → index. `path` names the id of
    /// item `i`, and is only called when there is something to report.
    fn register(
        &mut self,
        kind: &str,
        ids: impl IntoIterator<Item = &'a str>,
        path: impl Fn(usize) -> String,
    ) -> HashMap<&'a str, usize> {
        let mut seen: HashMap<&'a str, usize> = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            if let Some(&first) = seen.get(id) {
                let d = Diagnostic::error(codes::DUPLICATE_ID, path(i), format!("{kind} id `{id}` is used twice"))
                    .with_label("second definition")
                    .with_related(path(first), "first defined here")
                    .with_help(format!("every {kind} needs its own id; rename one of them"));
                self.push(d);
            } else {
                seen.insert(id, i);
            }
        }
        seen
    }

    fn metadata(&mut self) {
        let s = self.s;
        if !is_snake_case(&s.id) {
            self.push(
                Diagnostic::error(codes::BAD_ID, "id", format!("scenario id `{}` is not snake_case", s.id))
                    .with_label("not snake_case")
                    .with_help(
                        "use lowercase letters, digits and underscores, starting with a letter, e.g. `price_squeeze`",
                    ),
            );
        }
        if s.competencies.is_empty() {
            self.push(
                Diagnostic::warning(
                    codes::EMPTY,
                    "competencies",
                    "the scenario names no competency it trains",
                )
                .with_help("list the competencies of the brief (§3.5) that this scenario is designed to train"),
            );
        }
        let evidenced: HashSet<_> = s
            .nodes
            .iter()
            .flat_map(|n| {
                n.options
                    .iter()
                    .flat_map(|o| o.effects.iter())
                    .chain(n.timer.iter().flat_map(|t| t.effects.iter()))
            })
            .filter_map(|e| match e {
                Effect::Evidence(c, points) if *points > 0 => Some(*c),
                _ => None,
            })
            .collect();
        let mut seen = HashSet::new();
        for (i, c) in s.competencies.iter().enumerate() {
            if !evidenced.contains(c) {
                self.push(
                    Diagnostic::warning(
                        codes::COMPETENCY_WITHOUT_EVIDENCE,
                        format!("competencies[{i}]"),
                        format!("no option gives positive evidence for `{}`", c.id()),
                    )
                    .with_label("declared but never demonstrated")
                    .with_help("add `Evidence(…, points)` to the choices that show it, or remove it from the list"),
                );
            }
            if !seen.insert(*c) {
                self.push(
                    Diagnostic::warning(
                        codes::DUPLICATE_COMPETENCY,
                        format!("competencies[{i}]"),
                        format!("competency `{}` is listed twice", c.id()),
                    )
                    .with_label("listed again"),
                );
            }
        }
        self.number(
            "expected_minutes".into(),
            "expected length in minutes",
            i64::from(s.expected_minutes),
            limits::MINUTES,
        );
        if s.client.revenue_share_percent > 100 {
            self.push(
                Diagnostic::error(
                    codes::OUT_OF_RANGE,
                    "client.revenue_share_percent",
                    format!("a share of {} % is impossible", s.client.revenue_share_percent),
                )
                .with_label("must be 0–100"),
            );
        }
    }

    /// One number against its documented range (see [`limits`]).
    fn number(&mut self, path: String, what: &str, value: i64, (min, max): (i64, i64)) {
        if value < min || value > max {
            self.push(
                Diagnostic::error(
                    codes::OUT_OF_RANGE,
                    path,
                    format!("{what} is {value}; it must be {min}–{max}"),
                )
                .with_label("out of range"),
            );
        }
    }

    /// A price against the money range (see [`limits::PRICE`]).
    fn price(&mut self, path: String, what: &str, value: f64) {
        let (min, max) = limits::PRICE;
        if !value.is_finite() || value < min || value > max {
            self.push(
                Diagnostic::error(
                    codes::OUT_OF_RANGE,
                    path,
                    format!("{what} must be an amount from {min} to {max}"),
                )
                .with_label("out of range"),
            );
        }
    }

    fn range(&mut self, path: String, what: &str, lo: i32, hi: i32, min: i32, max: i32) {
        if lo > hi || lo < min || hi > max {
            self.push(
                Diagnostic::error(
                    codes::OUT_OF_RANGE,
                    path,
                    format!("{what} range ({lo}, {hi}) is invalid"),
                )
                .with_label(format!("must be (low, high) with {min} ≤ low ≤ high ≤ {max}")),
            );
        }
    }

    fn people(&mut self) {
        let s = self.s;
        if s.stakeholders.is_empty() {
            self.push(
                Diagnostic::error(codes::EMPTY, "stakeholders", "the scenario has no stakeholders")
                    .with_help("add at least one person the player meets"),
            );
        }
        self.stakeholders = self.register("stakeholder", s.stakeholders.iter().map(|p| p.id.as_str()), |i| {
            format!("stakeholders[{i}].id")
        });
        for (i, p) in s.stakeholders.iter().enumerate() {
            self.range(
                format!("stakeholders[{i}].trust"),
                "trust",
                p.trust.0,
                p.trust.1,
                0,
                100,
            );
            self.range(format!("stakeholders[{i}].mood"), "mood", p.mood.0, p.mood.1, 0, 100);
            self.number(
                format!("stakeholders[{i}].patience_seconds"),
                "patience in seconds",
                i64::from(p.patience_seconds),
                limits::PATIENCE_SECONDS,
            );
        }
    }

    fn preparation_and_schedule(&mut self) {
        let s = self.s;
        self.facts = self.register(
            "dossier item",
            s.preparation.dossier.iter().map(|d| d.id.as_str()),
            |i| format!("preparation.dossier[{i}].id"),
        );
        self.number(
            "preparation.budget_minutes".into(),
            "the preparation budget in minutes",
            i64::from(s.preparation.budget_minutes),
            limits::MINUTES,
        );
        for (i, item) in s.preparation.dossier.iter().enumerate() {
            self.number(
                format!("preparation.dossier[{i}].minutes"),
                "study time in minutes",
                i64::from(item.minutes),
                limits::MINUTES,
            );
            if item.minutes > s.preparation.budget_minutes {
                self.push(
                    Diagnostic::warning(
                        codes::ITEM_OVER_BUDGET,
                        format!("preparation.dossier[{i}].minutes"),
                        format!(
                            "`{}` takes {} minutes but the whole budget is {} minutes",
                            item.id, item.minutes, s.preparation.budget_minutes
                        ),
                    )
                    .with_label("can never be studied")
                    .with_help("shorten the item or raise `budget_minutes`"),
                );
            }
        }
        if s.schedule.travel.is_empty() {
            self.push(
                Diagnostic::error(codes::EMPTY, "schedule.travel", "there is no way to get to the meeting")
                    .with_help("add at least one travel option"),
            );
        }
        let _ = self.register("travel option", s.schedule.travel.iter().map(|t| t.id.as_str()), |i| {
            format!("schedule.travel[{i}].id")
        });
        for (i, t) in s.schedule.travel.iter().enumerate() {
            self.number(
                format!("schedule.travel[{i}].minutes"),
                "journey time in minutes",
                i64::from(t.minutes),
                limits::MINUTES,
            );
            self.range(
                format!("schedule.travel[{i}].delay"),
                "delay",
                t.delay.0,
                t.delay.1,
                0,
                24 * 60,
            );
        }
        let start = s.preparation.starts_at.0;
        let meeting = s.schedule.meeting_at.0;
        let fastest = s
            .schedule
            .travel
            .iter()
            .map(|t| t.minutes.saturating_add(t.delay.0.max(0) as u32))
            .min();
        if let Some(fastest) = fastest
            && start.saturating_add(fastest) > meeting
        {
            self.push(
                Diagnostic::warning(
                    codes::ALWAYS_LATE,
                    "schedule.meeting_at",
                    "no travel option arrives on time, even without any preparation",
                )
                .with_label("too early for the fastest route")
                .with_help("move the meeting later, start preparation earlier, or add a faster route"),
            );
        }
    }

    fn deal_and_variables(&mut self) {
        let s = self.s;
        if let Some(deal) = &s.deal {
            for (field, value) in [("list_price", deal.list_price), ("floor_price", deal.floor_price)]
                .into_iter()
                .chain(deal.opening_price.map(|p| ("opening_price", p)))
            {
                self.price(format!("deal.{field}"), field, value);
            }
            self.number(
                "deal.payment_days".into(),
                "payment days",
                i64::from(deal.payment_days),
                limits::PAYMENT_DAYS,
            );
            self.number("deal.volume".into(), "volume", i64::from(deal.volume), limits::VOLUME);
            self.number(
                "deal.term_months".into(),
                "contract length in months",
                i64::from(deal.term_months),
                limits::TERM_MONTHS,
            );
            let in_range = |p: f64| p.is_finite() && p >= limits::PRICE.0 && p <= limits::PRICE.1;
            if in_range(deal.floor_price) && in_range(deal.list_price) && deal.floor_price > deal.list_price {
                self.push(
                    Diagnostic::error(
                        codes::OUT_OF_RANGE,
                        "deal.floor_price",
                        format!(
                            "the floor price {} is above the list price {}",
                            deal.floor_price, deal.list_price
                        ),
                    )
                    .with_label("above the list price")
                    .with_help(
                        "the floor is the lowest price that still covers costs; it cannot exceed the list price",
                    ),
                );
            }
        }
        self.variables = self.register("variable", s.variables.iter().map(|v| v.id.as_str()), |i| {
            format!("variables[{i}].id")
        });
        for (i, v) in s.variables.iter().enumerate() {
            self.number(
                format!("variables[{i}].start"),
                "a variable's start value",
                i64::from(v.start),
                limits::VARIABLE,
            );
        }
        let mut seen = HashSet::new();
        for (i, c) in s.coaching.iter().enumerate() {
            if !seen.insert(c.mistake) {
                self.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ID,
                        format!("coaching[{i}].mistake"),
                        format!("coaching for `{}` is given twice", c.mistake.id()),
                    )
                    .with_label("given again"),
                );
            }
        }
    }

    fn declare_targets(&mut self) {
        let s = self.s;
        let nodes = s.nodes.len();
        let ids = s
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(s.endings.iter().map(|e| e.id.as_str()));
        self.targets = self.register("node or ending", ids, |i| {
            if i < nodes {
                format!("nodes[{i}].id")
            } else {
                format!("endings[{}].id", i - nodes)
            }
        });
        if s.nodes.is_empty() {
            self.push(
                Diagnostic::error(codes::EMPTY, "nodes", "the scenario has no nodes").with_help("add the conversation"),
            );
        }
        if s.endings.is_empty() {
            self.push(
                Diagnostic::error(codes::EMPTY, "endings", "the scenario has no endings")
                    .with_help("add at least one ending"),
            );
        }
        match self.targets.get(s.start.as_str()) {
            None => self.unknown_target("start".into(), &s.start),
            Some(&i) if i >= s.nodes.len() => self.push(
                Diagnostic::error(
                    codes::UNKNOWN_NODE,
                    "start",
                    format!("`{}` is an ending; the meeting must start at a node", s.start),
                )
                .with_label("an ending"),
            ),
            Some(_) => {}
        }
    }

    fn unknown_target(&mut self, path: String, id: &str) {
        let mut d = Diagnostic::error(
            codes::UNKNOWN_NODE,
            path,
            format!("no node or ending has the id `{}`", shown(id)),
        )
        .with_label("unknown node or ending");
        if let Some(close) = closest(id, self.targets.keys().copied()) {
            d = d.with_help(format!("did you mean `{close}`?"));
        }
        self.push(d);
    }

    /// Reports `id` if no declared thing of `kind` has it; `path` is only built when reporting.
    fn reference(&mut self, kind: Ref, path: impl FnOnce() -> String, id: &str) {
        let (known, code, what) = match kind {
            Ref::Stakeholder => (&self.stakeholders, codes::UNKNOWN_STAKEHOLDER, "stakeholder"),
            Ref::Fact => (&self.facts, codes::UNKNOWN_FACT, "dossier item"),
            Ref::Variable => (&self.variables, codes::UNKNOWN_VARIABLE, "variable"),
        };
        if known.contains_key(id) {
            return;
        }
        let hint = closest(id, known.keys().copied());
        let mut d = Diagnostic::error(code, path(), format!("no {what} has the id `{}`", shown(id)))
            .with_label(format!("unknown {what}"));
        d = match hint {
            Some(close) => d.with_help(format!("did you mean `{close}`?")),
            None => d.with_help(format!("declare the {what} first")),
        };
        self.push(d);
    }

    fn nodes(&mut self) {
        let s = self.s;
        let has_coaching: HashSet<_> = s.coaching.iter().map(|c| c.mistake).collect();
        for (ni, node) in s.nodes.iter().enumerate() {
            let np = format!("nodes[{ni}]");
            if let Some(speaker) = &node.speaker {
                self.reference(Ref::Stakeholder, || format!("{np}.speaker"), speaker);
            }
            if let Some(secs) = node.seconds
                && (!secs.is_finite() || !(0.0..=600.0).contains(&secs))
            {
                self.push(
                    Diagnostic::error(
                        codes::OUT_OF_RANGE,
                        format!("{np}.seconds"),
                        format!("{secs} is not a speaking time"),
                    )
                    .with_label("must be 0–600 seconds"),
                );
            }
            for (i, fact) in node.relies_on.iter().enumerate() {
                self.reference(Ref::Fact, || format!("{np}.relies_on[{i}]"), fact);
            }
            if node.options.is_empty() && node.timer.is_none() {
                self.push(
                    Diagnostic::error(
                        codes::DEAD_END,
                        format!("{np}.id"),
                        format!("node `{}` has no options and no timer", node.id),
                    )
                    .with_label("the conversation stops here")
                    .with_help("add options, a timer, or point the previous option at an ending"),
                );
            }
            let _ = self.register("option", node.options.iter().map(|o| o.id.as_str()), |i| {
                format!("{np}.options[{i}].id")
            });
            for (oi, option) in node.options.iter().enumerate() {
                let op = format!("{np}.options[{oi}]");
                for (i, c) in option.when.iter().enumerate() {
                    self.condition(format!("{op}.when[{i}]"), c);
                }
                for (i, fact) in option.asks_for.iter().enumerate() {
                    self.reference(Ref::Fact, || format!("{op}.asks_for[{i}]"), fact);
                }
                self.effects(&op, &option.effects, option.explain.is_some(), &has_coaching);
                self.explanation_shown(format!("{op}.explain"), &option.effects, option.explain.is_some());
                if !self.targets.contains_key(option.next.as_str()) {
                    self.unknown_target(format!("{op}.next"), &option.next);
                }
                if option.next == node.id && option.effects.is_empty() && option.asks_for.is_empty() {
                    self.push(
                        Diagnostic::warning(
                            codes::OPTION_WITHOUT_EFFECT,
                            format!("{op}.id"),
                            format!("option `{}` changes nothing and leads back to the same node", option.id),
                        )
                        .with_label("has no effect")
                        .with_help("give it effects, or point `next` somewhere else"),
                    );
                }
            }
            if let Some(timer) = &node.timer {
                let tp = format!("{np}.timer");
                if !timer.seconds.is_finite() || timer.seconds <= 0.0 || timer.seconds > 600.0 {
                    self.push(
                        Diagnostic::error(
                            codes::OUT_OF_RANGE,
                            format!("{tp}.seconds"),
                            format!("{} is not a timer length", timer.seconds),
                        )
                        .with_label("must be more than 0 and at most 600 seconds"),
                    );
                }
                self.effects(&tp, &timer.effects, timer.explain.is_some(), &has_coaching);
                self.explanation_shown(format!("{tp}.explain"), &timer.effects, timer.explain.is_some());
                if !self.targets.contains_key(timer.next.as_str()) {
                    self.unknown_target(format!("{tp}.next"), &timer.next);
                }
            }
        }
    }

    fn effects(
        &mut self,
        owner: &str,
        effects: &'a [Effect],
        explained: bool,
        coached: &HashSet<super::vocab::MistakeKind>,
    ) {
        for (i, effect) in effects.iter().enumerate() {
            let ep = || format!("{owner}.effects[{i}]");
            let zero = match effect {
                Effect::Evidence(_, 0) | Effect::Trust(_, 0) | Effect::Mood(_, 0) | Effect::AddVar(_, 0) => true,
                Effect::Spend(secs) => *secs == 0.0,
                Effect::DiscountPercent(p) => *p == 0.0,
                _ => false,
            };
            if zero {
                self.push(
                    Diagnostic::warning(codes::NO_OP_EFFECT, ep(), "this effect changes nothing")
                        .with_label("amount is zero")
                        .with_help("remove it or give it an amount"),
                );
            }
            if let Effect::Mistake(kind, _) = effect
                && !kind.competencies().is_empty()
                && !kind.competencies().iter().any(|c| self.measured.contains(c))
            {
                let against: Vec<String> = kind.competencies().iter().map(|c| format!("`{}`", c.id())).collect();
                let against = against.join(" and ");
                self.push(
                    Diagnostic::warning(
                        codes::MISTAKE_AGAINST_UNMEASURED,
                        ep(),
                        format!(
                            "mistake `{}` counts against {against}, which this scenario does not measure: here it costs only its penalty, and the debrief's competencies never show it",
                            kind.id()
                        ),
                    )
                    .with_label("against no measured competency")
                    .with_help(format!(
                        "tag a mistake against a competency this scenario measures, or add {against} to `competencies` with evidence for it (one competency more for the best play to fill)"
                    )),
                );
            }
            match effect {
                Effect::Trust(who, n) | Effect::Mood(who, n) => {
                    self.reference(Ref::Stakeholder, || format!("{}.0", ep()), who);
                    self.number(format!("{}.1", ep()), "a trust or mood change", i64::from(*n), limits::TRUST_CHANGE);
                }
                Effect::AddVar(var, n) | Effect::SetVar(var, n) => {
                    self.vars_changed.insert(var);
                    self.reference(Ref::Variable, || format!("{}.0", ep()), var);
                    self.number(format!("{}.1", ep()), "a variable value", i64::from(*n), limits::VARIABLE);
                }
                Effect::SetFlag(flag) => {
                    self.flags_set.insert(flag);
                }
                Effect::Mistake(kind, _) if !explained && !coached.contains(kind) => self.push(
                    Diagnostic::warning(
                        codes::MISSING_COACHING,
                        ep(),
                        format!("mistake `{}` has no coaching text of its own", kind.id()),
                    )
                    .with_label("the debrief will show only the generic explanation")
                    .with_help("add `explain: (happened: …, cost: …, better: …)` to the option, or a `coaching` entry for this mistake"),
                ),
                Effect::SetPrice(p) => self.price(format!("{}.0", ep()), "a price", *p),
                Effect::Evidence(_, n) => self.number(format!("{}.1", ep()), "evidence", i64::from(*n), limits::EVIDENCE),
                Effect::SetPaymentDays(n) => self.number(format!("{}.0", ep()), "payment days", i64::from(*n), limits::PAYMENT_DAYS),
                Effect::SetVolume(n) => self.number(format!("{}.0", ep()), "volume", i64::from(*n), limits::VOLUME),
                Effect::SetTermMonths(n) => self.number(format!("{}.0", ep()), "contract length in months", i64::from(*n), limits::TERM_MONTHS),
                Effect::DiscountPercent(p) if !p.is_finite() || *p >= 100.0 || *p <= -100.0 => self.push(
                    Diagnostic::error(codes::OUT_OF_RANGE, format!("{}.0", ep()), "a discount must be between -100 and 100 percent")
                        .with_label("out of range"),
                ),
                Effect::Spend(secs) if !secs.is_finite() || !(0.0..=3600.0).contains(secs) => self.push(
                    Diagnostic::error(codes::OUT_OF_RANGE, format!("{}.0", ep()), "time spent must be 0–3600 seconds").with_label("out of range"),
                ),
                _ => {}
            }
            let touches_deal = matches!(
                effect,
                Effect::SetPrice(_)
                    | Effect::DiscountPercent(_)
                    | Effect::SetPaymentDays(_)
                    | Effect::SetVolume(_)
                    | Effect::SetTermMonths(_)
                    | Effect::Secure(_)
            );
            if touches_deal && self.s.deal.is_none() {
                self.push(
                    Diagnostic::error(
                        codes::NO_DEAL,
                        ep(),
                        "this effect changes deal terms but the scenario has no `deal`",
                    )
                    .with_label("no deal to change")
                    .with_help("add a `deal: (...)` section with list and floor prices"),
                );
            }
        }
    }

    fn condition(&mut self, path: String, c: &'a Condition) {
        match c {
            Condition::Studied(f) | Condition::NotStudied(f) => self.reference(Ref::Fact, || format!("{path}.0"), f),
            Condition::Flag(f) | Condition::NotFlag(f) => self.flags_read.push((f, format!("{path}.0"))),
            Condition::VarAtLeast(v, n) | Condition::VarBelow(v, n) => {
                self.vars_read.push((v, format!("{path}.0")));
                self.reference(Ref::Variable, || format!("{path}.0"), v);
                self.number(
                    format!("{path}.1"),
                    "a variable threshold",
                    i64::from(*n),
                    limits::VARIABLE,
                );
            }
            Condition::TrustAtLeast(p, n)
            | Condition::TrustBelow(p, n)
            | Condition::MoodAtLeast(p, n)
            | Condition::MoodBelow(p, n) => {
                self.reference(Ref::Stakeholder, || format!("{path}.0"), p);
                self.number(
                    format!("{path}.1"),
                    "a trust or mood threshold",
                    i64::from(*n),
                    limits::TRUST_CHANGE,
                );
            }
            Condition::PriceAtLeast(p) | Condition::PriceBelow(p) if self.s.deal.is_some() => {
                self.price(format!("{path}.0"), "a price", *p);
            }
            Condition::PriceAtLeast(_) | Condition::PriceBelow(_) if self.s.deal.is_none() => self.push(
                Diagnostic::error(
                    codes::NO_DEAL,
                    path,
                    "this condition tests the price but the scenario has no `deal`",
                )
                .with_label("no price to test"),
            ),
            Condition::Any(list) | Condition::All(list) => {
                for (i, inner) in list.iter().enumerate() {
                    self.condition(format!("{path}.0[{i}]"), inner);
                }
            }
            Condition::Not(inner) => self.condition(format!("{path}.0"), inner),
            _ => {}
        }
    }

    fn endings(&mut self) {
        for (i, e) in self.s.endings.iter().enumerate() {
            if e.value.is_some_and(|v| v > 100) {
                self.push(
                    Diagnostic::error(
                        codes::OUT_OF_RANGE,
                        format!("endings[{i}].value"),
                        "an outcome value must be 0–100",
                    )
                    .with_label("out of range"),
                );
            }
        }
    }

    fn variables_read(&mut self) {
        let read = std::mem::take(&mut self.vars_read);
        for (var, path) in read {
            let Some(start) = self.s.variables.iter().find(|v| v.id == var).map(|v| v.start) else {
                continue; // an unknown variable is reported as such
            };
            if !self.vars_changed.contains(var) {
                self.push(
                    Diagnostic::warning(
                        codes::VARIABLE_NEVER_CHANGED,
                        path,
                        format!("variable `{var}` is tested but no effect ever changes it: it stays {start}"),
                    )
                    .with_label("never changed")
                    .with_help("add `AddVar(\"…\", n)` or `SetVar(\"…\", n)` to an option, or fix the spelling"),
                );
            }
        }
    }

    /// An `explain` is shown for the mistakes its option or timer tags; without one it never shows.
    fn explanation_shown(&mut self, path: String, effects: &[Effect], explain: bool) {
        if explain && !effects.iter().any(|e| matches!(e, Effect::Mistake(..))) {
            self.push(
                Diagnostic::warning(
                    codes::EXPLAIN_WITHOUT_MISTAKE,
                    path,
                    "this explanation can never be shown: no `Mistake(…)` here tags a mistake",
                )
                .with_label("never shown")
                .with_help("add the `Mistake(kind, severity)` it explains to the effects, or remove `explain`"),
            );
        }
    }

    fn flags(&mut self) {
        let read = std::mem::take(&mut self.flags_read);
        for (flag, path) in read {
            if !self.flags_set.contains(flag) {
                self.push(
                    Diagnostic::warning(
                        codes::FLAG_NEVER_SET,
                        path,
                        format!("flag `{flag}` is tested but no effect ever sets it"),
                    )
                    .with_label("never set")
                    .with_help("add `SetFlag(\"…\")` to an option, or fix the spelling"),
                );
            }
        }
    }

    fn graph(&mut self) {
        let s = self.s;
        let n = s.nodes.len();
        let total = n + s.endings.len();
        let successors: Vec<Vec<usize>> = s
            .nodes
            .iter()
            .map(|node| {
                node.options
                    .iter()
                    .map(|o| o.next.as_str())
                    .chain(node.timer.iter().map(|t| t.next.as_str()))
                    .filter_map(|id| self.targets.get(id).copied())
                    .collect()
            })
            .collect();
        // Forward reachability from the start.
        let mut reached = vec![false; total];
        let mut stack: Vec<usize> = self.targets.get(s.start.as_str()).copied().into_iter().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            if i < n {
                stack.extend(successors[i].iter().copied().filter(|&j| !reached[j]));
            }
        }
        // Backward reachability from the endings.
        let mut predecessors = vec![Vec::new(); total];
        for (i, succ) in successors.iter().enumerate() {
            for &j in succ {
                predecessors[j].push(i);
            }
        }
        let mut finishes = vec![false; total];
        let mut stack: Vec<usize> = (n..total).collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut finishes[i], true) {
                continue;
            }
            stack.extend(predecessors[i].iter().copied().filter(|&j| !finishes[j]));
        }
        let start_known = self.targets.contains_key(s.start.as_str());
        for (i, node) in s.nodes.iter().enumerate() {
            if start_known && !reached[i] {
                self.push(
                    Diagnostic::warning(
                        codes::UNREACHABLE_NODE,
                        format!("nodes[{i}].id"),
                        format!("node `{}` can never be reached", node.id),
                    )
                    .with_label("no option or timer leads here")
                    .with_help("point an option's `next` at it, or remove it"),
                );
            } else if !finishes[i] && (!node.options.is_empty() || node.timer.is_some()) {
                self.push(
                    Diagnostic::error(
                        codes::NO_WAY_TO_ENDING,
                        format!("nodes[{i}].id"),
                        format!("from node `{}` no path leads to an ending", node.id),
                    )
                    .with_label("the meeting can never finish from here")
                    .with_help("make sure some option on every path leads to an ending"),
                );
            }
        }
        if start_known {
            for (i, ending) in s.endings.iter().enumerate() {
                if !reached[n + i] {
                    self.push(
                        Diagnostic::warning(
                            codes::ENDING_NEVER_REACHED,
                            format!("endings[{i}].id"),
                            format!("ending `{}` is never reached", ending.id),
                        )
                        .with_label("nothing leads here")
                        .with_help("point an option's `next` at it, or remove it"),
                    );
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Ref {
    Stakeholder,
    Fact,
    Variable,
}

/// The known id closest to a misspelt one, if it is close enough to be a likely typo.
/// The declared id closest to a misspelt one, if it is a likely typo. Ids over 200 characters
/// never get a suggestion, and candidates whose length alone rules them out are skipped, so a
/// megabyte-long unknown id costs no more than a short one.
fn closest<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    const LONGEST: usize = 200;
    let n = id.chars().count();
    if n > LONGEST {
        return None;
    }
    known
        .filter_map(|k| {
            let allowed = 2.max(k.len() / 4);
            let kn = k.chars().count();
            if kn > LONGEST || kn.abs_diff(n) > allowed {
                return None;
            }
            let d = strsim::levenshtein(id, k);
            (d <= allowed).then_some((d, k))
        })
        .min()
        .map(|(_, k)| k)
}

/// An id as shown in a message: at most 80 characters, so a huge one cannot flood the terminal.
fn shown(id: &str) -> String {
    const SHOWN: usize = 80;
    if id.chars().count() <= SHOWN {
        id.to_owned()
    } else {
        format!(
            "{}… ({} characters)",
            id.chars().take(SHOWN).collect::<String>(),
            id.chars().count()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion_but_unrelated_ids_do_not() {
        let known = ["floor_price", "roi_summary", "director_style"];
        assert_eq!(closest("flor_price", known.iter().copied()), Some("floor_price"));
        assert_eq!(closest("weather", known.iter().copied()), None);
    }

    #[test]
    fn snake_case_ids() {
        assert!(is_snake_case("price_squeeze_2"));
        assert!(!is_snake_case("Price"));
        assert!(!is_snake_case("2fast"));
        assert!(!is_snake_case("with-dash"));
    }
}
