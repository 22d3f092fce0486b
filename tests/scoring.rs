//! See: issue 16, item 7. Prefix and fuzzy words are scored by the words they match (BM25), not
//! with a constant: a passage that says the word five times ranks above one that says it once.

use super::util::Corpus;

#[test]
fn prefix_and_fuzzy_words_rank_by_how_often_passages_use_their_words() {
    let c = Corpus::new();
    let fm = "year = 2024\nprocess = \"poa\"";
    // The same length, so that only the counts differ.
    c.doc(
        "a-once.md",
        fm,
        "Cyberhygiene was raised once among many other matters of the day here.",
    );
    c.doc(
        "b-often.md",
        fm,
        "Cyberhygiene, cyberhygiene, cyberhygiene: cyberhygiene and cyberhygiene again, they said.",
    );
    c.doc("c-other.md", fm, "Nothing of the sort was raised by anyone on that day at all.");
    c.build();
    for query in ["cyberhyg*", "cyberhygeine~1"] {
        let r = super::search_json(&c, &[query]);
        assert_eq!(r.total_hits, 2, "{query}");
        assert_eq!(r.hits[0].doc_id, "b-often", "{query}");
        assert!(r.hits[0].score > r.hits[1].score, "{query}: scores are not constant");
    }
    // What matches is unchanged: the prefix's words, not other forms of their stems.
    c.doc("d-stem.md", fm, "Runs and runners; running is what runners do.");
    c.doc("e-stem.md", fm, "He runs daily.");
    c.build();
    let r = super::search_json(&c, &["runn*"]);
    let ids: Vec<&str> = r.hits.iter().map(|h| h.doc_id.as_str()).collect();
    assert_eq!(ids, ["d-stem"], "runs alone does not match runn*");
    // Excluded prefixes still exclude.
    let r = super::search_json(&c, &["raised -cyberhyg*"]);
    let ids: Vec<&str> = r.hits.iter().map(|h| h.doc_id.as_str()).collect();
    assert_eq!(ids, ["c-other"]);
}
