//! Bytes → text: choosing the encoding, refusing binary data, decoding in chunks, and
//! normalising line ends.
//!
//! The encoding is chosen once, from the first bytes (`sniff`): a BOM wins, then a forced
//! `--encoding`, then BOM-less UTF-16 (NUL bytes in every other position and nothing else odd),
//! then UTF-8 when the bytes are (almost all) valid UTF-8, then chardetng's guess (GBK/GB18030
//! for Chinese legacy text, Big5 for traditional). The first bytes are more than the first
//! window when that window is pure ASCII, which says nothing about the encoding
//! ([`read_head`]). Decoding is streaming ([`StreamDecoder`]) so a huge
//! file never needs two copies of itself in memory. Invalid sequences become U+FFFD and are
//! reported once by the caller; decoding never fails.
//!
//! Line ends: CRLF and lone CR both become LF, also when a CRLF pair is split between two
//! chunks.

use std::io::{self, Read};

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// How many leading bytes are checked for NUL to recognise binary data.
pub const BINARY_PROBE_BYTES: usize = 64 * 1024;

/// How far [`read_head`] reads while everything so far is ASCII.
pub const MAX_SNIFF_BYTES: usize = 8 << 20;

/// Reads the bytes [`sniff`] should see: the first [`BINARY_PROBE_BYTES`], and while all of
/// them are ASCII (common to every encoding gangmu reads, so no evidence yet) one more window
/// at a time, up to [`MAX_SNIFF_BYTES`] — a GBK document behind a long ASCII preamble is then
/// still recognised. `forced`: an encoding was given, so only the first window is read.
/// Returns the bytes and whether they are the whole input.
pub fn read_head(reader: &mut impl Read, forced: bool) -> io::Result<(Vec<u8>, bool)> {
    let mut head = Vec::with_capacity(BINARY_PROBE_BYTES);
    loop {
        let start = head.len();
        reader
            .by_ref()
            .take(BINARY_PROBE_BYTES as u64)
            .read_to_end(&mut head)?;
        let complete = head.len() - start < BINARY_PROBE_BYTES;
        if complete || forced || head.len() >= MAX_SNIFF_BYTES || !head[start..].is_ascii() {
            return Ok((head, complete));
        }
    }
}

/// Why input cannot be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL bytes in the first 64 KiB and no `--force`.
    #[error("binary data (NUL bytes in the first 64 KiB); use --force to read it anyway")]
    Binary,
}

/// Looks up an `--encoding` value: `utf-8`, `gb18030`, `gbk`, `utf-16le`, `utf-16be` (and the
/// WHATWG labels encoding_rs knows, such as `gb2312`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    match label.to_ascii_lowercase().as_str() {
        "utf8" | "utf-8" => Some(UTF_8),
        "gb18030" => Some(GB18030),
        "gbk" | "cp936" => Some(GBK),
        "utf-16le" | "utf16le" => Some(UTF_16LE),
        "utf-16be" | "utf16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

/// The result of looking at the first bytes of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark at the start (skipped by the decoder).
    pub bom_len: usize,
}

