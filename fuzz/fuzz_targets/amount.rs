//! parse_amount on any text, from_f64 on any bits: never a panic, and an
//! amount that reads back prints and reads again as itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use recoup::money;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(Some(d)) = money::parse_amount(text) {
            assert!(d.abs() <= money::max_amount());
            let printed = d.to_string();
            assert_eq!(money::parse_amount(&printed), Ok(Some(d)), "{text:?}");
            let _ = money::fmt_human(d);
            let _ = money::round_cents(d);
        }
        let _ = money::parse_rate(text);
        let _ = money::parse_money(text);
    }
    if data.len() >= 8 {
        let v = f64::from_le_bytes(data[..8].try_into().unwrap());
        if let Ok(d) = money::from_f64(v) {
            assert!(d.abs() <= money::max_amount());
        }
    }
});
