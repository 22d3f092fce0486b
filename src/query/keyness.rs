//! Keyness statistics: how strongly a word sets one body of text apart from another, as corpus
//! linguists measure it (quanteda's `textstat_keyness`, AntConc's keyword lists).
//!
//! Dunning's log-likelihood G² says how sure we can be that a word's rate differs between the
//! two (it grows with the amount of text), Hardie's log ratio how large the difference is (the
//! binary log of the ratio of relative frequencies: 1 means twice as frequent). Both come from
//! four counts; nothing here reads an index.

/// A word's counts in the target and reference texts, and the sizes of both (in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences in the target (the group).
    pub target: u64,
    /// Occurrences in the reference.
    pub reference: u64,
    /// Words in the target.
    pub target_size: u64,
    /// Words in the reference.
    pub reference_size: u64,
}

/// What the statistics say of one word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Log-likelihood G² (Dunning 1993), signed: negative when the word is rarer in the target.
    pub g2: f64,
    /// Binary log of the ratio of relative frequencies (Hardie 2014); a zero count counts 0.5.
    pub log_ratio: f64,
    /// The chance of a G² this large if both texts used the word at one rate (χ², one degree of
    /// freedom).
    pub p: f64,
}

impl Counts {
    /// G², log ratio and p of these counts; `None` when either text is empty or the word occurs
    /// in neither.
    pub fn keyness(&self) -> Option<Keyness> {
        let (a, b) = (self.target as f64, self.reference as f64);
        let (c, d) = (self.target_size as f64, self.reference_size as f64);
        if c == 0.0 || d == 0.0 || a + b == 0.0 {
            return None;
        }
        let expected_a = c * (a + b) / (c + d);
        let expected_b = d * (a + b) / (c + d);
        let part = |observed: f64, expected: f64| {
            if observed == 0.0 { 0.0 } else { observed * (observed / expected).ln() }
        };
        let g2 = (2.0 * (part(a, expected_a) + part(b, expected_b))).max(0.0);
        let sign = if a / c >= b / d { 1.0 } else { -1.0 };
        let rate = |n: f64, size: f64| (if n == 0.0 { 0.5 } else { n }) / size;
        let log_ratio = (rate(a, c) / rate(b, d)).log2();
        Some(Keyness { g2: sign * g2, log_ratio, p: chi_square_1_survival(g2) })
    }
}

/// P(X ≥ x) for X ~ χ² with one degree of freedom: erfc(√(x/2)).
pub fn chi_square_1_survival(x: f64) -> f64 {
    if x <= 0.0 { 1.0 } else { erfc((x / 2.0).sqrt()) }
}

/// The complementary error function, by the Chebyshev fit of Numerical Recipes (`erfcc`):
/// relative error below 1.2e-7 everywhere, enough for a p-value.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1.0)
    }

    #[test]
    fn g2_matches_the_textbook_formula() {
        // Worked by hand: a = 10 in 1,000 words, b = 5 in 10,000 words.
        let k = Counts { target: 10, reference: 5, target_size: 1_000, reference_size: 10_000 }
            .keyness()
            .unwrap();
        let (e1, e2) = (1_000.0 * 15.0 / 11_000.0, 10_000.0 * 15.0 / 11_000.0);
        let g2 = 2.0 * (10.0 * (10.0_f64 / e1).ln() + 5.0 * (5.0_f64 / e2).ln());
        assert!(close(k.g2, g2, 1e-12), "{k:?} vs {g2}");
        assert!(close(k.log_ratio, ((10.0 / 1_000.0) / (5.0 / 10_000.0_f64)).log2(), 1e-12));
        assert!(k.p < 0.001, "{k:?}");
    }

    #[test]
    fn a_word_rarer_in_the_target_has_a_negative_g2() {
        let k = Counts { target: 1, reference: 100, target_size: 1_000, reference_size: 1_000 }
            .keyness()
            .unwrap();
        assert!(k.g2 < 0.0 && k.log_ratio < 0.0, "{k:?}");
        // Equal rates: no evidence either way.
        let k = Counts { target: 5, reference: 10, target_size: 100, reference_size: 200 }
            .keyness()
            .unwrap();
        assert!(k.g2.abs() < 1e-12 && k.log_ratio.abs() < 1e-12 && close(k.p, 1.0, 1e-6));
    }

    #[test]
    fn zero_counts_are_handled() {
        let k = Counts { target: 7, reference: 0, target_size: 500, reference_size: 5_000 }
            .keyness()
            .unwrap();
        assert!(k.g2 > 0.0 && k.log_ratio.is_finite(), "{k:?}");
        let none = Counts { target: 0, reference: 0, target_size: 5, reference_size: 5 };
        assert!(none.keyness().is_none());
        let empty = Counts { target: 1, reference: 0, target_size: 1, reference_size: 0 };
        assert!(empty.keyness().is_none());
    }

    #[test]
    fn p_values_match_known_critical_values() {
        // χ²(1) critical values: 3.841 at 0.05, 6.635 at 0.01, 10.828 at 0.001.
        for (x, p) in [(3.841_459, 0.05), (6.634_897, 0.01), (10.827_566, 0.001), (0.0, 1.0)] {
            assert!(close(chi_square_1_survival(x), p, 1e-5), "{x}: {}", chi_square_1_survival(x));
        }
    }
}
