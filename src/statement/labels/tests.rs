use super::*;

#[test]
fn remembered_classifications_are_the_computed_ones() {
    let labels = [
        "Theatrical - Domestic",
        "Less Distribution Fees",
        "Total",
        "Net After Fees",
        "Interest",
        "Participant's Share",
        "Something Unknown",
        "",
    ];
    let mut sections: Vec<Option<Section>> = Section::ALL.into_iter().map(Some).collect();
    sections.push(None);
    // Twice: the second pass answers from the memo.
    for _ in 0..2 {
        for l in labels {
            assert_eq!(section_named(l), section_named_uncached(l), "{l}");
            for s in &sections {
                assert_eq!(
                    classify(*s, l, None),
                    classify_uncached(*s, l, None),
                    "{l} {s:?}"
                );
            }
        }
    }
}

fn item(section: Section, label: &str) -> String {
    let (base, _) = split_rate(label);
    match classify(Some(section), base, None) {
        Meaning::Item(c) => c,
        other => format!("{other:?}"),
    }
}

#[test]
fn rates_are_split_off() {
    assert_eq!(
        split_rate("Theatrical - Domestic (30%)"),
        ("Theatrical - Domestic", Some(Decimal::new(3, 1)))
    );
    assert_eq!(
        split_rate("Overhead @15%"),
        ("Overhead", Some(Decimal::new(15, 2)))
    );
    assert_eq!(
        split_rate("Overhead @ 12.5%"),
        ("Overhead", Some(Decimal::new(125, 3)))
    );
    assert_eq!(
        split_rate("Net Profits (Deficit)"),
        ("Net Profits (Deficit)", None)
    );
    assert_eq!(split_rate("Soundtrack"), ("Soundtrack", None));
    assert_eq!(split_rate("(30%)"), ("(30%)", None));
}

#[test]
fn media_and_kinds() {
    use Section::*;
    assert_eq!(
        item(GrossReceipts, "Domestic Theatrical"),
        "gr.theatrical_domestic"
    );
    assert_eq!(
        item(GrossReceipts, "INTERNATIONAL THEATRICAL"),
        "gr.theatrical_foreign"
    );
    assert_eq!(
        item(GrossReceipts, "Home Entertainment - Domestic"),
        "gr.home_video_domestic"
    );
    assert_eq!(item(GrossReceipts, "EST"), "gr.tvod");
    assert_eq!(item(GrossReceipts, "Less Returns"), "gr.adjustment");
    assert_eq!(
        item(DistributionFees, "Theatrical - Domestic (30%)"),
        "fee.theatrical_domestic"
    );
    assert_eq!(item(DistributionFees, "Pay TV (25%)"), "fee.pay_tv");
    assert_eq!(
        item(DistributionExpenses, "Checking & Collection"),
        "exp.checking_collection"
    );
    assert_eq!(
        item(DistributionExpenses, "Dubbing Subtitling"),
        "exp.dubbing_subtitling"
    );
    assert_eq!(
        item(DistributionExpenses, "Dubbing and Subtitling"),
        "exp.dubbing_subtitling"
    );
    assert_eq!(
        item(DistributionExpenses, "P&A Advertising"),
        "exp.advertising"
    );
    assert_eq!(item(DistributionExpenses, "MPA Dues"), "exp.trade_dues");
    assert_eq!(item(DistributionExpenses, "Reuse Fees"), "exp.residuals");
    assert_eq!(item(NegativeCost, "Overhead @15%"), "nc.overhead");
    assert_eq!(item(NegativeCost, "Interest"), "int.total");
    assert_eq!(item(NegativeCost, "Gross Participations"), "gp.total");
    assert_eq!(item(NetProfits, "Net Profits (Deficit)"), "np.total");
    assert_eq!(item(Participant, "LESS PREVIOUSLY PAID"), "pay.prior");
    assert_eq!(item(Participant, "Balance Due"), "pay.due");
    assert_eq!(
        item(Memo, "Box Office - Domestic"),
        "memo.box_office_domestic"
    );
}

