//! The reader's own words — status hints, prompts, messages, help descriptions — in English
//! and Chinese, as data.
//!
//! Invariants:
//! - every [`Msg`] and every [`Action`] has text in both languages: [`Msg::text`] and
//!   [`action_description`] are exhaustive matches, so a new message or action cannot ship
//!   half-translated;
//! - nothing here reads the process environment: [`Lang::detect`] takes a lookup function, so
//!   tests never depend on the machine's locale;
//! - document text never passes through here; only the UI's words do.

use std::fmt;

use clap::ValueEnum;

use crate::keymap::{Action, HelpRow, Scope};

/// The language of the UI's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (简体中文).
    Zh,
}

impl Lang {
    /// Both languages, for tests and the config file's list of values.
    pub const ALL: [Self; 2] = [Self::En, Self::Zh];

    /// The config and command-line name: `en` or `zh`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Zh => "zh",
        }
    }

    /// The language with config name `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The language of the locale: the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// (POSIX precedence); Chinese when it starts with `zh`, English otherwise.
    ///
    /// `env` looks a variable up, e.g. `|k| std::env::var(k).ok()`.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|k| env(k).filter(|v| !v.is_empty()));
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Self::Zh,
            _ => Self::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The status line's key hints: which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// While the text has the focus.
    Text,
    /// While the outline has the focus.
    Outline,
    /// The shortest, for narrow screens.
    Short,
    /// While a selection is being made.
    Select,
}