/// Chooses the encoding from the first bytes of the input (`head`, up to
/// [`BINARY_PROBE_BYTES`] or the whole input when shorter) and refuses binary data unless
/// `force` is set. `is_complete` says `head` is the whole input (so a truncated UTF-8 sequence
/// at its end is an error, not a chunk boundary).
pub fn sniff(
    head: &[u8],
    forced: Option<&'static Encoding>,
    force: bool,
    is_complete: bool,
) -> Result<Sniffed, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(head) {
        return Ok(Sniffed { encoding, bom_len });
    }
    let utf16 = forced.is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    let probe = &head[..head.len().min(BINARY_PROBE_BYTES)];
    if forced.is_none()
        && let Some(encoding) = bomless_utf16(probe, is_complete && probe.len() == head.len())
    {
        return Ok(Sniffed {
            encoding,
            bom_len: 0,
        });
    }
    if !force && !utf16 && memchr::memchr(0, probe).is_some() {
        return Err(DecodeError::Binary);
    }
    if let Some(encoding) = forced {
        return Ok(Sniffed {
            encoding,
            bom_len: 0,
        });
    }
    if mostly_utf8(head, is_complete) {
        return Ok(Sniffed {
            encoding: UTF_8,
            bom_len: 0,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, is_complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    // GBK text is decoded with the GB18030 decoder, which is a superset.
    let encoding = if guess == GBK {
        GB18030
    } else if guess.is_single_byte() {
        // Chinese text mixed with garbage: a Western single-byte guess would turn every valid
        // Chinese character into mojibake; UTF-8 or GB18030 keeps them and replaces the rest.
        chinese_despite_garbage(head).unwrap_or(guess)
    } else {
        guess
    };
    Ok(Sniffed {
        encoding,
        bom_len: 0,
    })
}

/// BOM-less UTF-16: NUL bytes (nearly) only at even offsets (big-endian) or only at odd ones
/// (little-endian) — the zero high byte of ASCII letters, digits, spaces and line ends — in at
/// least one code unit of 64, and
/// the bytes decode in that order without an error, a NUL or a control character other than
/// tab, line feed, form feed and carriage return. Binary data has NULs at both parities or
/// decodes into control characters.
fn bomless_utf16(probe: &[u8], is_complete: bool) -> Option<&'static Encoding> {
    let probe = &probe[..probe.len() & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in probe.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // the other side has a NUL only for characters such as 一 (U+4E00)
    let (encoding, nuls) = match (even, odd) {
        (e, o) if o >= 4 * e => (UTF_16LE, o),
        (e, o) if e >= 4 * o => (UTF_16BE, e),
        _ => return None,
    };
    // a pattern, not a stray NUL: at least two, and one unit in 64 (the line ends, spaces and
    // digits of even a Chinese text)
    let units = probe.len() / 2;
    if nuls < 2 || nuls * 64 < units {
        return None;
    }
    // bytes all below 0x80 are ASCII text with NULs in it unless nearly every unit is an ASCII
    // character (Chinese UTF-16 has bytes above 0x7F in most characters)
    if probe.is_ascii() && nuls * 4 < units * 3 {
        return None;
    }
    let mut text = String::with_capacity(probe.len() * 3 / 2);
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // not `last` unless complete: a surrogate pair cut at the window's end is not an error
    let (_, _, errors) = decoder.decode_to_string(probe, &mut text, is_complete);
    let clean = text.chars().all(|c| {
        (!c.is_control() || matches!(c, '\t' | '\n' | '\x0c' | '\r'))
            && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
    });
    (!errors && clean).then_some(encoding)
}

/// True when `bytes` is valid UTF-8, or nearly so: a few stray bytes in an otherwise UTF-8
/// Chinese document should not turn the whole text into mojibake by choosing a legacy encoding.
/// "Nearly": at least 10 multi-byte lead bytes per invalid sequence (GBK text fails on nearly
/// every character), or — for short inputs, where that rule needs more text than there is — at
/// least two valid characters of three or four bytes per invalid sequence (the CJK characters
/// of UTF-8; legacy encodings seldom form them by chance). An input that fails both goes to the
/// detector, which would decode UTF-8 Chinese as Western mojibake without a word; this way it
/// stays UTF-8 and the invalid bytes are reported.
fn mostly_utf8(bytes: &[u8], is_complete: bool) -> bool {
    let mut rest = bytes;
    let mut errors = 0usize;
    let mut wide = 0usize;
    loop {
        let result = std::str::from_utf8(rest);
        let valid_len = result
            .as_ref()
            .map_or_else(std::str::Utf8Error::valid_up_to, |_| rest.len());
        // one lead byte E0–F4 per valid character of three or four bytes
        wide += rest[..valid_len].iter().filter(|&&b| b >= 0xE0).count();
        match result {
            Ok(_) => break,
            Err(e) => {
                let Some(bad) = e.error_len() else {
                    // truncated sequence at the end: a chunk boundary unless the input ended
                    if is_complete {
                        errors += 1;
                    }
                    break;
                };
                errors += 1;
                rest = &rest[valid_len + bad..];
            }
        }
    }
    if errors == 0 {
        return true;
    }
    let multibyte = bytes.iter().filter(|&&b| b >= 0xC0).count();
    (multibyte >= 10 * errors && multibyte > errors) || wide >= 2 * errors
}

/// UTF-8, else GB18030, when it decodes `bytes` into at least 10 CJK characters and more of
/// them than invalid sequences (asked only when the detector guessed a Western single-byte
/// encoding).
fn chinese_despite_garbage(bytes: &[u8]) -> Option<&'static Encoding> {
    let score = |text: &str| {
        let (mut cjk, mut bad) = (0usize, 0usize);
        for c in text.chars() {
            match c {
                '\u{FFFD}' => bad += 1,
                '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' => {
                    cjk += 1;
                }
                _ => {}
            }
        }
        cjk >= 10 && cjk > bad
    };
    // UTF-8 first: GBK text seldom holds valid UTF-8 CJK sequences, while UTF-8 text decoded
    // as GB18030 gives plenty of (wrong) CJK characters
    if score(&String::from_utf8_lossy(bytes)) {
        return Some(UTF_8);
    }
    score(&GB18030.decode_without_bom_handling(bytes).0).then_some(GB18030)
}

/// Streaming decoder: bytes in, normalised text out.
pub struct StreamDecoder {
    decoder: encoding_rs::Decoder,
    encoding: &'static Encoding,
    /// The previous chunk ended in CR, so a leading LF in the next one is part of a CRLF.
    after_cr: bool,
    had_errors: bool,
}

impl StreamDecoder {
    /// A decoder for `encoding`; a BOM at the start of the stream is removed.
    pub fn new(encoding: &'static Encoding) -> Self {
        Self {
            decoder: encoding.new_decoder_with_bom_removal(),
            encoding,
            after_cr: false,
            had_errors: false,
        }
    }

    /// The encoding in use.
    pub const fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// True once any invalid sequence was replaced by U+FFFD.
    pub const fn had_errors(&self) -> bool {
        self.had_errors
    }

    /// Decodes `bytes` (`last` = no more input follows) into text with LF line ends.
    pub fn push(&mut self, bytes: &[u8], last: bool) -> String {
        let cap = self
            .decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3);
        let mut out = String::with_capacity(cap);
        let (_, _, errors) = self.decoder.decode_to_string(bytes, &mut out, last);
        self.had_errors |= errors;
        normalize_newlines(&mut out, &mut self.after_cr);
        out
    }
}

