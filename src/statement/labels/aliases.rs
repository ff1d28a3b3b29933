//! The alias tables: the labels each line code and section is printed
//! under (SPEC §2, "Sections and line codes"), as data. `labels` keys them
//! and matches printed labels against them.

use crate::statement::Section;

pub(super) const MEDIA: &[(&str, &[&str])] = &[
    (
        "theatrical_domestic",
        &["Theatrical - Domestic", "Domestic Theatrical"],
    ),
    (
        "theatrical_foreign",
        &[
            "Theatrical - Foreign",
            "Foreign Theatrical",
            "International Theatrical",
            "Theatrical - International",
        ],
    ),
    (
        "home_video_domestic",
        &[
            "Home Video - Domestic",
            "Home Entertainment - Domestic",
            "Domestic Home Video",
        ],
    ),
    (
        "home_video_foreign",
        &[
            "Home Video - Foreign",
            "Home Entertainment - Foreign",
            "Foreign Home Video",
        ],
    ),
    ("home_video", &["Home Video", "Home Entertainment"]),
    ("pay_tv", &["Pay Television", "Pay TV"]),
    (
        "free_tv",
        &[
            "Free Television",
            "Network Television",
            "Syndication",
            "Free TV",
            "Domestic Syndication",
            "Off-Network Syndication",
        ],
    ),
    (
        "tv_license",
        &[
            "License Fees",
            "Network License Fees",
            "Original License Fees",
            "Platform License Fees",
            "License Fee",
            "Network License Fee",
            "Series License Fees",
        ],
    ),
    (
        "tv_foreign",
        &[
            "International Television",
            "Foreign Television",
            "Television - Foreign",
            "International TV",
            "Foreign TV",
            "Television - International",
            "International Television Sales",
            "Foreign Television Sales",
        ],
    ),
    (
        "basic_cable",
        &[
            "Basic Cable",
            "Cable Television",
            "Cable TV",
            "Basic Cable Television",
        ],
    ),
    (
        "svod",
        &["SVOD", "Subscription Video on Demand", "Streaming"],
    ),
    (
        "avod",
        &[
            "AVOD",
            "FAST",
            "Advertising Video on Demand",
            "FAST Channels",
        ],
    ),
    (
        "tvod",
        &[
            "TVOD",
            "EST",
            "Transactional VOD",
            "Transactional Video on Demand",
            "Electronic Sell-Through",
        ],
    ),
    ("non_theatrical", &["Non-Theatrical"]),
    ("merchandising", &["Merchandising"]),
    ("soundtrack", &["Soundtrack"]),
    ("other", &["Other", "Other Sources", "Miscellaneous"]),
];

pub(super) const EXPENSES: &[(&str, &[&str])] = &[
    (
        "advertising",
        &["Advertising & Publicity", "P&A Advertising", "Advertising"],
    ),
    ("advertising_overhead", &["Advertising Overhead"]),
    ("prints", &["Prints", "Prints & Digital Delivery"]),
    ("residuals", &["Residuals", "Reuse Fees"]),
    ("taxes", &["Taxes", "Remittance Taxes"]),
    ("trade_dues", &["Trade Association Dues", "MPA Dues"]),
    ("checking_collection", &["Checking & Collection"]),
    ("dubbing_subtitling", &["Dubbing & Subtitling"]),
    ("freight", &["Freight & Shipping"]),
    ("insurance", &["Insurance"]),
    ("conversion", &["Currency Conversion"]),
    ("travel", &["Travel & Entertainment"]),
    (
        "other",
        &["Other", "Other Itemized Costs", "Other Distribution Costs"],
    ),
];

pub(super) const NEGATIVE_COST: &[(&str, &[&str])] = &[
    (
        "nc.direct",
        &[
            "Direct Cost",
            "Direct Costs",
            "Direct Production Cost",
            "Production Cost",
            "Production Costs",
        ],
    ),
    ("nc.overhead", &["Overhead", "Production Overhead"]),
];

pub(super) const NET_PROFITS: &[&str] = &[
    "Net Profits (Deficit)",
    "Net Profits",
    "Net Profits (Loss)",
    "Net Proceeds",
    "Participation Base",
    "Adjusted Gross Receipts",
    "Modified Adjusted Gross Receipts",
    "MAGR",
    "Gross Receipts in Excess of Breakeven",
    "Gross After Breakeven",
];

pub(super) const PARTICIPANT: &[(&str, &[&str])] = &[
    (
        "share.earned",
        &["Participant Share", "Participant's Share"],
    ),
    ("pay.bonus", &["Bonuses", "Bonus"]),
    ("pay.prior", &["Previously Paid", "Prior Payments"]),
    ("pay.due", &["Amount Due", "Balance Due", "Payable"]),
];

pub(super) const MEMO: &[(&str, &[&str])] = &[
    (
        "memo.hv_wholesale_domestic",
        &["Home Video Wholesale - Domestic"],
    ),
    (
        "memo.hv_wholesale_foreign",
        &["Home Video Wholesale - Foreign"],
    ),
    ("memo.box_office_domestic", &["Box Office - Domestic"]),
    ("memo.box_office_worldwide", &["Box Office - Worldwide"]),
    (
        "memo.breakeven",
        &[
            "Breakeven",
            "Breakeven Point",
            "Cash Breakeven",
            "Breakeven Gross Receipts",
        ],
    ),
];

pub(super) const SECTIONS: &[(Section, &[&str])] = &[
    (
        Section::GrossReceipts,
        &["Gross Receipts", "Film Rental", "Film Rentals", "Receipts"],
    ),
    (
        Section::DistributionFees,
        &["Distribution Fees", "Distribution Fee", "Fees"],
    ),
    (
        Section::DistributionExpenses,
        &[
            "Distribution Expenses",
            "Distribution Expense",
            "Expenses",
            "Distribution Costs",
        ],
    ),
    (
        Section::NegativeCost,
        &["Negative Cost", "Negative Costs", "Cost of Production"],
    ),
    (Section::Interest, &["Interest"]),
    (
        Section::GrossParticipations,
        &["Gross Participations", "Gross Participation"],
    ),
    (Section::Deferments, &["Deferments", "Deferment"]),
    (
        Section::NetProfits,
        &[
            "Net Profits",
            "Net Proceeds",
            "Participation Base",
            "MAGR",
            "Modified Adjusted Gross Receipts",
        ],
    ),
    (
        Section::Participant,
        &["Participant", "Participation", "Payments"],
    ),
    (Section::Memo, &["Memo"]),
];
