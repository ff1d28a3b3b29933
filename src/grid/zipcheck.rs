//! Refuse zip bombs before calamine opens a zipped workbook (XLSX, XLSM,
//! XLSB, ODS). calamine loads some parts whole (shared strings; all of an ODS
//! `content.xml`), so those parts are measured by decompressing them into a
//! counter, never into memory; every part's declared size is checked too.

use super::{FileKind, ReadError};
use std::io::{Cursor, Read};

/// The most any one part of a statement workbook may expand to.
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;

/// DEFLATE cannot expand its input more than 1032 times (RFC 1951: a match
/// of at most 258 bytes costs at least 2 bits); a margin on top.
const MAX_DEFLATE_RATIO: u64 = 1100;

/// Whether a part could expand beyond [`MAX_PART_BYTES`] at all. The zip
/// reader (ours and calamine's) feeds the decompressor at most the part's
/// `compressed_size` bytes from the central directory, so a stored or
/// deflated part that small cannot become a bomb, whatever size its header
/// declares, and need not be decompressed to be measured. Statement
/// workbooks are all this small: measuring them decompressed their shared
/// strings and styles a second time (5% of `recoup check` on xlsx).
fn could_exceed(method: zip::CompressionMethod, compressed: u64) -> bool {
    match method {
        zip::CompressionMethod::Stored => compressed > MAX_PART_BYTES,
        zip::CompressionMethod::Deflated => {
            compressed.saturating_mul(MAX_DEFLATE_RATIO) > MAX_PART_BYTES
        }
        _ => true,
    }
}

fn measured_parts(kind: FileKind, name: &str) -> bool {
    match kind {
        FileKind::Ods => name == "content.xml",
        FileKind::Xlsx | FileKind::Xlsm => {
            name.ends_with("sharedStrings.xml") || name.ends_with("styles.xml")
        }
        FileKind::Xlsb => name.ends_with("sharedStrings.bin") || name.ends_with("styles.bin"),
        _ => false,
    }
}

pub fn check(kind: FileKind, bytes: &[u8]) -> Result<(), ReadError> {
    if matches!(kind, FileKind::Xls | FileKind::Csv) {
        return Ok(());
    }
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return Err(ReadError::file(format!(
                "not a readable {} workbook (corrupt or truncated zip: {e})",
                kind.name()
            )))
        }
    };
    for i in 0..archive.len() {
        let mut part = match archive.by_index(i) {
            Ok(p) => p,
            Err(e) => {
                let msg = e.to_string();
                if msg.to_ascii_lowercase().contains("password") || msg.contains("encrypt") {
                    return Err(ReadError::file(format!(
                        "the {} workbook is encrypted or password-protected",
                        kind.name()
                    )));
                }
                return Err(ReadError::file(format!(
                    "corrupt {} workbook: {msg}",
                    kind.name()
                )));
            }
        };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        if part.size() > MAX_PART_BYTES {
            return Err(ReadError::file(format!(
                "part {name} expands to {} bytes, beyond the limit of {MAX_PART_BYTES} for a statement",
                part.size()
            )));
        }
        if measured_parts(kind, &name) && could_exceed(part.compression(), part.compressed_size()) {
            let mut limited = (&mut part).take(MAX_PART_BYTES + 1);
            let n = std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| {
                ReadError::file(format!(
                    "corrupt {} workbook: part {name}: {e}",
                    kind.name()
                ))
            })?;
            if n > MAX_PART_BYTES {
                return Err(ReadError::file(format!(
                    "part {name} expands beyond the limit of {MAX_PART_BYTES} bytes for a statement"
                )));
            }
        }
    }
    if kind == FileKind::Ods {
        // Measured above, so this second pass reads at most MAX_PART_BYTES.
        if let Ok(content) = archive.by_name("content.xml") {
            super::odscheck::check_content(content.take(MAX_PART_BYTES))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::CompressionMethod;

    #[test]
    fn only_parts_that_could_expand_past_the_limit_are_measured() {
        // A statement's shared strings: a few kilobytes compressed.
        assert!(!could_exceed(CompressionMethod::Deflated, 4_000));
        assert!(!could_exceed(CompressionMethod::Stored, 4_000));
        // 100 KB of DEFLATE can hold a 100 MB bomb (ratio up to 1032:1).
        assert!(could_exceed(CompressionMethod::Deflated, 100_000));
        assert!(could_exceed(CompressionMethod::Deflated, u64::MAX));
        assert!(could_exceed(CompressionMethod::Stored, MAX_PART_BYTES + 1));
        // A method we cannot bound is always measured.
        assert!(could_exceed(CompressionMethod::SHRINK, 10));
        // The bound holds: even at the margin, 1032:1 stays under the limit.
        let largest_unmeasured = MAX_PART_BYTES / MAX_DEFLATE_RATIO;
        assert!(!could_exceed(
            CompressionMethod::Deflated,
            largest_unmeasured
        ));
        assert!(largest_unmeasured * 1032 <= MAX_PART_BYTES);
    }
}
