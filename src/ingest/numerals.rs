//! Roman numerals, as UN documents number chapters, annexes and sub-paragraphs: written by the
//! DOCX reader (Word's `upperRoman`/`lowerRoman` numbering) and checked by the layout cleanup
//! (a page or heading number such as `iv`), so both use one conversion.

/// `n` in Roman numerals (1 to 3999; others in decimals).
pub(crate) fn roman(mut n: u32) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}
