//! Issue 6: a folder of hostile and broken inputs beside one good conformance
//! deal. The real binary must not panic, must list every bad input as an
//! error naming the file (and sheet and cell where known), must read the two
//! awkward but valid CSVs, must find exactly the good deal's truth, and must
//! do it in under a minute and a gigabyte.
//!
//! Everything big is generated here, in a temporary folder, at test time.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- builders

/// A zip archive of the given parts, deflated, through the `zip` crate.
fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Statement" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The fixed parts of a one-sheet workbook (sheet "Statement").
fn xlsx_frame() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ]
}

fn xlsx_with_sheet(sheet_xml: &str) -> Vec<u8> {
    let mut parts = xlsx_frame();
    parts.push(("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()));
    zip_parts(&parts)
}

fn a1(row: usize, col: usize) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap(), row + 1)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Sheet XML with inline-string cells; a cell written `=FORMULA` becomes a
/// formula with no stored result.
fn sheet_xml(rows: &[Vec<String>], extra_head: &str, extra_rows: &str) -> String {
    let mut x = String::from(SHEET_HEAD);
    x.push_str(extra_head);
    x.push_str("<sheetData>");
    for (r, row) in rows.iter().enumerate() {
        x.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let at = a1(r, c);
            if let Some(f) = v.strip_prefix('=') {
                x.push_str(&format!(r#"<c r="{at}"><f>{}</f></c>"#, xml_escape(f)));
            } else {
                x.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    xml_escape(v)
                ));
            }
        }
        x.push_str("</row>");
    }
    x.push_str(extra_rows);
    x.push_str("</sheetData></worksheet>");
    x
}

/// A small, internally consistent statement (no contract checks apply).
fn statement_rows(deal: &str, title: &str) -> Vec<Vec<String>> {
    let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        t(&["Title", title]),
        t(&["Participant", "Pat Q. Public"]),
        t(&["Deal", deal]),
        t(&["Period Start", "2024-01-01"]),
        t(&["Period End", "2024-06-30"]),
        t(&["Statement Date", "2024-08-15"]),
        t(&[]),
        t(&["Section", "Line", "Current Period", "Inception To Date"]),
        t(&[
            "Gross Receipts",
            "Theatrical - Domestic",
            "1,000.00",
            "1,000.00",
        ]),
        t(&[
            "Gross Receipts",
            "Total Gross Receipts",
            "1,000.00",
            "1,000.00",
        ]),
        t(&[
            "Net Profits",
            "Net Profits (Deficit)",
            "1,000.00",
            "1,000.00",
        ]),
        t(&["Participant", "Participant Share", "", "50.00"]),
        t(&["Participant", "Less Previously Paid", "", "0.00"]),
        t(&["Participant", "Amount Due", "", "50.00"]),
    ]
}