#[test]
fn totals_balances_and_unmapped() {
    use Section::*;
    let c = |s, l| classify(Some(s), l, None);
    assert_eq!(
        c(GrossReceipts, "Total Gross Receipts"),
        Meaning::Total(GrossReceipts)
    );
    assert_eq!(
        c(GrossReceipts, "Total Film Rental"),
        Meaning::Total(GrossReceipts)
    );
    assert_eq!(
        c(GrossReceipts, "Less Distribution Fees"),
        Meaning::Total(DistributionFees)
    );
    assert_eq!(
        c(DistributionFees, "Distribution Fees"),
        Meaning::Total(DistributionFees)
    );
    assert_eq!(c(Interest, "Interest"), Meaning::Total(Interest));
    assert_eq!(
        c(DistributionFees, "Net After Distribution Fees"),
        Meaning::Balance
    );
    assert_eq!(
        c(
            DistributionExpenses,
            "Net Receipts After Distribution Fees and Costs"
        ),
        Meaning::Balance
    );
    assert_eq!(
        c(DistributionExpenses, "Studio Facilities Charge"),
        Meaning::Unmapped
    );
    assert_eq!(
        c(Participant, "Balance Due"),
        Meaning::Item("pay.due".into())
    );
}

#[test]
fn contract_aliases_win() {
    let mut extra = HashMap::new();
    extra.insert(
        key("Dom. Theatrical Rentals"),
        "gr.theatrical_domestic".to_string(),
    );
    assert_eq!(
        classify(
            Some(Section::GrossReceipts),
            "Dom. Theatrical Rentals",
            Some(&extra)
        ),
        Meaning::Item("gr.theatrical_domestic".into())
    );
    assert!(is_known_code("gr.theatrical_domestic"));
    assert!(is_known_code("memo.box_office_domestic"));
    assert!(!is_known_code("gr.nonsense"));
}

/// The words as they were computed before `Words` (one `String` per word).
fn words_reference(label: &str) -> Vec<String> {
    label
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w != "and")
        .collect()
}

#[test]
fn words_match_the_reference() {
    for label in [
        "Checking & Collection",
        "P&A Advertising",
        "Less: Previously Paid",
        "Total  Gross Receipts",
        "AND and And &",
        "Théâtre — Étranger (30%)",
        "ΣΟΦΟΣ Σ",
        "",
        "  ",
        "Net Receipts After Distribution Fees and Costs",
    ] {
        assert_eq!(words(label), words_reference(label), "{label:?}");
        assert_eq!(key(label), words_reference(label).concat(), "{label:?}");
    }
}

proptest::proptest! {
    #[test]
    fn words_match_the_reference_for_any_text(label in "\\PC{0,40}") {
        proptest::prop_assert_eq!(words(&label), words_reference(&label));
        proptest::prop_assert_eq!(key(&label), words_reference(&label).concat());
    }
}

