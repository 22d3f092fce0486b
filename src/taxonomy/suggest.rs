//! "Did you mean": looking a name up among the folded keys of a vocabulary, and the closest
//! canonical names when it is not there.

use std::collections::HashMap;

use super::fold_key;

pub(super) fn lookup<'a, T>(
    keys: &HashMap<String, usize>,
    name: &str,
    items: &'a [T],
    canonical: impl Fn(&T) -> String,
) -> Result<&'a T, Vec<String>> {
    let folded = fold_key(name);
    if let Some(&i) = keys.get(&folded) {
        return Ok(&items[i]);
    }
    let labelled: Vec<(&str, String)> =
        keys.iter().map(|(k, &i)| (k.as_str(), canonical(&items[i]))).collect();
    Err(closest(&folded, labelled.iter().map(|(k, c)| (*k, c.as_str()))))
}

/// Up to three canonical names whose keys are closest to `input`, best first.
pub(super) fn closest<'a>(
    input: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    ranked(input, keys, 0.8, 3)
}

/// The `n` canonical names whose keys are nearest to `input`, however far.
pub(super) fn nearest<'a>(
    input: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
    n: usize,
) -> Vec<String> {
    ranked(input, keys, f64::MIN, n)
}

/// Up to `n` distinct canonical names whose keys score at least `threshold` against `input`
/// (Jaro-Winkler, a bonus for a key that starts with it), best first.
fn ranked<'a>(
    input: &str,
    keys: impl Iterator<Item = (&'a str, &'a str)>,
    threshold: f64,
    n: usize,
) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = keys
        .map(|(key, canonical)| {
            let mut score = strsim::jaro_winkler(input, key);
            if key.starts_with(input) && input.len() >= 2 {
                score += 0.1;
            }
            (score, canonical)
        })
        .filter(|(score, _)| *score >= threshold)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, canonical) in scored {
        if !out.iter().any(|c| c == canonical) {
            out.push(canonical.to_string());
        }
        if out.len() == n {
            break;
        }
    }
    out
}
