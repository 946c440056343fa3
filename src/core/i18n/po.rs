//! Reading and writing gettext PO files.
//!
//! The PO format itself is read and written by `rspolib` (entries with context, comments,
//! references, flags, the previous source of a fuzzy entry `#|` and obsolete entries `#~`).
//! In front of it, [`check_syntax`] walks the lines once and reports the first line a translator
//! broke (an unclosed quote, a `msgstr` without its `msgid`, a stray word) with its line and
//! column: the library's own messages are vaguer, and a few malformed files make it panic.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use rspolib::{POEntry, POFile};

/// A PO file that could not be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoSyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// One sentence saying what is wrong.
    pub message: String,
}

impl fmt::Display for PoSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Reads the text of a PO file. Never panics, whatever the text.
pub fn parse_po(text: &str) -> Result<POFile, PoSyntaxError> {
    check_syntax(text)?;
    // rspolib takes a file's path or its content in one string and tells them apart by asking
    // whether a file of that name exists: a text of a single line could name one. Checked text
    // always has a line that starts with `msg`, so it is never a single bare name; the newline
    // added here makes sure of it.
    let mut content = String::with_capacity(text.len() + 1);
    content.push_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    content.push('\n');
    match catch_unwind(AssertUnwindSafe(|| rspolib::pofile(content.as_str()))) {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(error)) => Err(library_error(&error.to_string())),
        Err(_) => Err(PoSyntaxError {
            line: 1,
            column: 1,
            message: "the PO reader could not make sense of this file; run `msgfmt --check` on it to find the place"
                .into(),
        }),
    }
}

/// The library's message, with its line number moved into the error's place.
fn library_error(message: &str) -> PoSyntaxError {
    let line = message
        .split_once("at line ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let reason = message.rsplit_once("): ").map_or(message, |(_, reason)| reason);
    PoSyntaxError {
        line,
        column: 1,
        message: reason.to_owned(),
    }
}

/// The PO text of a file. Texts are written on one line each (as `msgcat --no-wrap` does; every
/// PO tool reads them): rspolib's wrapping can cut an escape such as `\\` in two, which makes the
/// file unreadable (found by fuzzing). Comments are broken into lines of their own, each with its
/// mark, for reading.
pub fn render_po(file: &POFile) -> String {
    /// Wide enough that rspolib never wraps a text, small enough that its arithmetic cannot overflow.
    const NO_WRAP: usize = 1 << 40;
    let mut out = String::new();
    if let Some(header) = &file.header {
        for line in fit_lines(header, COMMENT_WIDTH).lines() {
            if line.is_empty() {
                out.push_str("#\n");
            } else {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&rspolib::po_metadata_entry_to_string(
        &file.metadata_as_entry(),
        file.metadata_is_fuzzy,
    ));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let (live, obsolete): (Vec<&POEntry>, Vec<&POEntry>) = file.entries.iter().partition(|e| !e.obsolete);
    for entry in live.into_iter().chain(obsolete) {
        let mut entry = entry.clone();
        for comment in [&mut entry.comment, &mut entry.tcomment].into_iter().flatten() {
            *comment = fit_lines(comment, COMMENT_WIDTH);
        }
        out.push('\n');
        out.push_str(&with_whole_msgstr(entry.to_string_with_wrapwidth(NO_WRAP), &entry));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// rspolib trims the end of a translation as it writes it (a trailing space, tab or line break is
/// lost: found by a property test); the `msgstr` line is written again here with the whole text.
fn with_whole_msgstr(mut rendered: String, entry: &POEntry) -> String {
    let Some(msgstr) = entry.msgstr.as_deref().filter(|_| entry.msgid_plural.is_none()) else {
        return rendered;
    };
    let marker = if entry.obsolete { "#~ msgstr " } else { "msgstr " };
    let at = rendered
        .rfind(&format!("\n{marker}"))
        .map(|i| i + 1)
        .or_else(|| rendered.starts_with(marker).then_some(0));
    if let Some(at) = at {
        rendered.truncate(at);
        rendered.push_str(&format!("{marker}\"{}\"\n", rspolib::escaping::escape(msgstr)));
    }
    rendered
}

/// Widest comment line before its `#. `, in columns: under rspolib's 79.
const COMMENT_WIDTH: usize = 72;

/// Columns a character takes, counted generously (two from U+1100 on, where the wide scripts
/// begin), so that a fitted line is never wider than it is allowed to be.
fn columns(c: char) -> usize {
    if u32::from(c) >= 0x1100 { 2 } else { 1 }
}

/// Breaks every line of `text` into lines of at most `width` columns, at spaces where it can and
/// inside a word only when the word alone is wider.
pub fn fit_lines(text: &str, width: usize) -> String {
    let width = width.max(2);
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let word_columns: usize = word.chars().map(columns).sum();
            if used > 0 && used + 1 + word_columns <= width {
                out.push(' ');
                out.push_str(word);
                used += 1 + word_columns;
                continue;
            }
            if used > 0 {
                out.push('\n');
                used = 0;
            }
            for c in word.chars() {
                if used + columns(c) > width {
                    out.push('\n');
                    used = 0;
                }
                out.push(c);
                used += columns(c);
            }
        }
    }
    out
}

/// What a line of a PO file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Msgctxt,
    Msgid,
    MsgidPlural,
    Msgstr,
}

/// Where in an entry the lines read so far have got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Between entries, or among an entry's comments.
    Outside,
    /// After a keyword (or a continuation of its text).
    After(Keyword),
}

