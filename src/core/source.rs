//! Reading authored files safely, and finding where a value sits in RON text.
//!
//! serde gives us typed values but forgets where they came from. Validation therefore names what it
//! complains about by a *path* (`nodes[3].options[1].next`), and [`SourceMap`] turns that path back
//! into a byte span by scanning the (already successfully parsed) RON text. The scan only runs when a
//! file has something to report, so clean files cost nothing extra.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

/// Files larger than this are refused before being read: no scenario comes close.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Why an authored file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file does not exist or cannot be opened.
    #[error("cannot read the file: {reason}")]
    Io {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes or more; files over {limit} bytes are refused")]
    TooLarge {
        /// The path as given.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not valid UTF-8.
    #[error("the file is not UTF-8 text: invalid byte at line {line}, column {column}")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// Line of the first invalid byte (1-based).
        line: usize,
        /// Column of the first invalid byte (1-based, in characters).
        column: usize,
    },
}

/// Reads a text file, refusing huge or non-UTF-8 files with a precise reason.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| ReadError::Io {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let meta = fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Io {
            path: shown,
            reason: "it is a directory".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: shown,
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    // The size on disk is only a hint: a FIFO or a device such as /dev/zero reports 0 and never ends,
    // so the read itself is bounded.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(fs::File::open(path).map_err(io)?, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: shown,
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&prefix, prefix.len());
        ReadError::NotUtf8 {
            path: shown,
            line,
            column,
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
///
/// The one definition of a position, for the code frames people read and the JSON tools read alike:
/// a line ends at `\n`, `\r\n` or a lone `\r` (as editors and miette's frames count them), and a
/// column counts characters, not bytes.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let (mut line, mut column) = (1, 1);
    let mut chars = source[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column = 1;
            }
            '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    (line, column)
}

/// Byte offset of a 1-based line and column (in characters); clamps to the text.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[offset..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    rest[..line_len]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(offset + line_len, |(i, _)| offset + i)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where each value of a RON document sits, by path.
#[derive(Debug, Default)]
pub struct SourceMap {
    spans: HashMap<String, Span>,
}

impl SourceMap {
    /// Scans RON text and records every value. Paths look like `nodes[3].options[1].next`; tuple
    /// items are `.0`, `.1`; `Some(x)` is transparent. Never panics, whatever the text.
    pub fn build(source: &str) -> SourceMap {
        Self::scan(source, None)
    }

    /// Scans RON text but records only the given paths and their ancestors (for [`SourceMap::find`]'s
    /// fallback): what diagnostics need, without a map entry for every value of a large file.
    pub fn build_for<'p>(source: &str, paths: impl IntoIterator<Item = &'p str>) -> SourceMap {
        let mut wanted = HashSet::new();
        for path in paths {
            let mut p = path;
            loop {
                wanted.insert(p.to_owned());
                if p.is_empty() {
                    break;
                }
                p = &p[..p.rfind(['.', '[']).unwrap_or(0)];
            }
        }
        Self::scan(source, Some(wanted))
    }

    fn scan(source: &str, wanted: Option<HashSet<String>>) -> SourceMap {
        let mut scanner = Scanner {
            src: source.as_bytes(),
            pos: 0,
            depth: 0,
            path: String::new(),
            wanted,
            map: SourceMap::default(),
        };
        scanner.value();
        scanner.map
    }

    /// The span of the value at `path`, or of its nearest enclosing value that was found.
    pub fn find(&self, path: &str) -> Option<Span> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return Some(*span);
            }
            if path.is_empty() {
                return None;
            }
            let cut = path.rfind(['.', '[']).unwrap_or(0);
            path = &path[..cut];
        }
    }
}

