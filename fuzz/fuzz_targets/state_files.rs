//! State files as found on disk → what the reader loads and saves.
//!
//! Input layout: 1 control byte (which file the bytes go to, whether a dead writer's lock file
//! is left behind), then the file's bytes. Run with `TMPDIR=/dev/shm` for speed (every save
//! fsyncs).
//!
//! Checks: loading and saving never panic; every warning is one line without control
//! characters; after a save the file is valid JSON holding the saved record and every entry of
//! the original that was valid on its own — unless the original had a newer version, which is
//! left byte for byte as it was; a damaged original is kept as a `.corrupt-` copy.

#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use gangmu::state::{DocKey, MARKS_FILE, Mark, Marks, POSITIONS_FILE, Position, StateStore};
use libfuzzer_sys::fuzz_target;

static RUN: AtomicU64 = AtomicU64::new(0);

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gangmu-fuzz-state-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The entries of `documents` that are objects, by key (what may survive a save).
fn documents(bytes: &[u8]) -> Option<(serde_json::Map<String, serde_json::Value>, Option<u64>)> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let top = v.as_object()?;
    let docs = top
        .get("documents")
        .and_then(|d| d.as_object())
        .cloned()
        .unwrap_or_default();
    Some((docs, top.get("version").and_then(serde_json::Value::as_u64)))
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, bytes)) = data.split_first() else {
        return;
    };
    let dir = scratch();
    let name = if ctl & 1 == 0 {
        POSITIONS_FILE
    } else {
        MARKS_FILE
    };
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write");
    if ctl & 2 != 0 {
        // a lock left by a writer that died (an impossible PID; an empty lock is broken too,
        // but only after a grace period that would slow the fuzzer down)
        fs::write(dir.join(format!("{name}.lock")), b"4294967 x\n").expect("lock");
    }
    let key = DocKey::of(b"fuzz");
    let mut store = StateStore::open(Some(dir.clone()));
    let _ = store.load_position(&key);
    let _ = store.find_position(&key, "a.txt");
    let _ = store.find_marks(&key, "a.txt");
    let position = Position {
        offset: 7,
        updated: u64::MAX / 2,
        file_name: "a.txt".into(),
        ..Position::default()
    };
    store.save_position(&key, position);
    let mark = Mark {
        offset: 9,
        updated: u64::MAX / 2,
        ..Mark::default()
    };
    store.save_marks(&key, "a.txt", &Marks::from([('q', mark)]));
    for w in store.take_warnings() {
        let text = w.to_string();
        assert!(!text.chars().any(char::is_control), "warning {text:?}");
    }
    let after = fs::read(&path).expect("the file is still there");
    match documents(bytes) {
        Some((_, Some(v))) if v > 1 => assert_eq!(after, bytes, "a newer file was rewritten"),
        original => {
            let (saved, version) = documents(&after).expect("valid JSON after a save");
            assert_eq!(version, Some(1));
            assert!(saved.contains_key(&key.to_string()), "the saved record");
            // (a file of hundreds of documents loses the oldest by design)
            if name == POSITIONS_FILE
                && let Some((docs, _)) = original
                && docs.len() < 400
            {
                for (k, v) in docs {
                    if serde_json::from_value::<Position>(v).is_ok() && k != key.to_string() {
                        assert!(saved.contains_key(&k), "valid entry {k:?} lost");
                    }
                }
            }
            if after != bytes && documents(bytes).is_none() && !bytes.is_empty() {
                let copies = fs::read_dir(&dir)
                    .expect("dir")
                    .filter(|e| {
                        e.as_ref()
                            .is_ok_and(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
                    })
                    .count();
                assert!(copies >= 1, "the damaged original is kept");
            }
        }
    }
    let _ = fs::remove_dir_all(&dir);
});