/// Decodes a whole input at once with as few copies as possible: valid UTF-8 becomes the
/// `String` without copying (line ends are normalised in place first). Returns the text and
/// whether invalid sequences were replaced.
pub fn decode_whole(mut bytes: Vec<u8>, sniffed: Sniffed) -> (String, bool) {
    if sniffed.encoding == UTF_8 {
        if sniffed.bom_len > 0 {
            bytes.drain(..sniffed.bom_len.min(bytes.len()));
        }
        normalize_newlines_bytes(&mut bytes);
        return match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
    }
    let mut d = StreamDecoder::new(sniffed.encoding);
    let text = d.push(&bytes, true);
    (text, d.had_errors())
}

/// Bytes per block for [`append_utf8_block`]: small enough to stay in the CPU caches between
/// the read, the newline pass and the decoding.
pub const UTF8_BLOCK_BYTES: usize = 1 << 20;

/// Appends the next `block` of a UTF-8 input to `text`: line ends are normalised in place, then
/// `decoder` (a UTF-8 decoder from [`utf8_decoder`]) validates and copies the bytes, replacing
/// invalid sequences by U+FFFD. encoding_rs validates Chinese text at 2–3 GB/s where
/// `String::from_utf8` manages ~0.5 GB/s, so this copy is cheaper than validating in place.
/// Unless `last`, a trailing CR is kept back (it may be half of a CRLF): on return `block`
/// holds just that, and the caller appends the next read to it. A multi-byte character split
/// between blocks is carried by the decoder. Returns true when something was replaced. Any
/// split of an input gives the same text as [`decode_whole`].
pub fn append_utf8_block(
    decoder: &mut encoding_rs::Decoder,
    text: &mut String,
    block: &mut Vec<u8>,
    last: bool,
) -> bool {
    let keep_cr = !last && block.last() == Some(&b'\r');
    if keep_cr {
        block.pop();
    }
    normalize_newlines_bytes(block);
    // Reserve for the bytes themselves (valid UTF-8 is copied one to one), not for the worst
    // case of three output bytes per input byte: `text` is usually allocated to the input's
    // size, and asking for the worst case near its end doubled it — a copy of the whole text,
    // twice the memory at the peak. When invalid bytes grow into U+FFFD and fill `text`, the
    // decoder stops and `text` grows for the rest.
    let mut rest: &[u8] = block;
    let mut lossy = false;
    loop {
        // (nothing for an empty last block: a buffer sized to the input has no spare byte
        // then, and reserving a few would double it)
        if text.capacity() - text.len() < rest.len() {
            text.reserve(rest.len());
        }
        let (result, read, errors) = decoder.decode_to_string(rest, text, last);
        lossy |= errors;
        rest = &rest[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            break;
        }
        // output full: room for the rest and a few U+FFFD next time round
        text.reserve(rest.len() + 8);
    }
    block.clear();
    if keep_cr {
        block.push(b'\r');
    }
    lossy
}

