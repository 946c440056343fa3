//! Reports for managers, made only from verified stored results: one candidate (self-contained HTML
//! with an SVG radar chart of the competency profile against the target the candidate was judged
//! against) and a cohort (HTML and CSV, with reliability as Cronbach's alpha and its interval).
//! Both print cleanly to A4 for a hiring file: candidate, date and page numbers on every page.

pub mod candidate;
pub mod cohort;
pub mod csv;
pub mod radar;
pub mod stats;

pub use candidate::candidate_html;
pub use cohort::{Cohort, CohortOptions, cohort, cohort_html};
pub use radar::radar_svg;
pub use stats::{ALPHA_MIN_CANDIDATES, cronbach_alpha};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::core::vocab::{Competency, MistakeKind};

/// Escapes text for HTML (the radar chart is built as a string; everything else goes through maud).
pub(crate) fn esc(s: &str) -> String {
    maud::html! { (s) }.into_string()
}

/// A competency's name from the brief, or its id when unknown.
pub(crate) fn competency_name(id: &str) -> &str {
    Competency::ALL.iter().find(|c| c.id() == id).map_or(id, |c| c.name())
}

/// A mistake's name from the brief, or its id when unknown.
pub(crate) fn mistake_name(id: &str) -> String {
    MistakeKind::ALL
        .iter()
        .find(|m| m.id() == id)
        .map_or_else(|| id.to_owned(), |m| m.name())
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
table.comp{font-size:12px}table.comp td,table.comp th{padding:3px 6px}\
.muted{color:#666}.mistake{margin:10px 0;padding:8px 12px;border-left:4px solid #c0392b;background:#fbf3f2}\
.moments{margin:4px 0 4px 18px;padding:0}.sim{background:#fff3cd;color:#7a5b00;padding:1px 6px;border-radius:3px;font-size:12px}\
.num{text-align:right;white-space:nowrap}";

/// Print layout: A4, sections on new pages, table rows and mistakes never cut, table headers repeated,
/// and the running head (who, what, when) and page numbers in the margins of every page.
fn print_style(running_head: &str, date: &str) -> String {
    format!(
        "@page{{size:A4;margin:18mm 14mm 18mm 14mm;\
@top-left{{content:{head};{margin_font}}}\
@top-right{{content:{date};{margin_font}}}\
@bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);{margin_font}}}}}\
@page wide{{size:A4 landscape}}section.wide{{page:wide}}\
@media print{{body{{margin:0;max-width:none;font-size:10.5pt}}h2,h3{{break-after:avoid}}\
section.page{{break-before:page}}tr,.mistake,svg,table.keep{{break-inside:avoid}}thead{{display:table-header-group}}\
svg{{width:auto;max-width:100%;height:72mm;display:block;margin:0 auto}}table.keep td,table.keep th{{padding:2px 8px;font-size:9.5pt}}table.comp{{table-layout:fixed}}table.comp td,table.comp th{{font-size:7.5pt;padding:2px 3px;overflow-wrap:anywhere}}\
table{{width:100%}}a{{color:inherit;text-decoration:none}}}}",
        margin_font = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:8.5pt;color:#555",
        head = css_string(running_head),
        date = css_string(date)
    )
}

/// A whole page: the screen style, the print style with its running head, and the body.
pub(crate) fn page(title: &str, running_head: &str, date: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(print_style(running_head, date))) }
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
