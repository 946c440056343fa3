//! The five languages kam-sim is played in, and how each writes numbers and money.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language of the game, the scenarios and the reports. English is the source language: every
/// text is written in English first and translated from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the source language.
    #[default]
    En,
    /// Portuguese.
    Pt,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
    /// Azerbaijani (Latin script).
    Az,
}

impl Lang {
    /// Every language, in the order the settings cycle through them.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Pt, Lang::Es, Lang::Ru, Lang::Az];

    /// The languages translated from English.
    pub const TRANSLATED: [Lang; 4] = [Lang::Pt, Lang::Es, Lang::Ru, Lang::Az];

    /// The ISO 639-1 code, also the PO file's name (`ru.po`) and the `--lang` value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt",
            Lang::Es => "es",
            Lang::Ru => "ru",
            Lang::Az => "az",
        }
    }

    /// The language's name in itself, as the settings screen shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pt => "Português",
            Lang::Es => "Español",
            Lang::Ru => "Русский",
            Lang::Az => "Azərbaycanca",
        }
    }

    /// The language of a code such as `ru`, `pt-BR` or `az_AZ` (case-insensitive, region ignored).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_', '.', '@']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The language a POSIX locale names (`pt_BR.UTF-8`, `ru_RU`); `C`, `POSIX` and unknown
    /// languages give none.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        match locale.trim() {
            "" | "C" | "POSIX" => None,
            other => other.split(':').find_map(Lang::from_code),
        }
    }

    /// The language of the user's environment, as gettext reads it: `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG` (the first one set decides), else English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"]
            .into_iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.trim().is_empty())
            .and_then(|value| Lang::from_locale(&value))
            .unwrap_or_default()
    }

    /// The next language of [`Lang::ALL`], after the last the first (the settings' L key).
    pub fn next(self) -> Lang {
        let i = Lang::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Lang::ALL[(i + 1) % Lang::ALL.len()]
    }

    /// The decimal separator: a comma everywhere but in English.
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            _ => ',',
        }
    }

    /// The separator of thousands: a comma in English, a dot in Portuguese, Spanish and
    /// Azerbaijani, a no-break space in Russian (so a number never breaks across lines).
    pub fn group_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Pt | Lang::Es | Lang::Az => '.',
            Lang::Ru => '\u{a0}',
        }
    }

    /// An integer with the language's thousands separator: `12,500` / `12.500` / `12 500`.
    pub fn integer(self, value: i64) -> String {
        let digits = value.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if value < 0 {
            out.push('-');
        }
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.group_separator());
            }
            out.push(d);
        }
        out
    }

    /// A number with `decimals` digits after the language's decimal separator.
    pub fn decimal(self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let fixed = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let whole: i64 = whole.parse().unwrap_or(0);
        let sign = if value < 0.0 && fixed.bytes().any(|b| matches!(b, b'1'..=b'9')) {
            "-"
        } else {
            ""
        };
        let mut out = format!("{sign}{}", self.integer(whole));
        if !fraction.is_empty() {
            out.push(self.decimal_separator());
            out.push_str(fraction);
        }
        out
    }

    /// An amount of money in cents with its currency code: `2,150.00 EUR` / `2.150,00 EUR`.
    pub fn money(self, cents: i64, currency: &str) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let (whole, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
        let whole = self.integer(i64::try_from(whole).unwrap_or(i64::MAX));
        format!("{sign}{whole}{}{rest:02}\u{a0}{currency}", self.decimal_separator())
    }

    /// A percentage: `42 %` with a no-break space, as all five languages' style guides write it
    /// (English house style included, so a column of percentages reads the same in every language).
    pub fn percent(self, value: f64, decimals: usize) -> String {
        format!("{}\u{a0}%", self.decimal(value, decimals))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| {
            let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
            format!("unknown language `{s}`: kam-sim speaks {}", codes.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_way_each_language_writes_them() {
        assert_eq!(Lang::En.decimal(2400.5, 2), "2,400.50");
        assert_eq!(Lang::Pt.decimal(2400.5, 2), "2.400,50");
        assert_eq!(Lang::Ru.decimal(2400.5, 2), "2\u{a0}400,50");
        assert_eq!(Lang::Az.integer(-1_234_567), "-1.234.567");
        assert_eq!(Lang::Es.money(215_000, "EUR"), "2.150,00\u{a0}EUR");
        assert_eq!(Lang::En.decimal(-0.001, 1), "0.0");
    }

    #[test]
    fn a_locale_names_its_language_and_c_names_none() {
        assert_eq!(Lang::from_locale("pt_BR.UTF-8"), Some(Lang::Pt));
        assert_eq!(Lang::from_locale("ru_RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("C"), None);
        assert_eq!(Lang::from_locale("de_DE:az_AZ"), Some(Lang::Az));
        assert_eq!("RU".parse::<Lang>(), Ok(Lang::Ru));
        assert!("russian".parse::<Lang>().is_err());
    }

    #[test]
    fn the_l_key_cycles_through_all_five_languages() {
        let mut seen = vec![Lang::En];
        while seen.len() < 6 {
            seen.push(seen[seen.len() - 1].next());
        }
        assert_eq!(seen, [Lang::En, Lang::Pt, Lang::Es, Lang::Ru, Lang::Az, Lang::En]);
    }
}