/// A UTF-8 decoder for [`append_utf8_block`] (the BOM, if any, is removed by the caller).
pub fn utf8_decoder() -> encoding_rs::Decoder {
    UTF_8.new_decoder_without_bom_handling()
}

/// Turns CRLF and lone CR into LF in place in raw bytes (ASCII CR/LF never occur inside a
/// UTF-8 multi-byte sequence, so this is safe before validation).
pub fn normalize_newlines_bytes(bytes: &mut Vec<u8>) {
    let Some(first) = memchr::memchr(b'\r', bytes) else {
        return;
    };
    let mut write = first;
    let mut read = first;
    while read < bytes.len() {
        // here bytes[read] == b'\r'
        let crlf = bytes.get(read + 1) == Some(&b'\n');
        if crlf {
            read += 1; // drop the CR; the LF is copied with the next block
        } else {
            bytes[write] = b'\n';
            write += 1;
            read += 1;
        }
        let next = memchr::memchr(b'\r', &bytes[read..]).map_or(bytes.len(), |i| read + i);
        bytes.copy_within(read..next, write);
        write += next - read;
        read = next;
    }
    bytes.truncate(write);
}

/// Turns CRLF and lone CR into LF in place. `after_cr` carries "the previous text ended in a
/// CR" across chunk boundaries.
pub fn normalize_newlines(text: &mut String, after_cr: &mut bool) {
    let bytes = text.as_bytes();
    let skip_first_lf = *after_cr && bytes.first() == Some(&b'\n');
    if memchr::memchr(b'\r', bytes).is_none() {
        if skip_first_lf {
            text.remove(0);
        }
        *after_cr = false;
        return;
    }
    let mut out = String::with_capacity(text.len());
    // Position just after the last CR; `Some(0)` when the previous chunk ended in one.
    let mut after_last_cr = after_cr.then_some(0);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        if bytes[i] == b'\n' {
            if after_last_cr == Some(i) {
                // the LF of a CRLF: its CR already produced the newline
                out.push_str(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
        } else {
            out.push_str(text.get(start..i).unwrap_or(""));
            out.push('\n');
            start = i + 1;
            after_last_cr = Some(i + 1);
        }
    }
    out.push_str(text.get(start..).unwrap_or(""));
    *after_cr = text.ends_with('\r');
    *text = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, &'static str, bool) {
        let s = sniff(bytes, None, false, true).expect("text");
        let mut d = StreamDecoder::new(s.encoding);
        let text = d.push(bytes, true);
        (text, s.encoding.name(), d.had_errors())
    }

    #[test]
    fn chinese_utf8_mixed_with_gbk_and_garbage_stays_utf8() {
        let mut bytes = "一、标题\n\n这是UTF-8写的正文。\n\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xd6\xd0\xce\xc4\xd5\xfd\xce\xc4\n\n\xff\xfe\x80\x81\xa0\n\n");
        bytes.extend_from_slice("二、又一个标题\n\n结尾。\n".as_bytes());
        let (text, name, lossy) = decode_all(&bytes);
        assert_eq!(name, "UTF-8");
        assert!(lossy);
        assert!(text.starts_with("一、标题\n\n这是UTF-8写的正文。\n\n\u{FFFD}"));
        assert!(text.ends_with("二、又一个标题\n\n结尾。\n"));
    }

    #[test]
    fn gbk_with_garbage_stays_gbk() {
        let mut bytes = b"\xd6\xd0\xce\xc4\xd5\xfd\xce\xc4\xa1\xa3\n".repeat(20);
        bytes.extend_from_slice(b"\x81\n\xff\xff\n");
        let (text, name, lossy) = decode_all(&bytes);
        assert_eq!(name, "gb18030");
        assert!(lossy);
        assert!(text.starts_with("中文正文。\n中文正文。\n"));
    }

    #[test]
    fn western_text_is_not_taken_for_utf8() {
        let (text, name, lossy) =
            decode_all(b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9\n");
        assert_eq!(name, "windows-1252");
        assert!(!lossy);
        assert_eq!(text, "café crème brûlée, naïve résumé\n");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_all("第一章\n".as_bytes()).0, "第一章\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("第一章".as_bytes());
        assert_eq!(decode_all(&bom), ("第一章".to_owned(), "UTF-8", false));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "一、总则\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode_all(&bytes),
            ("一、总则\n".to_owned(), "UTF-16LE", false)
        );
        let mut bytes = vec![0xFE, 0xFF];
        for u in "一、总则".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_all(&bytes).0, "一、总则");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "同志们：现在，我代表第十八届中央委员会向大会作报告。中国共产党第十九次全国代表大会，是在全面建成小康社会决胜阶段召开的一次十分重要的大会。\n";
        let (gbk, _, _) = GBK.encode(text);
        let (decoded, name, errors) = decode_all(&gbk);
        assert_eq!(decoded, text);
        assert_eq!(name, "gb18030");
        assert!(!errors);
    }

    #[test]
    fn forced_encoding_wins() {
        let (gbk, _, _) = GBK.encode("一、总则");
        let s = sniff(&gbk, Some(GBK), false, true).expect("text");
        assert_eq!(s.encoding, GBK);
    }

    #[test]
    fn invalid_utf8_becomes_replacement_and_is_reported() {
        let mut bytes = "第一章 总纲。".repeat(30).into_bytes();
        bytes.push(0xFF);
        bytes.extend_from_slice("结束".as_bytes());
        let (text, name, errors) = decode_all(&bytes);
        assert_eq!(name, "UTF-8");
        assert!(errors);
        assert!(text.ends_with("\u{FFFD}结束"));
    }

    #[test]
    fn nul_bytes_mean_binary_unless_forced() {
        assert_eq!(
            sniff(b"abc\0def", None, false, true),
            Err(DecodeError::Binary)
        );
        assert!(sniff(b"abc\0def", None, true, true).is_ok());
        // a NUL after the probe window is not looked at
        let mut late = vec![b'a'; BINARY_PROBE_BYTES];
        late.push(0);
        assert!(sniff(&late, None, false, true).is_ok());
    }

    #[test]
    fn empty_input_is_utf8() {
        assert_eq!(decode_all(b""), (String::new(), "UTF-8", false));
    }

    #[test]
    fn line_ends_are_normalised() {
        assert_eq!(decode_all(b"a\r\nb\rc\n\rd").0, "a\nb\nc\n\nd");
    }

    #[test]
    fn whole_buffer_decoding_matches_streaming() {
        for input in [
            &b"a\r\nb\rc\n\rd\r"[..],
            b"\r\r\n\n",
            "\u{feff}第一章\r\n总纲".as_bytes(),
            b"plain\n",
            b"",
        ] {
            let s = sniff(input, None, false, true).expect("text");
            let mut d = StreamDecoder::new(s.encoding);
            let streamed = d.push(input, true);
            assert_eq!(
                decode_whole(input.to_vec(), s),
                (streamed, false),
                "{input:?}"
            );
        }
        let (gbk, _, _) = GBK.encode("一、总则\r\n第一条");
        let s = sniff(&gbk, Some(GB18030), false, true).expect("text");
        assert_eq!(decode_whole(gbk.into_owned(), s).0, "一、总则\n第一条");
    }

    #[test]
    fn block_decoding_matches_whole_decoding_in_any_split() {
        let mut inputs: Vec<Vec<u8>> = vec![
            b"a\r\nb\rc\n\rd\r".to_vec(),
            "第一章\r\n总纲\r\n\r\n一、总则\r".as_bytes().to_vec(),
            b"\r\r\n\n".to_vec(),
            Vec::new(),
        ];
        let mut bad = "纲目\r\n".as_bytes().to_vec();
        bad.extend_from_slice(&[0xE7, 0xBA, b'x', 0xFF, 0xE7]);
        inputs.push(bad);
        for input in &inputs {
            let whole = decode_whole(input.clone(), sniff(b"", None, false, true).expect("text"));
            for step in 1..=input.len().max(1) {
                let mut text = String::new();
                let mut block = Vec::new();
                let mut lossy = false;
                let mut d = utf8_decoder();
                for piece in input.chunks(step) {
                    block.extend_from_slice(piece);
                    lossy |= append_utf8_block(&mut d, &mut text, &mut block, false);
                }
                lossy |= append_utf8_block(&mut d, &mut text, &mut block, true);
                assert_eq!((text, lossy), whole, "{input:?} in steps of {step}");
            }
        }
    }

    #[test]
    fn block_decoding_fills_a_buffer_sized_to_the_input_without_growing_it() {
        // the input size is a whole number of blocks: the last call has an empty block
        let input = vec![b'a'; 3 * UTF8_BLOCK_BYTES];
        let mut text = String::with_capacity(input.len() + 1);
        let mut d = utf8_decoder();
        for (i, piece) in input.chunks(UTF8_BLOCK_BYTES).enumerate() {
            let mut block = piece.to_vec();
            assert!(
                !append_utf8_block(&mut d, &mut text, &mut block, false),
                "{i}"
            );
        }
        assert!(!append_utf8_block(&mut d, &mut text, &mut Vec::new(), true));
        assert_eq!(text.len(), input.len());
        assert_eq!(text.capacity(), input.len() + 1, "no doubling at the end");
        // invalid bytes that grow into U+FFFD make room for themselves
        let mut small = String::with_capacity(4);
        let mut bad = vec![0xFF; 100];
        let mut d = utf8_decoder();
        assert!(append_utf8_block(&mut d, &mut small, &mut bad, true));
        assert_eq!(small, "\u{FFFD}".repeat(100));
        // a sequence cut at the end of the input is flushed by the empty last block
        let mut cut = String::with_capacity(2);
        let mut d = utf8_decoder();
        assert!(!append_utf8_block(
            &mut d,
            &mut cut,
            &mut b"a\xe4".to_vec(),
            false
        ));
        assert!(append_utf8_block(&mut d, &mut cut, &mut Vec::new(), true));
        assert_eq!(cut, "a\u{FFFD}");
    }

    #[test]
    fn crlf_split_between_chunks_is_one_newline() {
        let mut d = StreamDecoder::new(UTF_8);
        let a = d.push(b"a\r", false);
        let b = d.push(b"\nb\r", false);
        let c = d.push(b"c", true);
        assert_eq!(format!("{a}{b}{c}"), "a\nb\nc");
    }

    #[test]
    fn multibyte_split_between_chunks_survives() {
        let bytes = "纲目".as_bytes();
        let mut d = StreamDecoder::new(UTF_8);
        let a = d.push(&bytes[..2], false);
        let b = d.push(&bytes[2..], true);
        assert_eq!(format!("{a}{b}"), "纲目");
        assert!(!d.had_errors());
    }

    #[test]
    fn gbk_after_a_long_ascii_preamble_is_still_gbk() {
        let mut bytes = b"Copyright notice, plain ASCII.\n".repeat(12_000); // ~370 KB
        let (gbk, _, _) = GBK.encode("第一章 总则\n第一条 为了规范管理，制定本办法。\n");
        bytes.extend_from_slice(&gbk);
        let (head, complete) = read_head(&mut bytes.as_slice(), false).expect("read");
        assert!(complete);
        let s = sniff(&head, None, false, complete).expect("text");
        assert_eq!(s.encoding, GB18030);
        let (text, lossy) = decode_whole(bytes, s);
        assert!(!lossy);
        assert!(
            text.ends_with("第一条 为了规范管理，制定本办法。\n"),
            "{}",
            &text[text.len() - 80..]
        );
        // an encoding given: only the first window is read
        let long = vec![b'a'; 3 * BINARY_PROBE_BYTES];
        let (head, complete) = read_head(&mut long.as_slice(), true).expect("read");
        assert_eq!((head.len(), complete), (BINARY_PROBE_BYTES, false));
        // pure ASCII: read up to the cap, then UTF-8
        let ascii = vec![b'a'; MAX_SNIFF_BYTES + 10];
        let (head, complete) = read_head(&mut ascii.as_slice(), false).expect("read");
        assert_eq!((head.len(), complete), (MAX_SNIFF_BYTES, false));
        // non-ASCII in the first window: only that window
        let mut mixed = "中".repeat(10).into_bytes();
        mixed.extend_from_slice(&ascii);
        let (head, _) = read_head(&mut mixed.as_slice(), false).expect("read");
        assert_eq!(head.len(), BINARY_PROBE_BYTES);
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "第一章 总则\r\n第一条 为了规范管理，制定本办法。\r\n第二条 适用范围 2024。\r\n";
        for (big, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let bytes = utf16(text, big);
            assert_eq!(
                decode_all(&bytes),
                (text.replace("\r\n", "\n"), name, false),
                "{name}"
            );
            // a window cut inside a surrogate pair is still UTF-16
            let long = utf16(&"\u{20001}a".repeat(BINARY_PROBE_BYTES / 4), big);
            let cut = &long[..BINARY_PROBE_BYTES - 2]; // 65534 = 6 × 10922 + 2: after a high surrogate
            assert_eq!(
                sniff(cut, None, false, false)
                    .expect("text")
                    .encoding
                    .name(),
                name
            );
        }
    }

    #[test]
    fn binary_with_nul_bytes_is_still_refused() {
        // NULs at both parities
        assert_eq!(
            sniff(b"ab\0\0cd\0e", None, false, true),
            Err(DecodeError::Binary)
        );
        // NULs at one parity, but the pairs decode to control characters
        assert_eq!(
            sniff(b"\x01\0\x02\0\x03\0\x7f\0", None, false, true),
            Err(DecodeError::Binary)
        );
        // an unpaired surrogate
        assert_eq!(
            sniff(b"a\0\x00\xd8b\0", None, false, true),
            Err(DecodeError::Binary)
        );
        // ASCII with NULs at one parity, which would decode cleanly as UTF-16 (扡c敤f)
        assert_eq!(
            sniff(b"abc\0def\0", None, false, true),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn short_utf8_with_an_invalid_byte_stays_utf8_and_is_reported() {
        for bytes in [
            &b"\xe7\xac\xac\xe4\xb8\x80\xe7\xab\xa0\xff\n"[..],
            b"\xe6\x80\xbb\xe5\x88\x99\x80",
        ] {
            let (text, name, lossy) = decode_all(bytes);
            assert_eq!(name, "UTF-8", "{bytes:?}");
            assert!(lossy);
            assert!(text.contains('\u{FFFD}'));
        }
        assert_eq!(
            decode_all(b"\xe7\xac\xac\xe4\xb8\x80\xe7\xab\xa0\xff\n").0,
            "第一章\u{FFFD}\n"
        );
    }

    #[test]
    fn big5_decodes() {
        let text = "中華民國憲法\n\n第一章　總綱\n\n第一條　中華民國基於三民主義，為民有民治民享之民主共和國。\n第二條　中華民國之主權屬於國民全體。\n第三條　具有中華民國國籍者為中華民國國民。\n第二章　人民之權利義務\n第七條　中華民國人民，無分男女、宗教、種族、階級、黨派，在法律上一律平等。\n";
        let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
        assert!(!unmappable);
        let (decoded, name, lossy) = decode_all(&big5);
        assert_eq!(name, "Big5");
        assert!(!lossy);
        assert_eq!(decoded, text);
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label("GBK"), Some(GBK));
        assert_eq!(encoding_for_label("utf-16be"), Some(UTF_16BE));
        assert_eq!(encoding_for_label("nonsense"), None);
    }
}