fn csv_text(rows: &[Vec<String>], sep: &str) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains(sep) {
                        format!("\"{c}\"")
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(sep)
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Deterministic pseudo-random bytes.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// A zip with one part whose content is `chunk` repeated `times`, written by
/// hand so that gigabytes cost only their compressed size: the chunk is
/// deflated once with a full flush (byte-aligned, dictionary reset), and the
/// compressed chunk is repeated. `declared` overrides the stated size.
fn repeated_part_zip(
    frame: &[(&str, &[u8])],
    name: &str,
    head: &[u8],
    chunk: &[u8],
    times: u64,
    tail: &[u8],
    declared: Option<u32>,
) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let deflate_full = |data: &[u8]| -> Vec<u8> {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 100 + 1024);
        c.compress_vec(data, &mut out, FlushCompress::Full).unwrap();
        assert_eq!(c.total_in() as usize, data.len());
        out
    };
    let head_z = deflate_full(head);
    let chunk_z = deflate_full(chunk);
    let tail_z = deflate_full(tail);
    let mut crc = crc32fast::Hasher::new();
    crc.update(head);
    for _ in 0..times {
        crc.update(chunk);
    }
    crc.update(tail);
    let crc = crc.finalize();
    let real = head.len() as u64 + chunk.len() as u64 * times + tail.len() as u64;
    let size = declared.unwrap_or_else(|| u32::try_from(real).expect("keep under 4 GiB"));
    let mut data = head_z;
    for _ in 0..times {
        data.extend_from_slice(&chunk_z);
    }
    data.extend_from_slice(&tail_z);
    data.extend_from_slice(&[0x03, 0x00]); // empty final fixed-Huffman block

    // Start from a normal archive of the frame, then append the big part.
    let base = zip_parts(frame);
    let archive = zip::ZipArchive::new(Cursor::new(base.clone())).unwrap();
    let cd_start = archive.central_directory_start() as usize;
    let eocd = base.len() - 22; // no archive comment
    let mut out = base[..cd_start].to_vec();
    let offset = out.len() as u32;
    let put16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    // Local file header.
    put32(&mut out, 0x0403_4b50);
    put16(&mut out, 20);
    put16(&mut out, 0);
    put16(&mut out, 8);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put32(&mut out, crc);
    put32(&mut out, data.len() as u32);
    put32(&mut out, size);
    put16(&mut out, name.len() as u16);
    put16(&mut out, 0);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&data);
    // Central directory: the old entries, then ours.
    let new_cd = out.len();
    out.extend_from_slice(&base[cd_start..eocd]);
    put32(&mut out, 0x0201_4b50);
    put16(&mut out, 20);
    put16(&mut out, 20);
    put16(&mut out, 0);
    put16(&mut out, 8);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put32(&mut out, crc);
    put32(&mut out, data.len() as u32);
    put32(&mut out, size);
    put16(&mut out, name.len() as u16);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put32(&mut out, 0);
    put32(&mut out, offset);
    out.extend_from_slice(name.as_bytes());
    let cd_len = out.len() - new_cd;
    let entries = archive.len() as u16 + 1;
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, entries);
    put16(&mut out, entries);
    put32(&mut out, cd_len as u32);
    put32(&mut out, new_cd as u32);
    put16(&mut out, 0);
    out
}

fn ods(content_body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

/// An ODS table whose one non-empty cell is repeated over `rows` × `cols`.
fn ods_repeated(rows: u64, cols: u64) -> Vec<u8> {
    ods(&format!(
        r#"<table:table table:name="Statement"><table:table-row><table:table-cell office:value-type="string"><text:p>Deal</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>H-ODS</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{cols}"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#
    ))
}

/// A compound file (CFB v3, 512-byte sectors) holding one `Workbook`
/// stream, padded to 4 KB so that it lives in ordinary sectors.
fn cfb_with_workbook(stream: &[u8]) -> Vec<u8> {
    let mut data = stream.to_vec();
    data.resize(data.len().max(4096).div_ceil(512) * 512, 0);
    let n = data.len() / 512;
    assert!(n <= 126);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |o: &mut Vec<u8>, at: usize, v: u16| o[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |o: &mut Vec<u8>, at: usize, v: u32| o[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut out, 0x18, 0x3E);
    put16(&mut out, 0x1A, 3);
    put16(&mut out, 0x1C, 0xFFFE);
    put16(&mut out, 0x1E, 9);
    put16(&mut out, 0x20, 6);
    put32(&mut out, 0x2C, 1); // one FAT sector
    put32(&mut out, 0x30, 1); // directory in sector 1
    put32(&mut out, 0x38, 4096);
    put32(&mut out, 0x3C, 0xFFFF_FFFE);
    put32(&mut out, 0x44, 0xFFFF_FFFE);
    for i in 0..109 {
        put32(&mut out, 0x4C + 4 * i, if i == 0 { 0 } else { 0xFFFF_FFFF });
    }
    // Sector 0: the FAT.
    let mut fat = vec![0xFFu8; 512];
    let mut set = |i: usize, v: u32| fat[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    set(0, 0xFFFF_FFFD);
    set(1, 0xFFFF_FFFE);
    for k in 0..n {
        set(
            2 + k,
            if k + 1 == n {
                0xFFFF_FFFE
            } else {
                (3 + k) as u32
            },
        );
    }
    out.extend_from_slice(&fat);
    // Sector 1: the directory (root, Workbook, two unused entries).
    let mut dir = vec![0u8; 512];
    let entry =
        |d: &mut Vec<u8>, i: usize, name: &str, typ: u8, child: u32, start: u32, size: u32| {
            let e = &mut d[128 * i..128 * (i + 1)];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
            e[66] = typ;
            e[67] = 1;
            e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
    entry(&mut dir, 0, "Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    entry(
        &mut dir,
        1,
        "Workbook",
        2,
        0xFFFF_FFFF,
        2,
        data.len() as u32,
    );
    for i in 2..4 {
        dir[128 * i + 68..128 * i + 80].fill(0xFF);
    }
    out.extend_from_slice(&dir);
    out.extend_from_slice(&data);
    out
}

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 workbook with one sheet "Statement" holding `sheet_records`
/// (between its BOF and EOF); `boundsheet_len` cuts the BOUNDSHEET record.
fn xls(sheet_records: &[Vec<u8>], boundsheet_len: Option<usize>) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        biff(0x0809, &d)
    };
    let name = b"Statement";
    let globals_len = bof(5).len() + 4 + 8 + name.len() + 4;
    let mut bs = (globals_len as u32).to_le_bytes().to_vec();
    bs.extend_from_slice(&[0, 0, name.len() as u8, 0]);
    bs.extend_from_slice(name);
    if let Some(n) = boundsheet_len {
        bs.truncate(n);
    }
    let mut s = bof(5);
    s.extend(biff(0x0085, &bs));
    s.extend(biff(0x000A, &[]));
    if boundsheet_len.is_none() {
        assert_eq!(s.len(), globals_len);
    }
    s.extend(bof(0x10));
    for r in sheet_records {
        s.extend_from_slice(r);
    }
    s.extend(biff(0x000A, &[]));
    cfb_with_workbook(&s)
}

fn xls_number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    biff(0x0203, &d)
}

fn xls_label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&(text.len() as u16).to_le_bytes());
    d.push(0);
    d.extend_from_slice(text.as_bytes());
    biff(0x0204, &d)
}