/// One item of a key hint: the actions whose keys it names (joined by `/`) and what they do,
/// in English and Chinese.
type HintItem = (&'static [Action], &'static str, &'static str);

const TEXT_HINT: &[HintItem] = &[
    (&[Action::Help], "help", "帮助"),
    (&[Action::FocusOutline], "outline", "目录"),
    (&[Action::Search], "search", "搜索"),
    (&[Action::GoTo], "go to", "转到"),
    (&[Action::Quit], "quit", "退出"),
];

const OUTLINE_HINT: &[HintItem] = &[
    (&[Action::OpenSelected], "read", "阅读"),
    (
        &[Action::FoldOrParent, Action::Unfold],
        "fold/unfold",
        "折叠/展开",
    ),
    (&[Action::FilterOutline], "filter", "筛选"),
    (&[Action::FocusText], "text", "正文"),
    (&[Action::Help], "help", "帮助"),
];

const SELECT_HINT: &[HintItem] = &[
    (
        &[Action::SentenceForward, Action::SentenceBack],
        "sentence",
        "句",
    ),
    (
        &[Action::ParagraphForward, Action::ParagraphBack],
        "paragraph",
        "段",
    ),
    (&[Action::CopySelection], "copy", "复制"),
    (&[Action::CopyCited], "cite", "附出处"),
    (&[Action::Highlight], "highlight", "划线"),
    (&[Action::Annotate], "note", "笔记"),
    (&[Action::Cancel], "cancel", "取消"),
];

const SHORT_HINT: &[HintItem] = &[
    (&[Action::Help], "help", "帮助"),
    (&[Action::Quit], "quit", "退出"),
];

/// The key hint `hint` in `lang`, naming the keys `key` finds for each action (the keymap after
/// the user's rebinding): an item whose actions have no key is left out, so the hint never
/// names a key that does something else or nothing. `"? help  Tab outline  …  q quit"`.
pub fn key_hint(hint: Hint, lang: Lang, key: impl Fn(Action) -> Option<String>) -> String {
    let items = match hint {
        Hint::Text => TEXT_HINT,
        Hint::Outline => OUTLINE_HINT,
        Hint::Short => SHORT_HINT,
        Hint::Select => SELECT_HINT,
    };
    let mut parts = Vec::new();
    for &(actions, en, zh) in items {
        let keys: Option<Vec<String>> = actions.iter().map(|&a| key(a)).collect();
        if let Some(keys) = keys {
            let word = if lang == Lang::Zh { zh } else { en };
            parts.push(format!("{} {word}", keys.join("/")));
        }
    }
    parts.join("  ")
}

/// One thing the UI says. Variants with data fill it into the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// The go-to prompt.
    PromptGoTo,
    /// The search prompt.
    PromptSearch,
    /// The search prompt's label in literal mode (the query is text, not a pattern).
    LiteralPrompt,
    /// Searching forward went past the end and continued at the top.
    SearchWrappedTop,
    /// Searching backward went past the top and continued at the end.
    SearchWrappedBottom,
    /// The search found nothing for this query.
    NoMatch(String),
    /// The go-to target (or `-s` spec) matched nothing.
    NotFound(String),
    /// The document is still loading: percent done.
    Loading(u8),
    /// Title of the marks list.
    Marks,
    /// The title of the `:` picker's list of headings.
    Candidates,
    /// The title of the search results list.
    Results,
    /// The title of the shelf picker.
    ShelfTitle,
    /// The title of the `:*` list (headings of every document of the shelf).
    ShelfCandidates,
    /// `Ctrl-p` with one document open.
    OneDocument,
    /// A shelf document not read yet.
    Unread,
    /// How long ago, in seconds.
    Ago(u64),
    /// A shelf document could not be opened: its name and why.
    CannotOpen(String, String),
    /// Title of the help overlay.
    Help,
    /// The marks list is empty.
    NoMarks,
    /// A mark was set under this letter.
    MarkSet(char),
    /// No mark is set under this letter.
    NoSuchMark(char),
    /// The document was reloaded from disk.
    Reloaded,
    /// The file disappeared; the reader keeps showing what it loaded.
    FileDeleted,
    /// Resumed at the saved position.
    Resumed,
    /// The document changed since last time: resumed at the same section title.
    ResumedBySection(String),
    /// Label for silent-reading time.
    Reading,
    /// Label for reading-aloud time.
    Speaking,
    /// A size in characters (字数).
    Chars(u64),
    /// An approximate duration in minutes.
    Minutes(u64),
    /// A warning to show once (state or config problem), already in words.
    Warning(String),
    /// A section move found no section to go to.
    NoSuchSection,
    /// `p` at a top-level heading.
    TopLevel,
    /// `''`/Ctrl-o with nothing to go back to.
    NoEarlier,
    /// Ctrl-i with nothing to go forward to.
    NoLater,
    /// `n`/`N` before any search.
    NoSearchYet,
    /// A move waits for the rest of the document.
    StillLoading,
    /// A go-to waits for a section not loaded yet.
    Waiting(String),
    /// Tab on a document without sections.
    NoSections,
    /// A correction of the section tree in a document whose tree cannot be corrected (Markdown,
    /// still loading).
    CannotCorrect,
    /// The section tree was corrected (and the correction saved).
    Corrected,
    /// Tab while the outline is hidden.
    OutlineHidden,
    /// Tab or `o` on a screen too narrow for the outline.
    OutlineTooNarrow {
        /// Columns the screen needs for the outline to show.
        needs: u16,
    },
    /// The document has no text at all.
    EmptyDocument,
    /// The heading above notes whose text is no longer in the document.
    Orphans,
    /// The note prompt.
    PromptNote,
    /// Text of this many characters went to the clipboard.
    Copied(usize),
    /// The selection was highlighted.
    Highlighted,
    /// A note was saved.
    NoteSaved,
    /// Title of the notes list.
    Notes,
    /// The notes list is empty.
    NoNotes,
    /// A note was deleted (`u` brings it back).
    NoteDeleted,
    /// A deleted note came back.
    NoteRestored,
    /// The notes were written to this file.
    NotesExported(String),
    /// Marker of a note whose text is gone, in the notes list.
    Orphan,
    /// The clipboard sequence could not be written to the terminal.
    CopyFailed,
    /// The notes could not be written.
    ExportFailed(String),
    /// Invalid bytes were replaced while loading.
    Replaced,
    /// `R` on standard input or the guide.
    NotAFile,
    /// Minutes of reading left in the section and in the document, numbers `digits` wide (so
    /// the status line does not move when one grows a digit); `terse` for a narrow screen.
    Remaining {
        /// Minutes left in the current section.
        section: u64,
        /// Minutes left in the document.
        doc: u64,
        /// Width of each number.
        digits: usize,
        /// The short form.
        terse: bool,
    },
}