/// Checks the line structure of a PO file: every line is blank, a comment, a keyword with a quoted
/// text, or a quoted text continuing the keyword above; keywords come in the order
/// `msgctxt`, `msgid`, `msgid_plural`, `msgstr`; every quoted text is closed and its escapes valid.
pub fn check_syntax(text: &str) -> Result<(), PoSyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut place = Place::Outside;
    let mut obsolete_place = Place::Outside;
    // The previous source of a fuzzy entry (`#| msgid "…"`, continued on `#| "…"` lines).
    let mut previous_place = Place::Outside;
    let mut last_line = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        last_line = number;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let err = |column: usize, message: String| PoSyntaxError {
            line: number,
            column,
            message,
        };
        if line.contains('\0') {
            return Err(err(1, "the line contains a NUL character".into()));
        }
        let trimmed = line.trim_start();
        let indent = line.chars().count() - trimmed.chars().count();
        if trimmed.is_empty() {
            end_entry(place, number).map_err(|m| err(1, m))?;
            end_entry(obsolete_place, number).map_err(|m| err(1, m))?;
            place = Place::Outside;
            obsolete_place = Place::Outside;
            previous_place = Place::Outside;
        } else if let Some(rest) = trimmed.strip_prefix("#~") {
            // An obsolete entry: the same structure, behind `#~ ` (and `#~| ` for its old source).
            let rest_trimmed = rest.trim_start();
            if rest_trimmed.starts_with('|') || rest_trimmed.is_empty() {
                continue;
            }
            let column = indent + 2 + (rest.chars().count() - rest_trimmed.chars().count()) + 1;
            obsolete_place = content_line(rest_trimmed, obsolete_place, column).map_err(|(c, m)| err(c, m))?;
        } else if let Some(rest) = trimmed.strip_prefix("#|") {
            let rest_trimmed = rest.trim_start();
            if !rest_trimmed.is_empty() {
                let column = indent + 2 + (rest.chars().count() - rest_trimmed.chars().count()) + 1;
                // Each `#| msgid` starts a previous source of its own; msgstr never appears there.
                let start = if rest_trimmed.starts_with('"') {
                    previous_place
                } else {
                    Place::Outside
                };
                previous_place = content_line(rest_trimmed, start, column).map_err(|(c, m)| err(c, m))?;
            }
        } else if trimmed.starts_with('#') {
            if matches!(place, Place::After(_)) {
                end_entry(place, number).map_err(|m| err(1, m))?;
                place = Place::Outside;
            }
        } else {
            place = content_line(trimmed, place, indent + 1).map_err(|(c, m)| err(c, m))?;
        }
    }
    end_entry(place, last_line + 1).map_err(|message| PoSyntaxError {
        line: last_line,
        column: 1,
        message,
    })?;
    Ok(())
}

