//! Drawing for giving a speech: the teleprompter's reading line, the status-line segments of
//! the teleprompter and the rehearsal (coloured by pace), and the rehearsal's table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::Palette;
use crate::app::App;
use crate::app::prompter::Run;
use crate::app::rehearsal::{Pace, Progress};
use crate::i18n::Lang;
use crate::settings::clock;

/// Highlights the reading line (a third of the way down the text pane) while prompting.
pub fn reading_line(app: &App, text: Rect, buf: &mut Buffer, pal: &Palette) {
    if app.prompter().is_none() || text.height == 0 {
        return;
    }
    let row = Rect {
        y: text.y + text.height / 3,
        height: 1,
        ..text
    };
    buf.set_style(row, pal.outline_current);
}

/// The status-line segments, left to right, each with its style.
pub fn status_segments(app: &App, pal: &Palette) -> Vec<(String, Style)> {
    let zh = app.lang() == Lang::Zh;
    let mut out = Vec::new();
    if let Some(p) = app.prompter() {
        let rate = app.speak_rate();
        let state = match p.run {
            Run::Countdown { .. } => format!("{}…", p.countdown_left(app.now()).unwrap_or(0)),
            Run::Running { .. } => "▶".to_owned(),
            Run::Paused => "⏸".to_owned(),
            Run::Held => if zh {
                "停顿·空格继续"
            } else {
                "pause·Space"
            }
            .to_owned(),
            Run::Finished => if zh { "完" } else { "end" }.to_owned(),
        };
        out.push((format!("{state} {rate}字/分"), pal.status_line));
    }
    if (app.prompter().is_some() || app.rehearsing())
        && let Some(need) = app.target_rate()
    {
        let text = if zh {
            format!("需{need}字/分")
        } else {
            format!("needs {need}字/分")
        };
        out.push((text, pal.status_line));
    }
    if let Some(status) = app.rehearsal_status() {
        if let Some(section) = status.section {
            out.push((format!("§{}", progress(section)), paced(section.pace, pal)));
        }
        out.push((
            format!("Σ{}", progress(status.total)),
            paced(status.total.pace, pal),
        ));
    }
    out
}

fn progress(p: Progress) -> String {
    format!(
        "{}/{}",
        clock(p.elapsed.as_secs()),
        clock(p.planned.as_secs())
    )
}

/// Green ahead, the status line's own style on time, red behind.
fn paced(pace: Pace, pal: &Palette) -> Style {
    match pace {
        Pace::Ahead => pal.status_line.fg(Color::Green),
        Pace::OnTime => pal.status_line,
        Pace::Behind => pal.status_line.fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

/// The table of the last rehearsal: section, planned, actual, difference.
pub fn rehearsal_lines(app: &App) -> Vec<String> {
    let zh = app.lang() == Lang::Zh;
    let Some(r) = app.last_rehearsal() else {
        return Vec::new();
    };
    let signed = |actual: u64, planned: u64| {
        let (sign, d) = if actual >= planned {
            ('+', actual - planned)
        } else {
            ('-', planned - actual)
        };
        format!("{sign}{}", clock(d / 1000))
    };
    let amb = app.layout().options().ambiguous;
    let row = |title: &str, planned: u64, actual: u64| {
        let title = crate::display::truncate(&crate::display::sanitize(title), 30, amb);
        let pad = 30usize.saturating_sub(crate::display::str_width(&title, amb));
        format!(
            "{title}{}  {:>8}  {:>8}  {:>8}",
            " ".repeat(pad),
            clock(planned / 1000),
            clock(actual / 1000),
            signed(actual, planned)
        )
    };
    let mut out = vec![
        if zh {
            format!("排练结果（{} 字/分；Esc 关闭，j/k 滚动）", r.rate)
        } else {
            format!("Rehearsal at {} 字/分 (Esc closes, j/k scroll)", r.rate)
        },
        String::new(),
        if zh {
            format!("{:<26}  {:>8}  {:>8}  {:>8}", "章节", "计划", "实际", "差")
        } else {
            format!(
                "{:<30}  {:>8}  {:>8}  {:>8}",
                "section", "planned", "actual", "diff"
            )
        },
    ];
    for s in &r.sections {
        if s.level > 2 && s.actual_ms == 0 {
            continue;
        }
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)).min(4));
        out.push(row(
            &format!("{indent}{}", s.title),
            s.planned_ms,
            s.actual_ms,
        ));
    }
    out.push(String::new());
    out.push(row(
        if zh { "全文" } else { "total" },
        r.planned_ms,
        r.total_ms,
    ));
    out
}