impl Msg {
    /// The message in `lang`.
    #[allow(clippy::too_many_lines)] // one arm per message, each a pair of translations
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let pick = |en: &str, zh_text: &str| if zh { zh_text } else { en }.to_owned();
        match self {
            Self::PromptGoTo => pick("Go to: ", "转到："),
            Self::PromptSearch => pick("Search: ", "搜索："),
            Self::LiteralPrompt => pick("/[literal] ", "/[原文] "),
            Self::SearchWrappedTop => pick("search wrapped to the top", "已从开头继续搜索"),
            Self::SearchWrappedBottom => pick("search wrapped to the bottom", "已从末尾继续搜索"),
            Self::NoMatch(q) => {
                if zh {
                    format!("未找到“{q}”")
                } else {
                    format!("no match for “{q}”")
                }
            }
            Self::NotFound(spec) => {
                if zh {
                    format!("找不到：{spec}")
                } else {
                    format!("not found: {spec}")
                }
            }
            Self::Loading(p) => {
                if zh {
                    format!("正在载入… {p}%")
                } else {
                    format!("loading… {p}%")
                }
            }
            Self::Marks => pick("marks", "书签"),
            Self::Orphans => pick(
                "Orphaned (the text is no longer in the document)",
                "原文已不在文档中",
            ),
            Self::PromptNote => pick(
                "Note (Enter saves, Ctrl-j new line): ",
                "笔记（回车保存，Ctrl-j 换行）：",
            ),
            Self::Copied(n) => {
                if zh {
                    format!("已复制 {n} 字到剪贴板")
                } else {
                    format!("copied {n} characters to the clipboard")
                }
            }
            Self::Highlighted => pick("highlighted", "已划线"),
            Self::NoteSaved => pick("note saved", "笔记已保存"),
            Self::Notes => pick(
                "notes (Enter go, e edit, d delete, u undo)",
                "笔记（回车 转到，e 修改，d 删除，u 撤销）",
            ),
            Self::NoNotes => pick(
                "no notes yet (v selects, then h or n)",
                "还没有笔记（v 选择，然后 h 或 n）",
            ),
            Self::NoteDeleted => pick("note deleted (u undoes)", "笔记已删除（u 撤销）"),
            Self::NoteRestored => pick("note restored", "笔记已恢复"),
            Self::NotesExported(path) => {
                if zh {
                    format!("笔记已导出到 {path}")
                } else {
                    format!("notes written to {path}")
                }
            }
            Self::Orphan => pick("[orphan]", "［原文已删］"),
            Self::CopyFailed => pick(
                "could not copy: the terminal took no output",
                "复制失败：终端无法写入",
            ),
            Self::ExportFailed(why) => {
                if zh {
                    format!("导出笔记失败：{why}")
                } else {
                    format!("could not write the notes: {why}")
                }
            }
            Self::Candidates => pick("headings (↑↓ Enter Esc)", "标题（↑↓ 回车 Esc）"),
            Self::Results => pick("matches (↑↓ Enter Esc)", "匹配（↑↓ 回车 Esc）"),
            Self::Help => pick("help", "帮助"),
            Self::ShelfTitle => pick("documents (↑↓ Enter Esc)", "书架（↑↓ 回车 Esc）"),
            Self::ShelfCandidates => pick(
                "headings in all documents (↑↓ Enter Esc)",
                "所有文档的标题（↑↓ 回车 Esc）",
            ),
            Self::OneDocument => pick(
                "one document open (gangmu A B or gangmu DIR/ opens several)",
                "只打开了一个文档（gangmu A B 或 gangmu 目录/ 打开多个）",
            ),
            Self::Unread => pick("unread", "未读"),
            Self::Ago(secs) => ago(*secs, zh),
            Self::CannotOpen(name, why) => {
                if zh {
                    format!("无法打开 {name}：{why}")
                } else {
                    format!("cannot open {name}: {why}")
                }
            }
            Self::NoMarks => pick(
                "no marks yet (m + letter sets one)",
                "还没有书签（m 加字母设置）",
            ),
            Self::MarkSet(c) => {
                if zh {
                    format!("已设书签 {c}")
                } else {
                    format!("mark {c} set")
                }
            }
            Self::NoSuchMark(c) => {
                if zh {
                    format!("没有书签 {c}")
                } else {
                    format!("no mark {c}")
                }
            }
            Self::Reloaded => pick("reloaded", "已重新载入"),
            Self::FileDeleted => pick(
                "file deleted — showing the loaded copy",
                "文件已被删除——显示已载入的内容",
            ),
            Self::Resumed => pick("resumed where you left off", "已回到上次阅读的位置"),
            Self::ResumedBySection(title) => {
                if zh {
                    format!("文档已改动，回到“{title}”")
                } else {
                    format!("the document changed; resumed at “{title}”")
                }
            }
            Self::Reading => pick("reading", "阅读"),
            Self::Speaking => pick("speaking", "朗读"),
            Self::Chars(n) => format_chars(*n, lang),
            Self::Minutes(m) => format_minutes(*m, lang),
            Self::NoSuchSection => pick("no section there", "那里没有章节"),
            Self::TopLevel => pick("already at the top level", "已在最上一级"),
            Self::NoEarlier => pick("no earlier position", "没有更早的位置"),
            Self::NoLater => pick("no later position", "没有更晚的位置"),
            Self::NoSearchYet => pick("no search yet: press / to search", "还没有搜索：按 / 开始"),
            Self::StillLoading => pick("still loading…", "仍在载入…"),
            Self::Waiting(spec) => {
                if zh {
                    format!("等待载入：{spec}…")
                } else {
                    format!("waiting for {spec} (loading)…")
                }
            }
            Self::NoSections => pick("this document has no sections", "本文档没有章节"),
            Self::CannotCorrect => pick(
                "the section tree of this document cannot be corrected (yet)",
                "本文档的章节结构（暂时）不能修改",
            ),
            Self::Corrected => pick("section tree corrected", "章节结构已修改"),
            Self::OutlineHidden => pick(
                "the outline is hidden: press o to show it",
                "目录已隐藏：按 o 显示",
            ),
            // short: it must fit the narrow screen it is shown on
            Self::OutlineTooNarrow { needs } => {
                if zh {
                    format!("目录需要至少{needs}列宽")
                } else {
                    format!("outline needs ≥{needs} columns")
                }
            }
            Self::EmptyDocument => pick("this file is empty", "文件是空的"),
            Self::Replaced => pick(
                "invalid byte sequences were replaced by U+FFFD",
                "无效字节已替换为 U+FFFD",
            ),
            Self::NotAFile => pick("only a file can be reloaded", "只有文件可以重新载入"),
            &Self::Remaining {
                section,
                doc,
                digits: w,
                terse,
            } => match (zh, terse) {
                (true, false) => format!("本节余{section:>w$}分 全文余{doc:>w$}分"),
                (true, true) => format!("余{section:>w$}/{doc:>w$}分"),
                (false, false) => {
                    format!("this section {section:>w$} min · document {doc:>w$} min left")
                }
                (false, true) => format!("{section:>w$}/{doc:>w$} min left"),
            },
            Self::Warning(w) => {
                if zh {
                    format!("警告：{w}")
                } else {
                    format!("warning: {w}")
                }
            }
        }
    }

    /// One of each message, for tests and for checking a translation at a glance.
    pub fn samples() -> Vec<Self> {
        vec![
            Self::PromptGoTo,
            Self::PromptSearch,
            Self::LiteralPrompt,
            Self::SearchWrappedTop,
            Self::SearchWrappedBottom,
            Self::NoMatch("q".into()),
            Self::NotFound("x".into()),
            Self::Loading(42),
            Self::Marks,
            Self::Candidates,
            Self::Results,
            Self::Help,
            Self::NoMarks,
            Self::MarkSet('a'),
            Self::NoSuchMark('b'),
            Self::Reloaded,
            Self::FileDeleted,
            Self::Resumed,
            Self::ResumedBySection("第一章".into()),
            Self::Reading,
            Self::Speaking,
            Self::Chars(1234),
            Self::Minutes(3),
            Self::Warning("w".into()),
            Self::NoSuchSection,
            Self::TopLevel,
            Self::NoEarlier,
            Self::NoLater,
            Self::NoSearchYet,
            Self::StillLoading,
            Self::Waiting("2".into()),
            Self::NoSections,
            Self::CannotCorrect,
            Self::Corrected,
            Self::OutlineHidden,
            Self::OutlineTooNarrow { needs: 40 },
            Self::EmptyDocument,
            Self::Replaced,
            Self::NotAFile,
            Self::Remaining {
                section: 2,
                doc: 10,
                digits: 2,
                terse: false,
            },
            Self::Remaining {
                section: 2,
                doc: 10,
                digits: 2,
                terse: true,
            },
        ]
    }
}

