//! Statements' lines parked on disk while a large portfolio is audited.
//!
//! `findings.json` carries every line of every statement, and a series can
//! only be audited once every file has been read, so without this every
//! line of the portfolio sits in memory at once. Past a budget of line bytes
//! (`Options::spill_budget`), each statement's lines are encoded, appended to
//! one anonymous temporary file (unlinked as soon as it is opened, so nothing
//! is left behind, even on a crash) and dropped; the audit of a deal and the
//! JSON rendering load them back, a deal or a batch at a time. Memory then
//! holds the statement headers and the findings, not the lines.

pub use super::model::SpillRef;

use super::model::{Line, LineKind, Place, Section};
use rust_decimal::Decimal;
use std::io::Write;
use std::sync::{Arc, Mutex};

pub struct Spill {
    file: std::fs::File,
    tail: Mutex<Tail>,
}

/// The end of the spill: what is on disk, and what waits in memory to be
/// written in one piece (one write per [`CHUNK`], not one per statement).
struct Tail {
    written: u64,
    pending: Vec<u8>,
    /// A write failed: nothing more is parked, what is pending stays here.
    failed: bool,
}

/// Bytes gathered before they are written to the spill file.
const CHUNK: usize = 1 << 20;

impl Spill {
    /// An anonymous temporary file, or `None` where one cannot be made (the
    /// run then keeps lines in memory, as for a small portfolio).
    pub fn new() -> Option<Spill> {
        #[cfg(unix)]
        {
            static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path =
                std::env::temp_dir().join(format!(".recoup-spill-{}-{n}", std::process::id()));
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
                .ok()?;
            std::fs::remove_file(&path).ok()?;
            Some(Spill {
                file,
                tail: Mutex::new(Tail {
                    written: 0,
                    pending: Vec::new(),
                    failed: false,
                }),
            })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// Park lines; `None` if they cannot be (the caller keeps them).
    pub fn put(&self, lines: &[Line]) -> Option<SpillRef> {
        let bytes = encode(lines);
        let len = u32::try_from(bytes.len()).ok()?;
        let mut tail = self.tail.lock().ok()?;
        if tail.failed {
            return None;
        }
        if !tail.pending.is_empty() && tail.pending.len() + bytes.len() > CHUNK {
            if (&self.file).write_all(&tail.pending).is_err() {
                // What was pending stays in memory and can still be read.
                tail.failed = true;
                return None;
            }
            tail.written += tail.pending.len() as u64;
            tail.pending.clear();
        }
        let offset = tail.written + tail.pending.len() as u64;
        tail.pending.extend_from_slice(&bytes);
        Some(SpillRef { offset, len })
    }

    /// Load lines back. A read that fails is an I/O error of the machine,
    /// not of an input: it is returned for the caller to report.
    pub fn get(&self, at: SpillRef) -> std::io::Result<Vec<Line>> {
        let len = at.len as usize;
        let on_disk = {
            let tail = self
                .tail
                .lock()
                .map_err(|_| std::io::Error::other("the spill is unusable"))?;
            if at.offset >= tail.written {
                // Still pending: a statement is never split between the two.
                let from = (at.offset - tail.written) as usize;
                let bytes = tail
                    .pending
                    .get(from..from + len)
                    .ok_or_else(|| std::io::Error::other("spilled lines out of range"))?;
                return decode(bytes)
                    .ok_or_else(|| std::io::Error::other("spilled lines do not decode"));
            }
            at.offset
        };
        let mut buf = vec![0u8; len];
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(&mut buf, on_disk)?;
        }
        decode(&buf).ok_or_else(|| std::io::Error::other("spilled lines do not decode"))
    }
}

const KINDS: [LineKind; 5] = [
    LineKind::Item,
    LineKind::Subtotal,
    LineKind::Total,
    LineKind::Balance,
    LineKind::Unmapped,
];

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_dec(out: &mut Vec<u8>, d: Option<Decimal>) {
    match d {
        None => out.push(0),
        Some(d) => {
            out.push(1);
            out.extend_from_slice(&d.serialize());
        }
    }
}

fn put_col(out: &mut Vec<u8>, c: Option<u32>) {
    match c {
        None => out.push(0),
        Some(c) => {
            out.push(1);
            out.extend_from_slice(&c.to_le_bytes());
        }
    }
}

/// Lines to bytes; the shared cell-reference prefix is written once.
pub fn encode(lines: &[Line]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() * 96 + 64);
    out.extend_from_slice(&(lines.len() as u32).to_le_bytes());
    put_str(
        &mut out,
        lines.first().map(|l| &*l.place.prefix).unwrap_or(""),
    );
    for l in lines {
        out.push(l.section as u8);
        out.push(KINDS.iter().position(|k| *k == l.kind).unwrap_or(4) as u8);
        put_str(&mut out, &l.label);
        put_str(&mut out, &l.code);
        out.extend_from_slice(&(l.row as u64).to_le_bytes());
        out.extend_from_slice(&(l.place.row as u64).to_le_bytes());
        put_col(&mut out, l.place.current_col);
        put_col(&mut out, l.place.itd_col);
        put_col(&mut out, l.place.prior_col);
        put_dec(&mut out, l.current);
        put_dec(&mut out, l.itd);
        put_dec(&mut out, l.prior);
        put_dec(&mut out, l.printed_rate);
    }
    out
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn col(&mut self) -> Option<Option<u32>> {
        match self.u8()? {
            0 => Some(None),
            _ => Some(Some(self.u32()?)),
        }
    }
    fn dec(&mut self) -> Option<Option<Decimal>> {
        match self.u8()? {
            0 => Some(None),
            _ => {
                let mut a = [0u8; 16];
                a.copy_from_slice(self.take(16)?);
                Some(Some(Decimal::deserialize(a)))
            }
        }
    }
}

