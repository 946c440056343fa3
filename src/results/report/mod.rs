//! Reports for managers, made only from verified stored results: one candidate (self-contained HTML
//! with an SVG radar chart of the competency profile against the target the candidate was judged
//! against) and a cohort (HTML and CSV, with reliability as Cronbach's alpha and its interval).
//! Both print cleanly to A4 for a hiring file: candidate, date and page numbers on every page.

pub mod candidate;
pub mod cohort;
pub mod csv;
pub mod items;
pub mod practice;
pub mod radar;
pub mod stats;
pub mod study;

pub use candidate::candidate_html;
pub use cohort::{Cohort, CohortOptions, cohort, cohort_html};
pub use radar::radar_svg;
pub use stats::{ALPHA_MIN_CANDIDATES, cronbach_alpha};

use std::path::{Path, PathBuf};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::core::i18n::component::scenario_component_name;
use crate::core::i18n::interface as ui;
use crate::core::i18n::project::read_catalog;
use crate::core::i18n::retext::retext_result;
use crate::core::i18n::{Catalog, Lang, Texts};
use crate::core::result::RunResult;

/// The language a report is written in: kam-sim's own words, and the scenarios' translations for
/// what the results recorded in English.
pub struct ReportLanguage {
    /// Interface and vocabulary texts.
    pub texts: Texts,
    translations: Option<PathBuf>,
}

impl ReportLanguage {
    /// English, as results are recorded.
    pub fn english() -> ReportLanguage {
        ReportLanguage {
            texts: Texts::english(),
            translations: None,
        }
    }

    /// The language `lang`, with the translations under `translations`.
    pub fn load(translations: &Path, lang: Lang) -> Result<ReportLanguage, String> {
        Ok(ReportLanguage {
            texts: Texts::load(translations, lang)?,
            translations: Some(translations.to_path_buf()),
        })
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.texts.lang()
    }

    /// A scenario run's result with its texts in this language (as recorded where a text has no
    /// current translation).
    pub fn result(&self, r: &RunResult) -> RunResult {
        let catalog = match &self.translations {
            Some(dir) if self.lang() != Lang::En => {
                read_catalog(dir, &scenario_component_name(&r.scenario), self.lang())
                    .unwrap_or_else(|_| Catalog::empty(self.lang()))
            }
            _ => return r.clone(),
        };
        retext_result(r, &catalog, &self.texts).0
    }

    /// An assessment's name, as the profiles' translation has it.
    pub fn assessment_name(&self, id: &str, english: &str) -> String {
        match &self.translations {
            Some(dir) if self.lang() != Lang::En => read_catalog(dir, "profiles", self.lang())
                .ok()
                .and_then(|c| c.get(&format!("assessment.{id}.name"), english).map(str::to_owned))
                .unwrap_or_else(|| english.to_owned()),
            _ => english.to_owned(),
        }
    }

    /// A scenario's title, as its translation has it.
    pub fn scenario_title(&self, id: &str, english: &str) -> String {
        match &self.translations {
            Some(dir) if self.lang() != Lang::En => read_catalog(dir, &scenario_component_name(id), self.lang())
                .ok()
                .and_then(|c| c.get("scenario.title", english).map(str::to_owned))
                .unwrap_or_else(|| english.to_owned()),
            _ => english.to_owned(),
        }
    }

    /// A competency's name by id.
    pub fn competency(&self, id: &str) -> String {
        self.texts.competency_by_id(id)
    }

    /// A mistake's name by id.
    pub fn mistake(&self, id: &str) -> String {
        self.texts.mistake_by_id(id)
    }
}

/// Escapes text for HTML (the radar chart is built as a string; everything else goes through maud).
pub(crate) fn esc(s: &str) -> String {
    maud::html! { (s) }.into_string()
}

/// A date for people: the `YYYY-MM-DD` of an RFC 3339 time.
pub(crate) fn day_of(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// Text for a CSS string literal (the print margins show the candidate's name).
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '<' || c == '>' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:32px;color:#222;max-width:1100px}\
h1{margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}\
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}\
th{background:#f2f4f7}.pass{color:#1e8449;font-weight:bold;white-space:nowrap}.fail{color:#c0392b;font-weight:bold;white-space:nowrap}\
table.comp{font-size:12px;table-layout:fixed;width:100%}table.comp td,table.comp th{padding:3px 6px;overflow-wrap:anywhere;hyphens:auto}\
.muted{color:#666}.mistake{margin:10px 0;padding:8px 12px;border-left:4px solid #c0392b;background:#fbf3f2}\
.moments{margin:4px 0 4px 18px;padding:0}.sim{background:#fff3cd;color:#7a5b00;padding:1px 6px;border-radius:3px;font-size:12px}\
.num{text-align:right;white-space:nowrap}";

/// "Page 3 of 7" for the print margins, from the language's "Page {page} of {pages}".
fn page_counter(texts: &Texts) -> String {
    let template = texts.get(&ui::REPORT_PAGE);
    let mut out = Vec::new();
    let mut rest = template.as_str();
    while !rest.is_empty() {
        let next = [("{pages}", "counter(pages)"), ("{page}", "counter(page)")]
            .into_iter()
            .filter_map(|(p, c)| rest.find(p).map(|i| (i, p, c)))
            .min_by_key(|(i, _, _)| *i);
        match next {
            Some((i, placeholder, counter)) => {
                if i > 0 {
                    out.push(css_string(&rest[..i]));
                }
                out.push(counter.to_owned());
                rest = &rest[i + placeholder.len()..];
            }
            None => {
                out.push(css_string(rest));
                rest = "";
            }
        }
    }
    out.join(" ")
}

/// Print layout: A4, sections on new pages, table rows and mistakes never cut, table headers repeated,
/// and the running head (who, what, when) and page numbers in the margins of every page.
fn print_style(running_head: &str, date: &str, texts: &Texts) -> String {
    format!(
        "@page{{size:A4;margin:18mm 14mm 18mm 14mm;\
@top-left{{content:{head};{margin_font}}}\
@top-right{{content:{date};{margin_font}}}\
@bottom-right{{content:{pages};{margin_font}}}}}\
@page wide{{size:A4 landscape}}section.wide{{page:wide}}\
@media print{{body{{margin:0;max-width:none;font-size:10.5pt}}h2,h3{{break-after:avoid}}\
section.page{{break-before:page}}tr,.mistake,svg,table.keep{{break-inside:avoid}}thead{{display:table-header-group}}\
svg{{width:auto;max-width:100%;height:72mm;display:block;margin:0 auto}}table.keep td,table.keep th{{padding:2px 8px;font-size:9.5pt}}table.comp{{table-layout:fixed}}table.comp td,table.comp th{{font-size:7.5pt;padding:2px 3px;overflow-wrap:anywhere}}\
table{{width:100%}}a{{color:inherit;text-decoration:none}}}}",
        margin_font = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:8.5pt;color:#555",
        head = css_string(running_head),
        date = css_string(date),
        pages = page_counter(texts)
    )
}

/// A whole page: the screen style, the print style with its running head, and the body.
pub(crate) fn page(title: &str, running_head: &str, date: &str, texts: &Texts, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(texts.lang().code()) {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(print_style(running_head, date, texts))) }
            }
            body { (body) }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cannot_break_out_of_the_print_style() {
        let s = css_string("a\"}</style><script>x</script>");
        assert!(!s.contains("</style>"), "{s}");
        assert!(s.starts_with('"') && s.ends_with('"'));
        assert_eq!(css_string("João"), "\"João\"");
    }
}