/// A character count: `856字` / `856 chars` below a thousand, `1.2千字` / `1.2k chars` up to
/// ten thousand (Chinese switches to `万字` there, `3.4万字`), one decimal.
pub fn format_chars(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh if n >= 10_000 => format!("{}万字", one_decimal(n, 10_000)),
        Lang::Zh if n >= 1_000 => format!("{}千字", one_decimal(n, 1_000)),
        Lang::Zh => format!("{n}字"),
        Lang::En if n >= 1_000_000 => format!("{}M chars", one_decimal(n, 1_000_000)),
        Lang::En if n >= 1_000 => format!("{}k chars", one_decimal(n, 1_000)),
        Lang::En => format!("{n} chars"),
    }
}

/// An approximate duration: `约3分钟` / `~3 min`; an hour or more as `约1.5小时` / `~1.5 h`.
pub fn format_minutes(minutes: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh if minutes >= 60 => format!("约{}小时", one_decimal(minutes, 60)),
        Lang::Zh => format!("约{minutes}分钟"),
        Lang::En if minutes >= 60 => format!("~{} h", one_decimal(minutes, 60)),
        Lang::En => format!("~{minutes} min"),
    }
}

/// `n / unit` rounded to one decimal, without a trailing `.0`.
fn one_decimal(n: u64, unit: u64) -> String {
    let tenths = (n * 10 + unit / 2) / unit;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// "just now", "5 min ago", "3 h ago", "2 d ago" (刚刚, 5 分钟前, 3 小时前, 2 天前).
fn ago(secs: u64, zh: bool) -> String {
    let (n, en, cn) = match secs {
        0..60 => return if zh { "刚刚" } else { "just now" }.to_owned(),
        60..3600 => (secs / 60, "min", "分钟"),
        3600..86_400 => (secs / 3600, "h", "小时"),
        _ => (secs / 86_400, "d", "天"),
    };
    if zh {
        format!("{n} {cn}前")
    } else {
        format!("{n} {en} ago")
    }
}

/// The help-screen heading of a key scope.
pub const fn scope_name(scope: Scope, lang: Lang) -> &'static str {
    match (scope, lang) {
        (Scope::Global, Lang::En) => "Everywhere",
        (Scope::Global, Lang::Zh) => "通用",
        (Scope::Text, Lang::En) => "Text",
        (Scope::Text, Lang::Zh) => "正文",
        (Scope::Outline, Lang::En) => "Outline",
        (Scope::Outline, Lang::Zh) => "目录",
        (Scope::Prompt, Lang::En) => "Prompt",
        (Scope::Prompt, Lang::Zh) => "输入框",
        (Scope::HelpScreen, Lang::En) => "Help",
        (Scope::HelpScreen, Lang::Zh) => "帮助",
        (Scope::MarkList, Lang::En) => "Marks",
        (Scope::MarkList, Lang::Zh) => "书签",
        (Scope::Prompter, Lang::En) => "Teleprompter",
        (Scope::Prompter, Lang::Zh) => "提词器",
        (Scope::Select, Lang::En) => "Selection",
        (Scope::Select, Lang::Zh) => "选择",
        (Scope::NoteList, Lang::En) => "Notes",
        (Scope::NoteList, Lang::Zh) => "笔记列表",
        (Scope::ShelfList, Lang::En) => "Shelf",
        (Scope::ShelfList, Lang::Zh) => "书架",
    }
}