/// Every alias SPEC §2 lists: its section, the label and the code it reads as.
const SPEC_ALIASES: &[(Section, &str, &str)] = {
    use Section::*;
    &[
        (
            GrossReceipts,
            "Theatrical - Domestic",
            "gr.theatrical_domestic",
        ),
        (
            GrossReceipts,
            "Domestic Theatrical",
            "gr.theatrical_domestic",
        ),
        (
            GrossReceipts,
            "Theatrical - Foreign",
            "gr.theatrical_foreign",
        ),
        (GrossReceipts, "Foreign Theatrical", "gr.theatrical_foreign"),
        (
            GrossReceipts,
            "International Theatrical",
            "gr.theatrical_foreign",
        ),
        (
            GrossReceipts,
            "Home Video - Domestic",
            "gr.home_video_domestic",
        ),
        (
            GrossReceipts,
            "Home Entertainment - Domestic",
            "gr.home_video_domestic",
        ),
        (
            GrossReceipts,
            "Home Video - Foreign",
            "gr.home_video_foreign",
        ),
        (GrossReceipts, "Home Video", "gr.home_video"),
        (GrossReceipts, "Home Entertainment", "gr.home_video"),
        (GrossReceipts, "Pay Television", "gr.pay_tv"),
        (GrossReceipts, "Pay TV", "gr.pay_tv"),
        (GrossReceipts, "Free Television", "gr.free_tv"),
        (GrossReceipts, "Network Television", "gr.free_tv"),
        (GrossReceipts, "Syndication", "gr.free_tv"),
        (GrossReceipts, "SVOD", "gr.svod"),
        (GrossReceipts, "Subscription Video on Demand", "gr.svod"),
        (GrossReceipts, "Streaming", "gr.svod"),
        (GrossReceipts, "AVOD", "gr.avod"),
        (GrossReceipts, "TVOD", "gr.tvod"),
        (GrossReceipts, "EST", "gr.tvod"),
        (GrossReceipts, "Transactional VOD", "gr.tvod"),
        (GrossReceipts, "Non-Theatrical", "gr.non_theatrical"),
        (GrossReceipts, "Merchandising", "gr.merchandising"),
        (GrossReceipts, "Soundtrack", "gr.soundtrack"),
        (GrossReceipts, "Other", "gr.other"),
        (GrossReceipts, "Other Sources", "gr.other"),
        (GrossReceipts, "Miscellaneous", "gr.other"),
        (GrossReceipts, "Less Returns", "gr.adjustment"),
        (DistributionFees, "Syndication (30%)", "fee.free_tv"),
        (
            DistributionExpenses,
            "Advertising & Publicity",
            "exp.advertising",
        ),
        (DistributionExpenses, "P&A Advertising", "exp.advertising"),
        (
            DistributionExpenses,
            "Advertising Overhead",
            "exp.advertising_overhead",
        ),
        (DistributionExpenses, "Prints", "exp.prints"),
        (
            DistributionExpenses,
            "Prints & Digital Delivery",
            "exp.prints",
        ),
        (DistributionExpenses, "Residuals", "exp.residuals"),
        (DistributionExpenses, "Reuse Fees", "exp.residuals"),
        (DistributionExpenses, "Taxes", "exp.taxes"),
        (DistributionExpenses, "Remittance Taxes", "exp.taxes"),
        (
            DistributionExpenses,
            "Trade Association Dues",
            "exp.trade_dues",
        ),
        (DistributionExpenses, "MPA Dues", "exp.trade_dues"),
        (DistributionExpenses, "Trade Dues", "exp.trade_dues"),
        (
            DistributionExpenses,
            "Checking & Collection",
            "exp.checking_collection",
        ),
        (
            DistributionExpenses,
            "Dubbing & Subtitling",
            "exp.dubbing_subtitling",
        ),
        (DistributionExpenses, "Freight & Shipping", "exp.freight"),
        (DistributionExpenses, "Insurance", "exp.insurance"),
        (
            DistributionExpenses,
            "Currency Conversion",
            "exp.conversion",
        ),
        (DistributionExpenses, "Travel & Entertainment", "exp.travel"),
        (DistributionExpenses, "Other", "exp.other"),
        (DistributionExpenses, "Other Itemized Costs", "exp.other"),
        (
            DistributionExpenses,
            "Other Distribution Costs",
            "exp.other",
        ),
        (NegativeCost, "Direct Cost", "nc.direct"),
        (NegativeCost, "Direct Costs", "nc.direct"),
        (NegativeCost, "Direct Production Cost", "nc.direct"),
        (NegativeCost, "Production Overhead", "nc.overhead"),
        (NegativeCost, "Deferments", "def.total"),
        (NetProfits, "Net Profits (Loss)", "np.total"),
        (NetProfits, "Net Proceeds", "np.total"),
        (NetProfits, "Participation Base", "np.total"),
        (NetProfits, "Adjusted Gross Receipts", "np.total"),
        (Participant, "Participant Share", "share.earned"),
        (Participant, "Bonuses", "pay.bonus"),
        (Participant, "Prior Payments", "pay.prior"),
        (Participant, "Amount Due", "pay.due"),
        (Participant, "Payable", "pay.due"),
        (
            Memo,
            "Home Video Wholesale - Domestic",
            "memo.hv_wholesale_domestic",
        ),
        (
            Memo,
            "Home Video Wholesale - Foreign",
            "memo.hv_wholesale_foreign",
        ),
        (Memo, "Box Office - Worldwide", "memo.box_office_worldwide"),
    ]
};

/// Every alias SPEC §2 lists reads as its code, in its section.
#[test]
fn every_spec_alias() {
    for (section, label, code) in SPEC_ALIASES {
        assert_eq!(item(*section, label), *code, "{label} in {section:?}");
    }
}

