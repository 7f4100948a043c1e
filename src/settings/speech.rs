//! Settings for giving a speech: the teleprompter's countdown and the speech's target length
//! (`--target 40m`, `[speech] target = "40m"`).

/// Longest countdown accepted, in seconds.
pub const MAX_COUNTDOWN: u32 = 60;

/// Longest target accepted, in seconds (ten hours).
pub const MAX_TARGET_SECS: u32 = 36_000;

/// How a speech is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speech {
    /// Seconds the teleprompter counts down before the first row moves (0 starts at once).
    pub countdown: u32,
    /// The length the whole speech should take, in seconds; the speaking rate is scaled to it.
    pub target: Option<u32>,
}

impl Default for Speech {
    fn default() -> Self {
        Self {
            countdown: 3,
            target: None,
        }
    }
}

/// Reads a length of time: `40m`, `1h10m`, `90s`, `1h 5m 30s`, `40:30` (minutes:seconds) or a
/// bare number of minutes (`40`). Returns seconds; zero and more than [`MAX_TARGET_SECS`] are
/// refused.
pub fn parse_duration(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let bad = || format!("{s:?} is not a length of time (say 40m, 1h10m, 90s or 40:30)");
    let secs: u64 = if let Some((m, sec)) = t.split_once(':') {
        let m: u64 = m.trim().parse().map_err(|_| bad())?;
        let sec: u64 = sec.trim().parse().map_err(|_| bad())?;
        if sec >= 60 {
            return Err(bad());
        }
        m * 60 + sec
    } else if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
        t.parse::<u64>().map_err(|_| bad())? * 60
    } else {
        let mut total: u64 = 0;
        let mut number = String::new();
        let mut any = false;
        for c in t.chars() {
            match c {
                '0'..='9' => number.push(c),
                'h' | 'm' | 's' if !number.is_empty() => {
                    let n: u64 = number.parse().map_err(|_| bad())?;
                    number.clear();
                    total += n * match c {
                        'h' => 3600,
                        'm' => 60,
                        _ => 1,
                    };
                    any = true;
                }
                ' ' if number.is_empty() => {}
                _ => return Err(bad()),
            }
        }
        if !number.is_empty() || !any {
            return Err(bad());
        }
        total
    };
    if secs == 0 || secs > u64::from(MAX_TARGET_SECS) {
        return Err(format!(
            "{s:?}: a target must be between 1 second and {} hours",
            MAX_TARGET_SECS / 3600
        ));
    }
    u32::try_from(secs).map_err(|_| bad())
}

/// `m:ss` (or `h:mm:ss` from an hour on) for a number of seconds.
pub fn clock(secs: u64) -> String {
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("40m"), Ok(2400));
        assert_eq!(parse_duration("1h10m"), Ok(4200));
        assert_eq!(parse_duration("1h 5m 30s"), Ok(3930));
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("40"), Ok(2400));
        assert_eq!(parse_duration("40:30"), Ok(2430));
        for bad in ["", "m", "40x", "0m", "12:75", "20h", "4 0m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(750), "12:30");
        assert_eq!(clock(3725), "1:02:05");
    }
}