fn xls_dimensions(
    first_row: u32,
    last_row_plus_1: u32,
    first_col: u16,
    last_col_plus_1: u16,
) -> Vec<u8> {
    let mut d = first_row.to_le_bytes().to_vec();
    d.extend_from_slice(&last_row_plus_1.to_le_bytes());
    d.extend_from_slice(&first_col.to_le_bytes());
    d.extend_from_slice(&last_col_plus_1.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    biff(0x0200, &d)
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Windows-1252 bytes of a Latin-1-range string (plus the em dash).
fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '—' => 0x97,
            c if (c as u32) < 256 => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

const GOOD_DEAL: &str = "D101-0011";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Build the hostile folder. Returns, for each input that must be an error,
/// the substrings its reason must contain (besides the file name).
fn build_hostile(dir: &Path) -> BTreeMap<&'static str, Vec<&'static str>> {
    let mut want: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    copy_dir(
        &fixtures().join("conformance").join(GOOD_DEAL),
        &dir.join(GOOD_DEAL),
    );

    // Random bytes with spreadsheet extensions.
    for (i, name) in ["random.xlsx", "random.xls", "random.ods", "random.xlsb"]
        .into_iter()
        .enumerate()
    {
        write(
            dir,
            name,
            &noise(64 * 1024, 0x9E37_79B9_7F4A_7C15 + i as u64),
        );
        want.insert(name, vec![]);
    }
    // Random bytes behind a zip signature and behind an OLE signature.
    let mut fake_zip = b"PK\x03\x04".to_vec();
    fake_zip.extend(noise(8 * 1024, 7));
    write(dir, "fake-zip.xlsx", &fake_zip);
    want.insert("fake-zip.xlsx", vec![]);
    let mut fake_ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    fake_ole.extend(noise(8 * 1024, 11));
    write(dir, "fake-ole.xls", &fake_ole);
    want.insert("fake-ole.xls", vec![]);

    // A real statement workbook, then truncated and corrupted copies.
    let good = xlsx_with_sheet(&sheet_xml(&statement_rows("H-XLSX", "Whole"), "", ""));
    write(dir, "truncated.xlsx", &good[..good.len() / 2]);
    want.insert("truncated.xlsx", vec![]);
    let mut corrupt = good.clone();
    let mid = corrupt.len() / 3;
    for b in &mut corrupt[mid..mid + 200] {
        *b ^= 0x5A;
    }
    write(dir, "corrupt.xlsx", &corrupt);
    want.insert("corrupt.xlsx", vec![]);

    // Encrypted: a real password-protected workbook (msoffcrypto-tool,
    // password "secret"), and a bare OLE header with an .xlsx name.
    std::fs::copy(
        fixtures().join("hostile/encrypted.xlsx"),
        dir.join("encrypted.xlsx"),
    )
    .unwrap();
    want.insert("encrypted.xlsx", vec!["encrypted"]);

    // Zip bombs. A sheet that really expands to 3.75 GB (declared honestly).
    let row = br#"<row><c t="inlineStr"><is><t>GROSS RECEIPTS</t></is></c></row>"#;
    let chunk: Vec<u8> = row
        .iter()
        .copied()
        .cycle()
        .take(row.len() * 16_384)
        .collect();
    let frame = xlsx_frame();
    let head = format!("{SHEET_HEAD}<sheetData>");
    let tail = "</sheetData></worksheet>";
    let times = 3_750_000_000u64 / chunk.len() as u64;
    let bomb = repeated_part_zip(
        &frame,
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        &chunk,
        times,
        tail.as_bytes(),
        None,
    );
    assert!(
        bomb.len() < 16 * 1024 * 1024,
        "bomb is {} bytes",
        bomb.len()
    );
    write(dir, "bomb.xlsx", &bomb);
    want.insert("bomb.xlsx", vec!["limit"]);
    // The same, lying: it declares 90 MB, under the part limit.
    let liar = repeated_part_zip(
        &frame,
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        &chunk,
        times,
        tail.as_bytes(),
        Some(90_000_000),
    );
    write(dir, "bomb-lying.xlsx", &liar);
    want.insert("bomb-lying.xlsx", vec![]);
    // Shared strings that expand to gigabytes (calamine loads them whole).
    let mut ss_frame = xlsx_frame();
    let sheet1 = sheet_xml(&statement_rows("H-SST", "Strings"), "", "");
    ss_frame.push(("xl/worksheets/sheet1.xml", sheet1.as_bytes()));
    let si = br#"<si><t>Theatrical - Domestic</t></si>"#;
    let ss_chunk: Vec<u8> = si.iter().copied().cycle().take(si.len() * 32_768).collect();
    let sst = repeated_part_zip(
        &ss_frame,
        "xl/sharedStrings.xml",
        br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        &ss_chunk,
        1_000_000_000 / ss_chunk.len() as u64,
        b"</sst>",
        Some(50_000_000),
    );
    write(dir, "bomb-strings.xlsx", &sst);
    want.insert("bomb-strings.xlsx", vec![]);

    // One sheet part listed under a thousand names.
    let sheets: String = (0..1000)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{}" r:id="rId1"/>"#, i + 1))
        .collect();
    let many = WORKBOOK.replace(
        r#"<sheet name="Statement" sheetId="1" r:id="rId1"/>"#,
        &sheets,
    );
    let mut parts = xlsx_frame();
    parts[2] = ("xl/workbook.xml", many.as_bytes());
    let one = sheet_xml(&statement_rows("H-MANY", "Many"), "", "");
    parts.push(("xl/worksheets/sheet1.xml", one.as_bytes()));
    write(dir, "many-sheets.xlsx", &zip_parts(&parts));
    want.insert("many-sheets.xlsx", vec!["1000 sheets", "limit of 255"]);

    // Absurd declared dimensions, with a cell at XFD1048576.
    let dims = sheet_xml(
        &statement_rows("H-DIM", "Dimensions"),
        r#"<dimension ref="A1:XFD1048576"/>"#,
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    write(dir, "dimension.xlsx", &xlsx_with_sheet(&dims));
    want.insert(
        "dimension.xlsx",
        vec!["dimension.xlsx!Statement", "XFD1048576", "rows"],
    );
    // Absurd ODS repeats: the whole sheet, and a wide block under calamine's own cap.
    write(dir, "ods-absurd.ods", &ods_repeated(1_048_576, 16_384));
    want.insert(
        "ods-absurd.ods",
        vec!["ods-absurd.ods!Statement", "columns"],
    );
    write(dir, "ods-wide.ods", &ods_repeated(6_000, 16_384));
    want.insert("ods-wide.ods", vec!["ods-wide.ods!Statement", "columns"]);

    // XLS: calamine builds each sheet whole when the file opens.
    let header = vec![xls_label(0, 0, "Deal"), xls_label(0, 1, "H-XLS")];
    let mut small = header.clone();
    small.push(xls_number(1, 1, 1.0));
    write(dir, "xls-small.xls", &xls(&small, None));
    want.insert("xls-small.xls", vec!["no statement found"]);
    let mut dims = header.clone();
    dims.insert(0, xls_dimensions(0, u32::MAX, 0, 256));
    write(dir, "xls-dimensions.xls", &xls(&dims, None));
    want.insert(
        "xls-dimensions.xls",
        vec!["xls-dimensions.xls!Statement", "declares"],
    );
    let mut dims = header.clone();
    dims.insert(0, xls_dimensions(0, 65_536, 0, 65_535));
    write(dir, "xls-wide-dimensions.xls", &xls(&dims, None));
    want.insert(
        "xls-wide-dimensions.xls",
        vec!["xls-wide-dimensions.xls!Statement", "declares"],
    );
    let mut corners = header.clone();
    corners.push(xls_number(65_535, 255, 1.0));
    write(dir, "xls-corners.xls", &xls(&corners, None));
    want.insert("xls-corners.xls", vec!["xls-corners.xls!Statement", "rows"]);
    let mut far = header.clone();
    far.push(xls_number(10, 65_535, 1.0));
    write(dir, "xls-far-column.xls", &xls(&far, None));
    want.insert(
        "xls-far-column.xls",
        vec!["xls-far-column.xls!Statement", "columns"],
    );
    let mut span = header.clone();
    span.push(xls_number(19_000, 200, 1.0));
    write(dir, "xls-span.xls", &xls(&span, None));
    want.insert("xls-span.xls", vec!["xls-span.xls!Statement", "span"]);
    write(dir, "xls-short-record.xls", &xls(&header, Some(5)));
    want.insert("xls-short-record.xls", vec![]);

    // Empty and NUL-filled files.
    for name in ["empty.xlsx", "empty.csv", "empty.ods", "empty.xls"] {
        write(dir, name, b"");
        want.insert(name, vec![]);
    }
    write(dir, "nul.csv", &vec![0u8; 4096]);
    want.insert("nul.csv", vec![]);
    write(dir, "nul.xlsx", &vec![0u8; 4096]);
    want.insert("nul.xlsx", vec![]);
    write(dir, "nul.xls", &vec![0u8; 4096]);
    want.insert("nul.xls", vec![]);

    // A multi-megabyte CSV with no newline (and one without separators).
    let mut long = Vec::with_capacity(6 << 20);
    while long.len() < 6 << 20 {
        long.extend_from_slice(b"1234.56,");
    }
    write(dir, "long-line.csv", &long);
    want.insert("long-line.csv", vec!["columns"]);
    write(dir, "long-cell.csv", &vec![b'x'; 6 << 20]);
    want.insert("long-cell.csv", vec!["too long"]);

    // Amounts beyond any real money, and an invalid date.
    let mut rows = statement_rows("H-OVF", "Overflow");
    rows[8][3] = "99999999999999999999999999999.99".into();
    write(dir, "overflow.csv", csv_text(&rows, ",").as_bytes());
    want.insert("overflow.csv", vec!["overflow.csv!D9", "too large"]);
    let mut rows = statement_rows("H-DATE", "Dates");
    rows[4][1] = "2024-02-30".into();
    write(dir, "bad-date.csv", csv_text(&rows, ",").as_bytes());
    want.insert("bad-date.csv", vec!["bad-date.csv!B5", "not a date"]);
    // A formula with no stored result where an amount belongs.
    let mut rows = statement_rows("H-FORMULA", "Formulas");
    rows[9][3] = "=SUM(D9:D9)".into();
    write(
        dir,
        "formula.xlsx",
        &xlsx_with_sheet(&sheet_xml(&rows, "", "")),
    );
    want.insert(
        "formula.xlsx",
        vec!["formula.xlsx!Statement!D10", "formula"],
    );
    // An amount overflow in a numeric spreadsheet cell.
    let mut rows = statement_rows("H-BIGNUM", "Big Number");
    rows[8][3] = String::new();
    let big = sheet_xml(&rows, "", "").replace(
        r#"<c r="C9" t="inlineStr"><is><t>1,000.00</t></is></c>"#,
        r#"<c r="C9" t="inlineStr"><is><t>1,000.00</t></is></c><c r="D9"><v>1.5E+300</v></c>"#,
    );
    write(dir, "bignum.xlsx", &xlsx_with_sheet(&big));
    want.insert(
        "bignum.xlsx",
        vec!["bignum.xlsx!Statement!D9", "1.5e300", "too large"],
    );

    // Awkward but valid: Windows-1252 and semicolon-separated. Read, not refused.
    let rows = statement_rows("H-DUP", "Café Society — Noël");
    write(dir, "win1252.csv", &cp1252(&csv_text(&rows, ",")));
    let rows = statement_rows("H-RATE", "Semicolons");
    write(dir, "semicolon.csv", csv_text(&rows, ";").as_bytes());

    // Contracts: does not parse; an impossible rate; two for one deal.
    write(dir, "contracts/broken.toml", b"[deal\nid = \"H-BROKEN\n");
    want.insert("contracts/broken.toml", vec![]);
    write(
        dir,
        "contracts/rate.toml",
        b"[deal]\nid = \"H-RATE\"\ndefinition = \"net_profits\"\nshare = \"150%\"\n",
    );
    want.insert("contracts/rate.toml", vec!["share", "150%"]);
    let dup = b"[deal]\nid = \"H-DUP\"\ndefinition = \"net_profits\"\nshare = \"5%\"\n";
    write(dir, "contracts/dup-a.toml", dup);
    write(dir, "contracts/dup-b.toml", dup);
    want.insert("contracts/dup-a.toml", vec!["dup-b.toml", "H-DUP"]);
    want.insert("contracts/dup-b.toml", vec!["dup-a.toml", "H-DUP"]);

    // Symbolic-link loops and broken links.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(".", dir.join("loop")).unwrap();
        std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        symlink("../..", dir.join("sub/deeper/up")).unwrap();
        symlink(dir, dir.join("sub/absolute-loop")).unwrap();
        symlink("nowhere.csv", dir.join("dangling.csv")).unwrap();
        want.insert("dangling.csv", vec![]);
        symlink("self.xlsx", dir.join("self.xlsx")).unwrap();
        want.insert("self.xlsx", vec![]);
    }
    want
}

// ---------------------------------------------------------------- running

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory in KiB (VmHWM), sampled while the process ran.
    peak_kib: Option<u64>,
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn run_recoup(args: &[&std::ffi::OsStr]) -> Run {
    let out_dir = tempfile::tempdir().unwrap();
    let stdout_path = out_dir.path().join("stdout");
    let stderr_path = out_dir.path().join("stderr");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_recoup"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let mut peak = None;
    let status = loop {
        if let Some(v) = vm_hwm(child.id()) {
            peak = Some(peak.unwrap_or(0).max(v));
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "recoup did not finish in two minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&stdout_path).unwrap(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap(),
        elapsed: start.elapsed(),
        peak_kib: peak,
    }
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

// ---------------------------------------------------------------- the test

#[test]
fn hostile_folder_is_survived() {
    let tmp = tempfile::tempdir().unwrap();
    // HOSTILE_DIR keeps the folder for measuring by hand (see README).
    let dir = std::env::var_os("HOSTILE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("hostile"));
    std::fs::create_dir_all(&dir).unwrap();
    let want = build_hostile(&dir);

    let run = run_recoup(&[
        "check".as_ref(),
        dir.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-25".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    eprintln!(
        "hostile folder: exit {}, {:.2} s, peak RSS {} KiB",
        run.code,
        run.elapsed.as_secs_f64(),
        run.peak_kib.map_or("?".to_string(), |k| k.to_string())
    );
    assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
    assert_eq!(run.code, 3, "exit code; stderr:\n{}", run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(60),
        "took {:?}",
        run.elapsed
    );
    if let Some(k) = run.peak_kib {
        assert!(k < 1024 * 1024, "peak memory {k} KiB");
    }

    let json: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let inputs: BTreeMap<String, &Value> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (s(i, "path"), i))
        .collect();

    // Every bad input: status error, a reason naming the file and the place.
    let mut problems = Vec::new();
    for (path, needles) in &want {
        let Some(input) = inputs.get(*path) else {
            problems.push(format!("{path}: not listed in inputs"));
            continue;
        };
        if s(input, "status") != "error" {
            problems.push(format!("{path}: status {}", s(input, "status")));
            continue;
        }
        let reason = s(input, "error");
        let file_name = path.rsplit('/').next().unwrap();
        if !reason.contains(file_name) {
            problems.push(format!("{path}: reason does not name the file: {reason}"));
        }
        for n in needles {
            if !reason.to_lowercase().contains(&n.to_lowercase()) {
                problems.push(format!("{path}: reason lacks '{n}': {reason}"));
            }
        }
        eprintln!("  {path}: {reason}");
    }
    // Nothing else is an error.
    for (path, input) in &inputs {
        if s(input, "status") == "error" && !want.contains_key(path.as_str()) {
            problems.push(format!("{path}: unexpected error: {}", s(input, "error")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The awkward CSVs were read as statements, the title decoded.
    let statements = json["statements"].as_array().unwrap();
    for (file, deal) in [("win1252.csv", "H-DUP"), ("semicolon.csv", "H-RATE")] {
        assert_eq!(s(inputs[file], "status"), "ok", "{file}");
        assert!(
            statements
                .iter()
                .any(|st| s(st, "file") == file && s(st, "deal") == deal),
            "{file} not read as a statement of {deal}"
        );
    }
    let deals = json["deals"].as_array().unwrap();
    let dup = deals.iter().find(|d| s(d, "deal") == "H-DUP").unwrap();
    assert_eq!(s(dup, "title"), "Café Society — Noël");
    // Their contracts were refused, so they are not audited on a guess at
    // their terms: no finding, and the deal says why.
    let findings = json["findings"].as_array().unwrap();
    for deal in ["H-DUP", "H-RATE"] {
        assert!(
            findings.iter().all(|f| s(f, "deal") != deal),
            "{deal} audited without its refused contract"
        );
        let d = deals.iter().find(|d| s(d, "deal") == deal).unwrap();
        assert!(
            s(d, "contract_error").starts_with("contract could not be read: "),
            "{deal}: {d}"
        );
    }

    // The good deal: exactly its truth.
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("conformance/truth.json")).unwrap(),
    )
    .unwrap();
    let key = |v: &Value| {
        (
            s(v, "file"),
            s(v, "sheet"),
            s(v, "code"),
            s(v, "line"),
            s(v, "column"),
            s(v, "reported"),
            s(v, "expected"),
        )
    };
    let mut want_errors: Vec<_> = truth["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| s(e, "file").starts_with(&format!("{GOOD_DEAL}/")))
        .map(key)
        .collect();
    let mut got_errors: Vec<_> = findings
        .iter()
        .filter(|f| s(f, "severity") == "error")
        .map(key)
        .collect();
    want_errors.sort();
    got_errors.sort();
    assert!(!want_errors.is_empty());
    assert_eq!(got_errors, want_errors);
    let good_statements = statements
        .iter()
        .filter(|st| s(st, "deal") == GOOD_DEAL)
        .count();
    let truth_statements = truth["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| s(st, "deal") == GOOD_DEAL)
        .count();
    assert_eq!(good_statements, truth_statements);
}

#[test]
fn unwritable_output_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    copy_dir(
        &fixtures().join("conformance").join(GOOD_DEAL),
        &dir.join(GOOD_DEAL),
    );
    // A folder under a regular file cannot be created, even by root.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, b"a file").unwrap();
    let out = blocker.join("report");
    let run = run_recoup(&[
        "check".as_ref(),
        dir.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-25".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write the report bundle") && run.stderr.contains("report"),
        "{}",
        run.stderr
    );
    // The report itself still reached standard output.
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(!json["findings"].as_array().unwrap().is_empty());
}