const MAX_SCAN_DEPTH: usize = 256;

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    depth: usize,
    /// Path of the value being scanned; segments are pushed and truncated, never reallocated per value.
    path: String,
    wanted: Option<HashSet<String>>,
    map: SourceMap,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.src.get(self.pos + 1) == Some(&b'/') => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                b'/' if self.src.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut nesting = 1;
                    while nesting > 0 && self.pos < self.src.len() {
                        if self.src[self.pos..].starts_with(b"/*") {
                            nesting += 1;
                            self.pos += 2;
                        } else if self.src[self.pos..].starts_with(b"*/") {
                            nesting -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                b'#' => {
                    // `#![enable(...)]` attributes: skip to the closing bracket.
                    while self.peek().is_some_and(|b| b != b']') {
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> &'a str {
        let src = self.src;
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        {
            self.pos += 1;
        }
        std::str::from_utf8(&src[start..self.pos]).unwrap_or("")
    }

    /// Scans the value at the current position, whose path is `self.path`.
    fn value(&mut self) {
        self.skip_trivia();
        let start = self.pos;
        let Some(b) = self.peek() else { return };
        if self.depth >= MAX_SCAN_DEPTH {
            self.pos = self.src.len();
            return;
        }
        self.depth += 1;
        match b {
            b'"' => self.quoted(b'"'),
            b'\'' => self.quoted(b'\''),
            b'r' if matches!(self.src.get(self.pos + 1), Some(b'"' | b'#')) => self.raw_string(),
            b'b' if self.src.get(self.pos + 1) == Some(&b'"') => {
                self.pos += 1;
                self.quoted(b'"');
            }
            b'[' => self.sequence(b']'),
            b'{' => self.map(),
            b'(' => {
                self.pos += 1;
                self.paren_body();
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    if name == "Some" {
                        self.value();
                        self.skip_trivia();
                        if self.peek() == Some(b')') {
                            self.pos += 1;
                        }
                    } else {
                        self.paren_body();
                    }
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b')' | b']' | b'}' | b':') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1; // never stall on an unexpected byte
                }
            }
        }
        self.depth -= 1;
        let record = self.wanted.as_ref().is_none_or(|w| w.contains(&self.path));
        if record && !self.map.spans.contains_key(&self.path) {
            let span = Span {
                start,
                end: self.pos.min(self.src.len()),
            };
            self.map.spans.insert(self.path.clone(), span);
        }
    }

    /// Scans a child value under `segment` (`[3]`, `.name`), restoring the path afterwards.
    fn child(&mut self, segment: std::fmt::Arguments<'_>) {
        use std::fmt::Write as _;
        let len = self.path.len();
        let _ = self.path.write_fmt(segment);
        self.value();
        self.path.truncate(len);
    }

    /// Skips a quoted literal (`"…"` or `'…'`) whose opening quote is at the current position.
    fn quoted(&mut self, close: u8) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b if b == close => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // opening quote
        while self.pos < self.src.len() {
            if self.src[self.pos] == b'"'
                && self.src[self.pos + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }

    fn sequence(&mut self, close: u8) {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b) if b == close => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let before = self.pos;
                    self.child(format_args!("[{index}]"));
                    index += 1;
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn map(&mut self) {
        self.pos += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let key_start = self.pos;
                    self.child(format_args!("\u{0}key"));
                    let key = String::from_utf8_lossy(&self.src[key_start..self.pos])
                        .trim_matches('"')
                        .to_owned();
                    self.skip_trivia();
                    if self.peek() == Some(b':') {
                        self.pos += 1;
                    }
                    let before = self.pos;
                    self.field(format_args!("{key}"));
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// After an opening parenthesis: named fields `(a: 1, b: 2)` or tuple items `(1, 2)`.
    fn paren_body(&mut self) {
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b')') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let before = self.pos;
                    if let Some(field) = self.field_name() {
                        self.field(format_args!("{field}"));
                    } else {
                        self.field(format_args!("{index}"));
                        index += 1;
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// Consumes `name:` if the next tokens are a field name followed by a colon; returns the name,
    /// borrowed from the source text.
    fn field_name(&mut self) -> Option<&'a str> {
        let save = self.pos;
        if !self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            return None;
        }
        let name = self.ident();
        self.skip_trivia();
        if self.peek() == Some(b':') {
            self.pos += 1;
            Some(name)
        } else {
            self.pos = save;
            None
        }
    }
}

impl Scanner<'_> {
    /// A named (or numbered) member: `.name` below the root, `name` at the root.
    fn field(&mut self, name: std::fmt::Arguments<'_>) {
        if self.path.is_empty() {
            self.child(name);
        } else {
            self.child(format_args!(".{name}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"#![enable(implicit_some)]
// a comment
Scenario(
    id: "x",
    nodes: [
        (id: "a", options: [(id: "o", effects: [Trust("boss", 5)], next: "b")]),
        /* nested /* block */ comment */
        (id: "b", timer: Some((seconds: 3.5, next: "a"))),
    ],
    range: (40, 60),
)
"#;

    fn text_at<'a>(map: &SourceMap, path: &str) -> &'a str {
        let span = map.find(path).expect(path);
        &DOC[span.start..span.end]
    }

    #[test]
    fn finds_fields_items_and_tuple_members() {
        let map = SourceMap::build(DOC);
        assert_eq!(text_at(&map, "id"), "\"x\"");
        assert_eq!(text_at(&map, "nodes[0].options[0].next"), "\"b\"");
        assert_eq!(text_at(&map, "nodes[0].options[0].effects[0].0"), "\"boss\"");
        assert_eq!(text_at(&map, "nodes[0].options[0].effects[0].1"), "5");
        assert_eq!(text_at(&map, "nodes[1].timer.seconds"), "3.5");
        assert_eq!(text_at(&map, "range.1"), "60");
    }

    #[test]
    fn missing_paths_fall_back_to_the_enclosing_value() {
        let map = SourceMap::build(DOC);
        assert_eq!(
            text_at(&map, "nodes[1].speaker"),
            &DOC[map.find("nodes[1]").unwrap().start..map.find("nodes[1]").unwrap().end]
        );
    }

    #[test]
    fn scanning_garbage_never_panics() {
        for text in [
            "",
            "(",
            "[[[[",
            "\"unterminated",
            "r#\"raw",
            "(a: (b: [1, 2",
            "/* open",
            "#![",
        ] {
            let _ = SourceMap::build(text);
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2)); // after the two-byte ç
        assert_eq!(line_column("a\rb\r\nc", 2), (2, 1), "a lone CR ends a line");
        assert_eq!(line_column("a\rb\r\nc", 5), (3, 1), "CR LF is one line break");
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