/// An entry ends (blank line, comment or end of file): it must have reached its `msgstr`.
fn end_entry(place: Place, _line: usize) -> Result<(), String> {
    match place {
        Place::Outside | Place::After(Keyword::Msgstr) => Ok(()),
        Place::After(Keyword::Msgctxt) => Err("the entry ends after its msgctxt, without msgid and msgstr".into()),
        Place::After(Keyword::Msgid | Keyword::MsgidPlural) => {
            Err("the entry ends without a msgstr line (every msgid needs one, even an empty msgstr \"\")".into())
        }
    }
}

/// One keyword line or continuation line; returns where the entry has got to.
fn content_line(line: &str, place: Place, column: usize) -> Result<Place, (usize, String)> {
    if line.starts_with('"') {
        check_quoted(line, column)?;
        return match place {
            Place::After(_) => Ok(place),
            Place::Outside => Err((
                column,
                "a quoted text must follow a msgid, msgstr or msgctxt line".into(),
            )),
        };
    }
    let word_len = line.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(line.len());
    let word = &line[..word_len];
    let keyword = match word {
        "msgctxt" => Keyword::Msgctxt,
        "msgid" => Keyword::Msgid,
        "msgid_plural" => Keyword::MsgidPlural,
        "msgstr" => Keyword::Msgstr,
        w if w.starts_with("msgstr[") && w.ends_with(']') && w[7..w.len() - 1].parse::<u8>().is_ok() => Keyword::Msgstr,
        _ => {
            let shown: String = word.chars().take(40).collect();
            return Err((
                column,
                format!(
                    "`{shown}` is not a PO keyword: a line is a comment (#), msgctxt, msgid, msgstr, or a quoted text"
                ),
            ));
        }
    };
    let rest = &line[word_len..];
    let text = rest.trim_start();
    let text_column = column + word.chars().count() + (rest.chars().count() - text.chars().count());
    if !text.starts_with('"') {
        return Err((
            text_column,
            format!("{word} must be followed by a text in double quotes"),
        ));
    }
    check_quoted(text, text_column)?;
    let allowed = match keyword {
        Keyword::Msgctxt => matches!(place, Place::Outside | Place::After(Keyword::Msgstr)),
        Keyword::Msgid => matches!(place, Place::Outside | Place::After(Keyword::Msgctxt | Keyword::Msgstr)),
        Keyword::MsgidPlural => place == Place::After(Keyword::Msgid),
        Keyword::Msgstr => {
            matches!(place, Place::After(Keyword::Msgid | Keyword::MsgidPlural))
                || (word != "msgstr" && place == Place::After(Keyword::Msgstr))
        }
    };
    if !allowed {
        let expected = match place {
            Place::Outside => "an entry starts with msgctxt or msgid",
            Place::After(Keyword::Msgctxt) => "msgctxt must be followed by msgid",
            Place::After(Keyword::Msgid | Keyword::MsgidPlural) => "msgid must be followed by msgstr",
            Place::After(Keyword::Msgstr) => "an entry has one msgstr; leave a blank line before the next entry",
        };
        return Err((column, format!("{word} is out of place: {expected}")));
    }
    Ok(Place::After(keyword))
}