/// Bytes back to lines, exactly as they were encoded.
pub fn decode(bytes: &[u8]) -> Option<Vec<Line>> {
    let mut r = Reader(bytes);
    let n = r.u32()? as usize;
    let prefix: Arc<str> = Arc::from(r.str()?);
    let mut lines = Vec::with_capacity(n);
    for _ in 0..n {
        let section = *Section::EVERY.get(r.u8()? as usize)?;
        let kind = *KINDS.get(r.u8()? as usize)?;
        let label = r.str()?;
        let code = r.str()?;
        let row = r.u64()? as usize;
        let place_row = r.u64()? as usize;
        let current_col = r.col()?;
        let itd_col = r.col()?;
        let prior_col = r.col()?;
        let current = r.dec()?;
        let itd = r.dec()?;
        let prior = r.dec()?;
        let printed_rate = r.dec()?;
        lines.push(Line {
            section,
            label,
            code,
            kind,
            row,
            current,
            itd,
            prior,
            place: Place {
                prefix: prefix.clone(),
                row: place_row,
                current_col,
                itd_col,
                prior_col,
            },
            printed_rate,
        });
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn lines_round_trip_through_the_spill() {
        let prefix: Arc<str> = Arc::from("a.xlsx!Q1 2024!");
        let d = |s: &str| Some(Decimal::from_str(s).unwrap());
        let lines = vec![
            Line {
                section: Section::DistributionFees,
                label: "Théâtrical – Domestic (30%)".into(),
                code: "fee.theatrical_domestic".into(),
                kind: LineKind::Item,
                row: 13,
                current: d("-1234.50"),
                itd: d("0"),
                prior: d("1234.50"),
                place: Place {
                    prefix: prefix.clone(),
                    row: 13,
                    current_col: Some(2),
                    itd_col: Some(3),
                    prior_col: Some(4),
                },
                printed_rate: d("0.30"),
            },
            Line {
                section: Section::Other,
                label: String::new(),
                code: String::new(),
                kind: LineKind::Unmapped,
                row: 99,
                current: None,
                itd: d("999999999999999.99"),
                prior: None,
                place: Place {
                    prefix,
                    row: 99,
                    current_col: None,
                    itd_col: Some(700),
                    prior_col: None,
                },
                printed_rate: None,
            },
        ];
        assert_eq!(decode(&encode(&lines)).unwrap(), lines);
        let spill = Spill::new().unwrap();
        let a = spill.put(&lines).unwrap();
        let b = spill.put(&lines[..1]).unwrap();
        assert_eq!(spill.get(b).unwrap(), lines[..1].to_vec());
        assert_eq!(spill.get(a).unwrap(), lines);
        assert!(decode(&encode(&lines)[..20]).is_none());
        assert_eq!(decode(&encode(&[])).unwrap(), Vec::<Line>::new());
    }

    #[test]
    fn statements_come_back_whether_written_or_still_pending() {
        let line = |i: usize| Line {
            section: Section::Memo,
            label: format!("{i}").repeat(50_000),
            code: format!("memo.{i}"),
            kind: LineKind::Item,
            row: i,
            current: None,
            itd: Some(Decimal::from(i as i64)),
            prior: None,
            place: Place {
                prefix: Arc::from("big.csv!"),
                row: i,
                current_col: None,
                itd_col: Some(3),
                prior_col: None,
            },
            printed_rate: None,
        };
        let spill = Spill::new().unwrap();
        // About 3.5 chunks of 1 MiB: several writes, and a tail still pending.
        let parked: Vec<(SpillRef, Vec<Line>)> = (0..70)
            .map(|i| {
                let lines = vec![line(i), line(i + 1000)];
                (spill.put(&lines).unwrap(), lines)
            })
            .collect();
        let tail = spill.tail.lock().unwrap();
        assert!(tail.written >= 3 * CHUNK as u64 && !tail.pending.is_empty());
        drop(tail);
        for (at, lines) in parked.iter().rev() {
            assert_eq!(&spill.get(*at).unwrap(), lines);
        }
    }
}
