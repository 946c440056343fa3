//! The cohort as CSV for spreadsheets: one row per candidate, written by the `csv` crate.
//!
//! A cell that a spreadsheet would read as a formula (beginning with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is neutralised with a leading `'` when it holds text such as a candidate's name
//! (OWASP's advice against CSV injection); numbers are written as numbers.

use super::cohort::Cohort;

/// Options of the CSV file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Begin with a UTF-8 byte-order mark, so spreadsheets that guess the encoding read accents and
    /// Cyrillic names right.
    pub bom: bool,
}

/// Text a spreadsheet cannot run.
pub fn neutralised(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The cohort as CSV: a header row, then one row per ranked candidate.
pub fn cohort_csv(c: &Cohort<'_>, options: CsvOptions) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    if options.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "rank",
        "candidate",
        "attempt",
        "simulated",
        "time_allowance",
        "language",
        "finished_at",
        "average_score",
        "passed",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(c.scenarios.iter().map(|(id, _)| format!("score_{id}")));
    header.extend(c.competencies.iter().map(|id| format!("competency_{id}")));
    header.extend(["mistakes".to_owned(), "critical_mistakes".to_owned()]);
    w.write_record(&header)?;
    for (i, r) in c.ranked.iter().enumerate() {
        let s = &r.entry;
        let mut row = vec![
            (i + 1).to_string(),
            neutralised(&s.candidate),
            r.attempt.to_string(),
            s.simulated.to_string(),
            s.time_allowance.id().to_owned(),
            neutralised(&s.language),
            neutralised(&s.finished_at),
            s.average_score.to_string(),
            s.passed.to_string(),
        ];
        row.extend(s.runs.iter().map(|run| run.score.to_string()));
        row.extend(
            c.competencies
                .iter()
                .map(|id| s.competencies.get(*id).map_or(String::new(), u8::to_string)),
        );
        row.extend([s.mistakes.to_string(), s.critical_mistakes.to_string()]);
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn formulas_in_names_are_neutralised() {
        assert_eq!(neutralised("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("-2+3"), "'-2+3");
        assert_eq!(neutralised("Ana Souza"), "Ana Souza");
    }
}