/// The television media, the reserve and the breakeven lines (issue 11).
#[test]
fn television_reserve_and_breakeven_aliases() {
    use Section::*;
    let tv: &[(Section, &str, &str)] = &[
        (GrossReceipts, "Domestic Syndication", "gr.free_tv"),
        (GrossReceipts, "Off-Network Syndication", "gr.free_tv"),
        (GrossReceipts, "License Fees", "gr.tv_license"),
        (GrossReceipts, "Network License Fees", "gr.tv_license"),
        (GrossReceipts, "ORIGINAL LICENSE FEES", "gr.tv_license"),
        (GrossReceipts, "Platform License Fees", "gr.tv_license"),
        (GrossReceipts, "International Television", "gr.tv_foreign"),
        (GrossReceipts, "Foreign Television", "gr.tv_foreign"),
        (GrossReceipts, "Television - Foreign", "gr.tv_foreign"),
        (GrossReceipts, "International TV", "gr.tv_foreign"),
        (GrossReceipts, "Basic Cable", "gr.basic_cable"),
        (GrossReceipts, "Cable Television", "gr.basic_cable"),
        (GrossReceipts, "FAST", "gr.avod"),
        (GrossReceipts, "Electronic Sell-Through", "gr.tvod"),
        (GrossReceipts, "Network License Fee", "gr.tv_license"),
        (
            GrossReceipts,
            "International Television Sales",
            "gr.tv_foreign",
        ),
        (
            DistributionFees,
            "Platform License Fees (15%)",
            "fee.tv_license",
        ),
        (DistributionFees, "License Fees (5.6%)", "fee.tv_license"),
        (
            DistributionFees,
            "Television - Foreign (40%)",
            "fee.tv_foreign",
        ),
        (DistributionFees, "BASIC CABLE (30%)", "fee.basic_cable"),
        (DistributionFees, "FAST (30%)", "fee.avod"),
        (
            DistributionFees,
            "Off-Network Syndication (35%)",
            "fee.free_tv",
        ),
        (NegativeCost, "Production Cost", "nc.direct"),
        (NegativeCost, "PRODUCTION COSTS", "nc.direct"),
        (GrossReceipts, "Reserves", "gr.reserve"),
        (GrossReceipts, "Less Reserve for Returns", "gr.reserve"),
        (GrossReceipts, "Bad Debt Reserve", "gr.reserve"),
        (GrossReceipts, "Less: Bad Debt Reserves", "gr.reserve"),
        (GrossReceipts, "Less Returns", "gr.adjustment"),
        (NetProfits, "MAGR", "np.total"),
        (NetProfits, "Modified Adjusted Gross Receipts", "np.total"),
        (
            NetProfits,
            "Gross Receipts in Excess of Breakeven",
            "np.total",
        ),
        (NetProfits, "GROSS AFTER BREAKEVEN", "np.total"),
        (
            GrossReceipts,
            "Gross Receipts in Excess of Breakeven",
            "np.total",
        ),
        (Memo, "Breakeven", "memo.breakeven"),
        (Memo, "Breakeven Point", "memo.breakeven"),
        (Memo, "Cash Breakeven", "memo.breakeven"),
        (Memo, "Breakeven Gross Receipts", "memo.breakeven"),
        (NetProfits, "Less: Breakeven", "memo.breakeven"),
    ];
    for (section, label, code) in tv {
        assert_eq!(item(*section, label), *code, "{label} in {section:?}");
    }
}

/// Section names, and an alias of the base before the Total, Less and Net rules.
#[test]
fn section_names_and_the_base_alias() {
    use Section::*;
    assert_eq!(section_named("MAGR"), Some(NetProfits));
    assert_eq!(
        section_named("MODIFIED ADJUSTED GROSS RECEIPTS"),
        Some(NetProfits)
    );
    // An alias of the participation base wins over the Total, Less and Net rules.
    assert_eq!(
        classify(Some(NetProfits), "Net Profits", None),
        Meaning::Item("np.total".into())
    );
    assert_eq!(
        classify(Some(GrossReceipts), "Total Gross Receipts", None),
        Meaning::Total(GrossReceipts)
    );
    for code in [
        "gr.tv_license",
        "fee.tv_foreign",
        "gr.basic_cable",
        "gr.reserve",
        "memo.breakeven",
    ] {
        assert!(is_known_code(code), "{code}");
    }
    let sections: &[(&str, Section)] = &[
        ("GROSS RECEIPTS", GrossReceipts),
        ("Film Rental", GrossReceipts),
        ("Receipts", GrossReceipts),
        ("Fees", DistributionFees),
        ("Distribution Costs", DistributionExpenses),
        ("Expenses", DistributionExpenses),
        ("Cost of Production", NegativeCost),
        ("Net Proceeds", NetProfits),
        ("Participation Base", NetProfits),
        ("Participation", Participant),
        ("Payments", Participant),
        ("MEMO", Memo),
    ];
    for (name, section) in sections {
        assert_eq!(section_named(name), Some(*section), "{name}");
    }
}

#[test]
fn outline_numbers_are_not_part_of_a_label() {
    assert_eq!(
        section_named("I. GROSS RECEIPTS"),
        Some(Section::GrossReceipts)
    );
    assert_eq!(
        section_named("IV) Negative Cost"),
        Some(Section::NegativeCost)
    );
    assert_eq!(
        item(Section::DistributionExpenses, "(b) Prints"),
        "exp.prints"
    );
    assert_eq!(
        item(Section::GrossReceipts, "1. Domestic Theatrical"),
        "gr.theatrical_domestic"
    );
    // Not an enumerator: a medium that starts with a letter and a dot stays whole.
    assert_eq!(key("U.S. Theatrical"), "ustheatrical");
    assert_eq!(key("A. Film Rental"), "filmrental");
}
