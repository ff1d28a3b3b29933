//! parse_date on any text and date_from_serial on any f64: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use recoup::money;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(d) = money::parse_date(text) {
            // What was read prints as ISO and reads back the same.
            assert_eq!(money::parse_date(&d.to_string()), Some(d));
            let _ = money::add_months(d, 36);
        }
    }
    if data.len() >= 8 {
        let v = f64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = money::date_from_serial(v, false);
        let _ = money::date_from_serial(v, true);
    }
});
