//! Refuse zip bombs before calamine opens a zipped workbook (XLSX, XLSM,
//! XLSB, ODS). calamine loads some parts whole (shared strings; all of an ODS
//! `content.xml`), so those parts are measured by decompressing them into a
//! counter, never into memory; every part's declared size is checked too.

use super::{FileKind, ReadError};
use std::io::{Cursor, Read};

/// The most any one part of a statement workbook may expand to.
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;

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
        if measured_parts(kind, &name) {
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