/// The help-screen line for `action` in `lang` (English is [`Action::describe`]).
pub const fn action_description(action: Action, lang: Lang) -> &'static str {
    match lang {
        Lang::En => action.describe(),
        Lang::Zh => action_description_zh(action),
    }
}

/// The help screen's rows ([`crate::keymap::Keymap::help`]) with descriptions in `lang`.
///
/// A row carries only the English description, so it is matched back to its action; a row
/// no action describes is left as it is.
pub fn localize_help(rows: &[HelpRow], lang: Lang) -> Vec<HelpRow> {
    rows.iter()
        .map(|row| {
            let action = Action::ALL.iter().find(|a| a.describe() == row.description);
            HelpRow {
                description: action.map_or(row.description, |&a| action_description(a, lang)),
                ..row.clone()
            }
        })
        .collect()
}

/// The Chinese help line of every action.
const fn action_description_zh(action: Action) -> &'static str {
    match action {
        Action::LineDown => "向下滚动一行",
        Action::LineUp => "向上滚动一行",
        Action::PageDown => "向下翻一页",
        Action::PageUp => "向上翻一页",
        Action::HalfPageDown => "向下翻半页",
        Action::HalfPageUp => "向上翻半页",
        Action::Top => "到文档开头",
        Action::Bottom => "到文档末尾",
        Action::NextHeading => "下一个标题（任意级别）",
        Action::PrevHeading => "上一个标题（任意级别）",
        Action::NextSibling => "同级的下一节",
        Action::PrevSibling => "同级的上一节",
        Action::Parent => "所在上级章节的标题",
        Action::TopSection(_) => "第 N 个一级章节",
        Action::GoTo => "转到标题（编号或文字）、N.M、N%、Ln；*所有文档",
        Action::Search => "搜索",
        Action::NextMatch => "下一个匹配",
        Action::PrevMatch => "上一个匹配",
        Action::JumpBack => "回到上次跳转之前",
        Action::JumpForward => "撤销回跳，再向前",
        Action::JumpToggle => "在最近两处之间来回",
        Action::SetMark(_) => "设置书签（再按一个字母）",
        Action::JumpMark(_) => "跳到书签（再按一个字母）",
        Action::ListMarks => "列出书签",
        Action::FocusOutline => "焦点移到目录",
        Action::FocusText => "焦点移到正文",
        Action::ToggleOutline => "显示或隐藏目录",
        Action::NarrowOutline => "目录变窄",
        Action::WidenOutline => "目录变宽",
        Action::ToggleOutlineInfo => "显示或隐藏目录中的字数",
        Action::ScrollRight => "表格和代码向右滚动",
        Action::ScrollLeft => "表格和代码向左滚动",
        Action::SelectNext => "选择下一行",
        Action::SelectPrev => "选择上一行",
        Action::OpenSelected => "阅读所选章节",
        Action::FoldOrParent => "折叠；已折叠时到上级",
        Action::Unfold => "展开",
        Action::ToggleFold => "折叠或展开",
        Action::FoldAll => "全部折叠",
        Action::OpenAll => "全部展开",
        Action::Help => "帮助",
        Action::Cancel => "关闭浮层，清除搜索高亮",
        Action::Reload => "重新载入文档",
        Action::Quit => "退出",
        Action::Suspend => "挂起（fg 恢复）",
        Action::Submit => "执行",
        Action::ClearInput => "清空输入",
        Action::DeleteWord => "删除最后一个词",
        Action::DeleteChar => "删除最后一个字符",
        Action::Teleprompter => "提词器：按语速滚动",
        Action::Rehearse => "开始或结束计时排练",
        Action::Faster => "加快语速（+10 字/分）",
        Action::Slower => "放慢语速（-10 字/分）",
        Action::PauseResume => "暂停或继续（停顿标记处也用它）",
        Action::SelectFirst => "选择第一行",
        Action::SelectLast => "选择最后一行",
        Action::SelectPageDown => "选择下移一页",
        Action::SelectPageUp => "选择上移一页",
        Action::SelectHalfPageDown => "选择下移半页",
        Action::SelectHalfPageUp => "选择上移半页",
        Action::SelectNextSibling => "选择同级的下一节",
        Action::SelectPrevSibling => "选择同级的上一节",
        Action::SelectParent => "选择上级章节",
        Action::NotHeading => "不是标题：改为正文",
        Action::HeadingUp => "标题（连同下级）升一级",
        Action::HeadingDown => "标题（连同下级）降一级",
        Action::MakeHeading => "把顶行段落设为标题（再按撤销）",
        Action::StartSelection => "选择：从首行的第一句开始",
        Action::SelectParagraph => "选择整段",
        Action::SentenceForward => "向后扩展一句",
        Action::SentenceBack => "向前收回一句",
        Action::ExtendLineDown => "扩展到下一行",
        Action::ExtendLineUp => "收回到上一行",
        Action::ParagraphForward => "扩展到段尾，再到下一段",
        Action::ParagraphBack => "收回到上一段",
        Action::CopySelection => "复制所选（剪贴板，OSC 52）",
        Action::CopyCited => "复制所选并附出处",
        Action::CopySection => "复制当前章节（标题和正文）",
        Action::Highlight => "划线（随文档保存）",
        Action::Annotate => "为所选写笔记",
        Action::ListNotes => "笔记列表",
        Action::ExportNotes => "导出笔记到 NAME.notes.md",
        Action::DeleteNote => "删除所选笔记",
        Action::UndoDelete => "撤销删除",
        Action::EditNote => "修改笔记",
        Action::NewLine => "换行（笔记输入框）",
        Action::HistoryPrev => "历史中的上一条（或上一个候选）",
        Action::HistoryNext => "历史中的下一条（或下一个候选）",
        Action::PickNext => "下一个候选标题（:）",
        Action::PickPrev => "上一个候选标题（:）",
        Action::FilterOutline => "筛选目录，只留匹配的标题（Esc 清除）",
        Action::ToggleLiteral => "搜索：正则表达式或原文",
        Action::SearchResults => "搜索并列出全部匹配",
        Action::Shelf => "书架：打开的文档（回车切换）",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn detect_follows_posix_precedence() {
        assert_eq!(Lang::detect(env(&[])), Lang::En);
        assert_eq!(Lang::detect(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::detect(env(&[("LANG", "zh_TW.UTF-8")])), Lang::Zh);
        assert_eq!(
            Lang::detect(env(&[
                ("LANG", "zh_CN.UTF-8"),
                ("LC_MESSAGES", "en_US.UTF-8")
            ])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(env(&[("LC_ALL", "zh_CN"), ("LC_MESSAGES", "C")])),
            Lang::Zh
        );
        // an empty variable does not count
        assert_eq!(
            Lang::detect(env(&[("LC_ALL", ""), ("LANG", "zh_HK")])),
            Lang::Zh
        );
        assert_eq!(Lang::detect(env(&[("LANG", "C.UTF-8")])), Lang::En);
    }

    #[test]
    fn names_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_name(l.name()), Some(l));
        }
        assert_eq!(Lang::from_name("fr"), None);
    }

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::samples() {
            let en = m.text(Lang::En);
            let zh = m.text(Lang::Zh);
            assert!(!en.is_empty() && !zh.is_empty(), "{m:?}");
            assert_ne!(en, zh, "{m:?} is not translated");
        }
        assert_eq!(Msg::PromptGoTo.text(Lang::Zh), "转到：");
        assert_eq!(Msg::PromptSearch.text(Lang::En), "Search: ");
        assert_eq!(Msg::Loading(42).text(Lang::En), "loading… 42%");
        assert_eq!(Msg::NotFound("x".into()).text(Lang::En), "not found: x");
        let left = |terse| Msg::Remaining {
            section: 1,
            doc: 15,
            digits: 2,
            terse,
        };
        assert_eq!(
            left(false).text(Lang::En),
            "this section  1 min · document 15 min left"
        );
        assert_eq!(left(false).text(Lang::Zh), "本节余 1分 全文余15分");
        assert_eq!(left(true).text(Lang::En), " 1/15 min left");
    }

    #[test]
    fn every_action_has_both_languages() {
        for &a in Action::ALL {
            let en = action_description(a, Lang::En);
            let zh = action_description(a, Lang::Zh);
            assert_eq!(en, a.describe());
            assert!(!zh.is_empty());
            assert_ne!(en, zh, "{a:?}");
        }
        for s in [Scope::Global, Scope::Text, Scope::Outline] {
            assert_ne!(scope_name(s, Lang::En), scope_name(s, Lang::Zh));
        }
    }

    #[test]
    fn help_rows_in_chinese() {
        let rows = crate::keymap::Keymap::default_keys().help();
        let zh = localize_help(&rows, Lang::Zh);
        assert_eq!(rows.len(), zh.len());
        for (en, zh) in rows.iter().zip(&zh) {
            assert_eq!((en.scope, &en.keys), (zh.scope, &zh.keys));
            assert_ne!(en.description, zh.description, "{}", en.description);
        }
        assert_eq!(localize_help(&rows, Lang::En), rows);
    }

    #[test]
    fn sizes_and_minutes() {
        assert_eq!(format_chars(856, Lang::Zh), "856字");
        assert_eq!(format_chars(1234, Lang::Zh), "1.2千字");
        assert_eq!(format_chars(1234, Lang::En), "1.2k chars");
        assert_eq!(format_chars(2000, Lang::En), "2k chars");
        assert_eq!(format_chars(34_000, Lang::Zh), "3.4万字");
        assert_eq!(format_chars(999, Lang::En), "999 chars");
        assert_eq!(format_minutes(3, Lang::Zh), "约3分钟");
        assert_eq!(format_minutes(3, Lang::En), "~3 min");
        assert_eq!(format_minutes(90, Lang::Zh), "约1.5小时");
        assert_eq!(format_minutes(120, Lang::En), "~2 h");
    }
}
