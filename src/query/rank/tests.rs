//! Unit tests of rankings, trends and contrasts on a planted corpus in RAM: every count, share
//! and flag is worked out by hand in the comments.

use super::*;
use crate::index::fixture::{document, in_ram};
use crate::query::YearRange;

/// Four documents, eleven passages: `ransomware` in two of the USA's five passages (one of its
/// two documents), one of France's six, Switzerland's only one; nobody wrote in 2022.
fn corpus(taxonomy: &Taxonomy) -> IndexHandle {
    in_ram(
        taxonomy,
        &[
            document(
                "us/1",
                2021,
                &["USA"],
                &["ransomware attacks on hospitals", "capacity building", "ransomware again"],
            ),
            document("us/2", 2023, &["USA"], &["nothing relevant here", "capacity building"]),
            document(
                "fr/1",
                2021,
                &["FRA"],
                &["ransomware is a threat", "one", "two", "three", "four", "five"],
            ),
            document("ch/1", 2023, &["CHE"], &["ransomware talk"]),
        ],
    )
}

fn request(query: &str, by: FacetField) -> RankRequest {
    RankRequest {
        query: query.into(),
        vs: None,
        by,
        filters: Filters::default(),
        min_passages: 1,
        sort: None,
        limit: None,
        snippet_words: 10,
    }
}

fn rank_rows(results: &RankResults) -> &[RankRow] {
    match &results.rows {
        Rows::Rank(rows) => rows,
        Rows::Contrast(_) => panic!("a plain ranking"),
    }
}

/// (group, passages, documents, total passages, total documents, share, doc share, low support).
type Numbers = (String, u64, u64, u64, u64, f64, f64, bool);

fn numbers(rows: &[RankRow]) -> Vec<Numbers> {
    rows.iter()
        .map(|r| {
            let (share, doc_share) = (r.share, r.doc_share);
            (
                r.group.clone(),
                r.passages,
                r.documents,
                r.total_passages,
                r.total_documents,
                share,
                doc_share,
                r.low_support,
            )
        })
        .collect()
}

#[test]
fn states_rank_by_share_with_document_shares_and_low_support() {
    let taxonomy = Taxonomy::load(None).unwrap();
    let handle = corpus(&taxonomy);
    let results = rank(&handle, &taxonomy, &request("ransomware", FacetField::State)).unwrap();
    assert_eq!(results.total_hits, 4);
    assert_eq!(results.groups, 3);
    let rows = rank_rows(&results);
    assert_eq!(
        numbers(rows),
        [
            // 1 of 1 passage: a share of 1 that says little.
            ("Switzerland".into(), 1, 1, 1, 1, 1.0, 1.0, true),
            // 2 of 5 passages, 1 of 2 documents.
            ("United States of America".into(), 2, 1, 5, 2, 0.4, 0.5, false),
            // 1 of 6 passages, but its only document.
            ("France".into(), 1, 1, 6, 1, 1.0 / 6.0, 1.0, false),
        ]
    );
    let usa = &rows[1];
    assert_eq!((usa.first_year, usa.last_year), (Some(2021), Some(2021)));
    assert!((usa.rate_per_1000 - 400.0).abs() < 1e-9);
    let best = usa.best.as_ref().expect("a matching row has a best passage");
    assert_eq!(best.doc_id, "us/1");
    assert!(best.snippet.contains("ransomware"), "{}", best.snippet);

    let mut by_doc_share = request("ransomware", FacetField::State);
    by_doc_share.sort = Some(RankSort::DocShare);
    let results = rank(&handle, &taxonomy, &by_doc_share).unwrap();
    let groups: Vec<&str> = rank_rows(&results).iter().map(|r| r.group.as_str()).collect();
    // Equal document shares fall back on matching documents, then on the name.
    assert_eq!(groups, ["France", "Switzerland", "United States of America"]);
}

#[test]
fn min_passages_omits_small_groups_by_name() {
    let taxonomy = Taxonomy::load(None).unwrap();
    let handle = corpus(&taxonomy);
    let mut req = request("ransomware", FacetField::State);
    req.min_passages = 2;
    let results = rank(&handle, &taxonomy, &req).unwrap();
    assert_eq!(results.groups, 2);
    assert_eq!(results.omitted, ["Switzerland"]);
    assert_eq!(results.omitted_groups, 1);
    req.limit = Some(1);
    let results = rank(&handle, &taxonomy, &req).unwrap();
    assert_eq!(rank_rows(&results).len(), 1);
    assert_eq!(results.groups, 2, "groups counts the rows before --limit");
}

#[test]
fn a_trend_has_every_year_in_time_order_with_zeros() {
    let taxonomy = Taxonomy::load(None).unwrap();
    let handle = corpus(&taxonomy);
    let results = rank(&handle, &taxonomy, &request("ransomware", FacetField::Year)).unwrap();
    let rows = rank_rows(&results);
    assert_eq!(
        numbers(rows),
        [
            // us/1 (2 of 3) and fr/1 (1 of 6).
            ("2021".into(), 3, 2, 9, 2, 3.0 / 9.0, 1.0, false),
            // Nobody wrote: a row of zeros, not a gap.
            ("2022".into(), 0, 0, 0, 0, 0.0, 0.0, true),
            // us/2 (0 of 2) and ch/1 (1 of 1).
            ("2023".into(), 1, 1, 3, 2, 1.0 / 3.0, 0.5, true),
        ]
    );
    assert!(rows[1].best.is_none());
    assert_eq!(results.groups, 2, "the year without matches is shown, not counted");
    assert!(!results.is_empty());

    let mut req = request("ransomware", FacetField::Year);
    req.filters.years = vec![YearRange { from: Some(2022), to: None }];
    let results = rank(&handle, &taxonomy, &req).unwrap();
    let years: Vec<&str> = rank_rows(&results).iter().map(|r| r.group.as_str()).collect();
    assert_eq!(years, ["2022", "2023"], "from the filter's first year to the index's last");
}

#[test]
fn a_contrast_leans_towards_the_query_a_group_uses_more() {
    let taxonomy = Taxonomy::load(None).unwrap();
    let handle = corpus(&taxonomy);
    let mut req = request("ransomware", FacetField::State);
    req.vs = Some("capacity".into());
    let results = rank(&handle, &taxonomy, &req).unwrap();
    let Rows::Contrast(rows) = &results.rows else { panic!("a contrast") };
    let usa = rows.iter().find(|r| r.group == "United States of America").unwrap();
    // Ransomware in 2 of 5 passages, capacity in 2 of 5: no lean.
    assert_eq!((usa.passages_a, usa.passages_b, usa.documents_a, usa.documents_b), (2, 2, 1, 2));
    assert_eq!((usa.doc_share_a, usa.doc_share_b), (0.5, 1.0));
    assert_eq!(usa.lean, Some(0.0));
    let france = rows.iter().find(|r| r.group == "France").unwrap();
    assert_eq!((france.passages_a, france.passages_b, france.lean), (1, 0, Some(1.0)));
    assert!(france.best_a.is_some() && france.best_b.is_none());
    // Leaning towards A first: France and Switzerland (1.0, one passage each, by name), then
    // the USA.
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["France", "Switzerland", "United States of America"]);
}
