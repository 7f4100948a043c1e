//! `--rehearsals FILE`: the past rehearsals of a document, one block each — the date (UTC),
//! the total against the plan, and each top-level section's time against its plan.

use std::io::{self, Write};

use crate::display::sanitize;
use crate::settings::clock;
use crate::state::Rehearsal;

/// Writes `list` (oldest first); a line saying so when there are none.
pub fn write_rehearsals(list: &[Rehearsal], out: &mut impl Write) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "no rehearsals recorded for this document");
    }
    for (i, r) in list.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  total {} / planned {} at {} 字/分 ({})",
            date(r.date),
            clock(r.total_ms / 1000),
            clock(r.planned_ms / 1000),
            r.rate,
            difference(r.total_ms, r.planned_ms)
        )?;
        for s in r.sections.iter().filter(|s| s.level == 1) {
            writeln!(
                out,
                "  {}  {} / {} ({})",
                sanitize(&s.title),
                clock(s.actual_ms / 1000),
                clock(s.planned_ms / 1000),
                difference(s.actual_ms, s.planned_ms)
            )?;
        }
    }
    Ok(())
}

/// `+1:05` over the plan, `-0:30` under it.
fn difference(actual: u64, planned: u64) -> String {
    if actual >= planned {
        format!("+{}", clock((actual - planned) / 1000))
    } else {
        format!("-{}", clock((planned - actual) / 1000))
    }
}

/// `YYYY-MM-DD HH:MM` UTC for unix seconds.
pub fn date(unix: u64) -> String {
    let days = i64::try_from(unix / 86_400).unwrap_or(i64::MAX / 2);
    let secs = unix % 86_400;
    // days since 1970-01-01 → civil date (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        secs / 3600,
        secs / 60 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::SectionTime;

    #[test]
    fn dates_are_utc() {
        assert_eq!(date(0), "1970-01-01 00:00");
        assert_eq!(date(951_782_400), "2000-02-29 00:00");
        assert_eq!(date(1_796_222_700), "2026-12-02 14:45");
    }

    #[test]
    fn top_level_sections_are_listed() {
        let section = |title: &str, level, actual_ms| SectionTime {
            title: title.to_owned(),
            level,
            planned_ms: 60_000,
            actual_ms,
        };
        let r = Rehearsal {
            date: 0,
            rate: 240,
            planned_ms: 120_000,
            total_ms: 130_000,
            sections: vec![
                section("一、开场", 1, 70_000),
                section("（一）细节", 2, 30_000),
                section("二、结尾", 1, 60_000),
            ],
        };
        let mut out = Vec::new();
        write_rehearsals(&[r], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "1970-01-01 00:00  total 2:10 / planned 2:00 at 240 字/分 (+0:10)\n  \
             一、开场  1:10 / 1:00 (+0:10)\n  二、结尾  1:00 / 1:00 (+0:00)\n"
        );
    }
}