/// A C-style quoted text: opens and closes with `"`, nothing after it, valid escapes.
fn check_quoted(text: &str, column: usize) -> Result<(), (usize, String)> {
    let mut chars = text.char_indices().skip(1).peekable();
    let mut position = column;
    while let Some((i, c)) = chars.next() {
        position += 1;
        match c {
            '\\' => match chars.next() {
                Some((_, 'n' | 't' | 'r' | '\\' | '"' | 'a' | 'b' | 'f' | 'v' | '0'..='7' | 'x')) => position += 1,
                Some((_, other)) => {
                    return Err((
                        position,
                        format!("`\\{other}` is not an escape PO knows (\\n, \\t, \\\", \\\\)"),
                    ));
                }
                None => return Err((position, "the text ends in a lone backslash".into())),
            },
            '"' => {
                let after = text[i + 1..].trim();
                return if after.is_empty() {
                    Ok(())
                } else {
                    Err((
                        position + 1,
                        "text after the closing quote: a quote inside a text is written \\\"".into(),
                    ))
                };
            }
            _ => {}
        }
    }
    Err((
        position,
        "the quoted text is not closed: a line must end with \"".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "msgid \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\n\n#. Said by Daniel Okafor\n#: scenarios/x.ron:12\n#, fuzzy\n#| msgid \"Old\"\nmsgctxt \"node.a.text\"\nmsgid \"New \\\"quoted\\\"\"\nmsgstr \"Новый\"\n\n#~ msgctxt \"node.gone.text\"\n#~ msgid \"Gone\"\n#~ msgstr \"Ушёл\"\n";

    #[test]
    fn a_well_formed_file_is_read_with_its_fuzzy_previous_and_obsolete_entries() {
        let file = parse_po(GOOD).unwrap();
        let entry = &file.entries[0];
        assert_eq!(entry.msgctxt.as_deref(), Some("node.a.text"));
        assert_eq!(entry.msgid, "New \"quoted\"");
        assert!(entry.fuzzy());
        assert_eq!(entry.previous_msgid.as_deref(), Some("Old"));
        assert!(file.entries[1].obsolete);
        // A long previous source is continued on `#| "…"` lines, as msgmerge writes it.
        let long = "#, fuzzy\n#| msgid \"\"\n#| \"first part \"\n#| \"second part\"\nmsgctxt \"k\"\nmsgid \"New\"\nmsgstr \"Novo\"\n";
        assert_eq!(
            parse_po(long).unwrap().entries[0].previous_msgid.as_deref(),
            Some("first part second part")
        );
        let again = parse_po(&render_po(&file)).unwrap();
        assert_eq!(again.entries.len(), 2);
        assert_eq!(again.entries[1].msgstr.as_deref(), Some("Ушёл"));
    }

    #[test]
    fn broken_lines_are_reported_with_line_and_column() {
        let cases = [
            ("msgid \"a\nmsgstr \"\"\n", 1, "not closed"),
            ("msgid \"a\"\nmsgstr \"b\" x\n", 2, "after the closing quote"),
            ("msgstr \"b\"\n", 1, "out of place"),
            ("\"abc\"\n", 1, "must follow"),
            ("msgid \"a\"\n\nmsgstr \"b\"\n", 2, "without a msgstr"),
            ("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", 3, "one msgstr"),
            ("msgid \"a\\q\"\nmsgstr \"\"\n", 1, "escape"),
            ("mgsid \"a\"\n", 1, "not a PO keyword"),
            ("#| \"a\"\nmsgid \"a\"\nmsgstr \"\"\n", 1, "must follow"),
            ("msgid\n", 1, "double quotes"),
        ];
        for (text, line, words) in cases {
            let error = parse_po(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(words), "{text:?}: {error}");
        }
    }

    #[test]
    fn long_comments_render_as_comments_and_read_back() {
        // Found by fuzzing (po_reader): a long `#.` line was wrapped without its mark.
        let long = format!(
            "#. {}\n# {}\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"b\"\n",
            "word ".repeat(40),
            "x".repeat(200)
        );
        let file = parse_po(&long).unwrap();
        let again = render_po(&file);
        let reread = parse_po(&again).unwrap_or_else(|e| panic!("{e}\n{again}"));
        assert_eq!(reread.entries[0].msgstr.as_deref(), Some("b"));
        assert!(
            again
                .lines()
                .filter(|l| l.starts_with('#'))
                .all(|l| l.chars().count() <= 79),
            "{again}"
        );
        assert_eq!(fit_lines("ab cd efghij", 4), "ab\ncd\nefgh\nij");
        assert_eq!(fit_lines("中文中文", 4), "中文\n中文");
        for fuzzed in [
            include_str!("../../../tests/fixtures/po-long-comment.po"),
            // A long context of escaped backslashes: wrapped, an escape was cut in two.
            include_str!("../../../tests/fixtures/po-long-escapes.po"),
        ] {
            let file = parse_po(fuzzed).unwrap();
            let again = parse_po(&render_po(&file)).unwrap();
            assert_eq!(again.entries.len(), file.entries.len());
        }
    }

    #[test]
    fn a_text_that_names_a_file_is_read_as_text_not_opened() {
        assert!(parse_po("Cargo.toml").is_err());
        assert!(parse_po("/etc/passwd").is_err());
    }
}
